// A fake Waybill backend for running the UI in a plain browser (dev server, screenshots, browser
// tests). It answers the real command names through Tauri's own IPC mock, so bindings.ts and
// api.ts run unchanged. Query string knobs: ?mock-orders=N, ?mock-error=<ErrorCode>, ?mock-demo=off,
// and the sync screens' ?mock-offline, ?mock-credentials=file (see mock/sync.ts). Stock, locations
// and orders' shipments are faked in mock/inventory.ts, partners' health and hand-offs in
// mock/partners.ts (with a partner's confirmation entered by hand), outbound webhook endpoints in
// mock/webhooks.ts.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { ErrorCode, ManualAction, OrderFilter, OrderQuery, OrdersChanged } from "./bindings";
import type { ChannelId, DryRunScope, OrderStatus, Ruleset } from "./bindings";
import type { ChannelEdit, NewChannel } from "./bindings";
import type { InventoryQuery, LocationId, NewLocation, OrderDetail, StockChange } from "./bindings";
import { CARRIERS, ORDER_TAGS } from "./mock/catalog";
import { fakeOrder, fakeOrders, rng } from "./mock/fake-orders";
import { MockInventory } from "./mock/inventory";
import { mockPartners } from "./mock/partners";
import { MockStore } from "./mock/store";
import { rulesFor } from "./mock/rules";
import { MockSync } from "./mock/sync";
import { MockWebhooks } from "./mock/webhooks";

const DEMO_EVERY_MS = 7000;

export function installMockBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const count = Math.min(50_000, Number(params.get("mock-orders")) || 600);
  const forcedError = params.get("mock-error") as ErrorCode | null;
  const demo = params.get("mock-demo") !== "off";
  const store = new MockStore(fakeOrders(count));
  const r = rng(99);
  let seq = count + 1;
  const pick = (channel_id: ChannelId, status: OrderStatus, limit: number) =>
    store
      .listOrders({
        filter: { status, channel_id, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search: null },
        sort: "placed_at",
        descending: true,
        after: null,
        limit,
      })
      .items.map((o) => ({ id: o.id, number: o.number }));
  const sync = new MockSync(pick, { offline: params.has("mock-offline"), fileCredentials: params.get("mock-credentials") === "file" });

  const webhooks = new MockWebhooks();
  const changed = (payload: OrdersChanged) => void emit("orders-changed", payload);

  // Stock arriving releases the orders held out of stock that were waiting for it.
  const inventory = new MockInventory({
    waiting: () =>
      store
        .listOrders({
          filter: { status: "on_hold", channel_id: null, location_id: null, hold_reason: "out_of_stock", tag: null, carrier: null, placed_from: null, placed_to: null, search: null },
          sort: "placed_at",
          descending: false,
          after: null,
          limit: 500,
        })
        .items.map((o) => ({ id: o.id, number: o.number, placed_at: o.placed_at })),
    release: (ids) => {
      store.apply(ids, { action: "release", note: "the missing stock arrived" }, "system");
      setTimeout(() => changed({ ids, cause: "stock" }), 10);
    },
  });
  const partners = mockPartners(inventory, store);

  /** The order with its shipments, and the routing's "allocated" entry in its timeline. */
  const withShipments = (d: OrderDetail): OrderDetail => {
    const shipments = inventory.shipmentsOf(d.order, d.timeline);
    const routed = d.timeline.findIndex((e) => e.kind.type === "routed");
    const allocated = routed >= 0 ? inventory.allocatedEvent(d.order, shipments, d.timeline[routed].at) : null;
    const timeline = allocated ? [...d.timeline.slice(0, routed + 1), allocated, ...d.timeline.slice(routed + 1)] : d.timeline;
    return { ...d, shipments, timeline };
  };
  // Answers come back after a short, varying delay, like a real IPC round trip and query.
  const later = <T,>(value: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(value());
        } catch (e) {
          reject(e);
        }
      }, 20 + Math.random() * 80),
    );

  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (forcedError) return Promise.reject({ code: forcedError, message: `simulated ${forcedError} error (mock backend)` });
      switch (cmd) {
        case "list_orders":
          return later(() => store.listOrders(a.query as OrderQuery));
        case "tab_counts":
          return later(() => store.tabCounts(a.filter as OrderFilter));
        case "order_detail":
          return later(() => withShipments(store.detail(a.id as string)));
        case "apply_action":
          return later(() => {
            const outcome = store.apply(a.ids as string[], a.action as ManualAction);
            if (outcome.applied.length > 0) setTimeout(() => changed({ ids: outcome.applied, cause: "action" }), 10);
            return outcome;
          });
        case "rerun_rules":
          return later(() => {
            const outcome = store.rerun(a.ids as string[]);
            if (outcome.applied.length > 0) setTimeout(() => changed({ ids: outcome.applied, cause: "rules" }), 10);
            return outcome;
          });
        case "reroute_orders":
          return later(() => {
            const ids = a.ids as string[];
            const avoid = new Map<string, string[]>();
            for (const { order, timeline } of store.select((o) => ids.includes(o.id) && o.hold?.reason === "partner_rejected")) {
              avoid.set(order.id, inventory.rejectedBy(order, timeline));
              inventory.rememberRejection(order, timeline);
            }
            const outcome = store.reroute(ids, (o, reason) => inventory.placeAgain(o, reason, avoid.get(o.id) ?? []));
            if (outcome.applied.length > 0) setTimeout(() => changed({ ids: outcome.applied, cause: "rerouted" }), 10);
            return outcome;
          });
        case "held_overview":
          return later(() => store.heldOverview());
        case "facets":
          return later(() => ({
            channels: sync.salesChannels(),
            locations: inventory.locations(),
            carriers: [...new Set(Object.values(CARRIERS).flatMap((cs) => cs.map((c) => c.carrier)))].sort(),
            tags: ORDER_TAGS,
          }));
        case "rules_view":
          return later(() => rulesFor(store).view());
        case "validate_ruleset":
          return later(() => rulesFor(store).validate(a.draft as Ruleset));
        case "save_ruleset":
          return later(() => rulesFor(store).save(a.draft as Ruleset, a.baseVersion as number));
        case "rule_history":
          return later(() => rulesFor(store).ruleHistory(a.limit as number));
        case "test_rules":
          return later(() => rulesFor(store).test(a.draft as Ruleset | null, a.orderId as string));
        case "dry_run":
          return later(() => rulesFor(store).dryRun(a.draft as Ruleset, a.scope as DryRunScope));
        case "workspace_info":
          return later(() => ({ database_path: "/home/ana/.local/share/waybill/workspace.db", order_count: store.count(), demo_running: demo }));
        case "channels_overview":
          return later(() => sync.overview());
        case "add_channel":
          return later(() => sync.add(a.channel as NewChannel));
        case "test_connection":
          return later(() => sync.testConnection(a.channel as NewChannel));
        case "test_channel":
          return later(() => sync.testChannel(a.id as ChannelId));
        case "channel_settings":
          return later(() => sync.settingsOf(a.id as ChannelId));
        case "update_channel":
          return later(() => sync.update(a.id as ChannelId, a.edit as ChannelEdit));
        case "test_channel_edit":
          return later(() => sync.testEdit(a.id as ChannelId, a.edit as ChannelEdit));
        case "webhooks_view":
          return later(() => webhooks.view());
        case "add_webhook_endpoint":
          return later(() => webhooks.add(a.url as string, a.events as string[]));
        case "remove_webhook_endpoint":
          return later(() => webhooks.remove(a.id as string));
        case "enable_webhook_endpoint":
          return later(() => webhooks.enable(a.id as string));
        case "disable_webhook_endpoint":
          return later(() => webhooks.disable(a.id as string));
        case "sync_channel_now":
          return later(() =>
            sync.syncNow(a.id as ChannelId, (_channel, n) => {
              const ids: string[] = [];
              for (let i = 0; i < n; i++) {
                const row = fakeOrder(r, seq++, Date.now(), "ready");
                store.add(row);
                ids.push(row.order.id);
              }
              setTimeout(() => changed({ ids, cause: "imported" }), 10);
            }),
          );
        case "set_channel_paused":
          return later(() => sync.setPaused(a.id as ChannelId, a.paused as boolean));
        case "outbox_view":
          return later(() => sync.outbox());
        case "retry_effect":
          return later(() => sync.retry(a.id as number));
        case "skip_effect":
          return later(() => sync.skip(a.id as number, a.reason as string));
        case "connectivity":
          return later(() => sync.connectivity());
        case "inventory_view":
          return later(() => inventory.view(a.query as InventoryQuery));
        case "change_stock":
          return later(() => inventory.change(a.changes as StockChange[]));
        case "import_counts":
          return later(() => inventory.importCounts(a.csv as string, (a.location as LocationId | null) ?? null));
        case "locations_view":
          return later(() => inventory.locationsView());
        case "add_location":
          return later(() => inventory.addLocation(a.location as NewLocation));
        case "set_location_capacity":
          return later(() => inventory.setCapacity(a.id as LocationId, (a.capacity as number | null) ?? null));
        case "partners_view":
          return later(() => partners.view());
        case "partner_handoffs":
          return later(() => partners.handoffs(a.location as LocationId, a.limit as number));
        case "confirm_shipment":
          return later(() => {
            const { order, carrier, tracking } = partners.confirm(a.shipment as string, a.carrier as string, a.tracking as string);
            sync.oweTracking(order, carrier, tracking);
            setTimeout(() => changed({ ids: [order.id], cause: "partners" }), 10);
            return null;
          });
        default:
          return Promise.reject({ code: "internal", message: `unknown command ${cmd}` });
      }
    },
    { shouldMockEvents: true },
  );

  // The demo storefront keeps delivering orders, as the real demo channel does.
  if (demo && !forcedError) {
    setInterval(() => {
      const row = fakeOrder(r, seq++, Date.now(), r.chance(0.2) ? "on_hold" : "ready");
      store.add(row);
      changed({ ids: [row.order.id], cause: "imported" });
    }, DEMO_EVERY_MS);
  }
}
