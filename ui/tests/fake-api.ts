// A stand-in for src/api.ts: every command is a vi.fn with a harmless default, and
// `emitOrdersChanged` plays the backend's live event. Test files swap it in with vi.mock.
import { vi } from "vitest";
import type { Api } from "../src/api";
import type { OrdersChanged } from "../src/bindings";
import { detail } from "./builders";

type Fns = { [K in keyof Api]: ReturnType<typeof vi.fn<Api[K]>> };

const listeners = new Set<(c: OrdersChanged) => void>();

export const fakeApi = {} as Fns;

export function resetFakeApi(): Fns {
  listeners.clear();
  fakeApi.listOrders = vi.fn<Api["listOrders"]>().mockResolvedValue({ items: [], next_cursor: null });
  fakeApi.tabCounts = vi.fn<Api["tabCounts"]>().mockResolvedValue([]);
  fakeApi.orderDetail = vi.fn<Api["orderDetail"]>().mockImplementation(async (id) => detail({ id }));
  fakeApi.applyAction = vi.fn<Api["applyAction"]>().mockImplementation(async (ids) => ({ applied: ids, refused: [] }));
  fakeApi.facets = vi.fn<Api["facets"]>().mockResolvedValue({ channels: [], locations: [], carriers: [], tags: [] });
  fakeApi.workspaceInfo = vi
    .fn<Api["workspaceInfo"]>()
    .mockResolvedValue({ database_path: "/tmp/waybill.db", order_count: 3, demo_running: true });
  // The shell asks for connectivity on every screen: online with nothing waiting unless a test says otherwise.
  fakeApi.connectivity = vi
    .fn<Api["connectivity"]>()
    .mockResolvedValue({ online: true, since: null, pending: 0, dead: 0, oldest_pending_at: null, last_error: null });
  fakeApi.channelsOverview = vi
    .fn<Api["channelsOverview"]>()
    .mockResolvedValue({ channels: [], forms: [], credentials: { backend: "keychain", notice: null } });
  fakeApi.outboxView = vi.fn<Api["outboxView"]>().mockResolvedValue({ counts: { pending: 0, done: 0, dead: 0 }, effects: [] });
  fakeApi.webhooksView = vi.fn<Api["webhooksView"]>().mockResolvedValue({ endpoints: [], event_types: [] });
  fakeApi.inventoryView = vi.fn<Api["inventoryView"]>().mockResolvedValue({
    locations: [],
    channels: [],
    rows: [],
    matching: 0,
    total_skus: 0,
    low_skus: 0,
    units_on_hand: 0,
    units_reserved: 0,
    adjustments: [],
  });
  fakeApi.changeStock = vi.fn<Api["changeStock"]>().mockResolvedValue({ changed_rows: 1, rerouted: [], shortfalls: [] });
  fakeApi.importCounts = vi.fn<Api["importCounts"]>().mockResolvedValue({ rows: 0, outcome: { changed_rows: 0, rerouted: [], shortfalls: [] }, errors: [] });
  fakeApi.locationsView = vi.fn<Api["locationsView"]>().mockResolvedValue([]);
  fakeApi.addLocation = vi.fn<Api["addLocation"]>().mockResolvedValue("loc_new");
  fakeApi.setLocationCapacity = vi.fn<Api["setLocationCapacity"]>().mockResolvedValue(null);
  fakeApi.partnersView = vi.fn<Api["partnersView"]>().mockResolvedValue({ partners: [] });
  fakeApi.partnerHandoffs = vi.fn<Api["partnerHandoffs"]>().mockResolvedValue([]);
  fakeApi.rerouteOrders = vi.fn<Api["rerouteOrders"]>().mockImplementation(async (ids) => ({ applied: ids, refused: [] }));
  fakeApi.confirmShipment = vi.fn<Api["confirmShipment"]>().mockResolvedValue(null);
  fakeApi.onOrdersChanged = vi.fn<Api["onOrdersChanged"]>().mockImplementation(async (cb) => {
    listeners.add(cb);
    return () => listeners.delete(cb);
  });
  return fakeApi;
}

export function emitOrdersChanged(change: OrdersChanged): void {
  listeners.forEach((cb) => cb(change));
}

/** The `query` of the most recent listOrders call. */
export function lastQuery() {
  const calls = fakeApi.listOrders.mock.calls;
  return calls[calls.length - 1]?.[0];
}
