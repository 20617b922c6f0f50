// The fake backend's partners, for the Locations & partners screen in a plain browser: each
// partner location's health and its latest hand-offs. The shipments are the orders' own (derived
// in mock/inventory.ts, so a hand-off listed here is the one its order's detail shows): ShipRight
// 3PL (the simulated 3PL) has a hand-off it rejected, with its reason; Amazon MCF one it has not
// acknowledged for 27 h (an SLA breach) and a few failed calls in the last hour; the drop-ship
// vendor has no pick-up folder set (a setup problem), so its hand-offs wait. How talking to each
// partner went (exchanges, failures, the last error) is seeded, relative to the time of asking.
// Believable rather than exact: the real numbers come from crates/app/src/partners/health.rs.
// A partner's confirmation entered by hand (`confirm_shipment`) ships the shipment in that parcel
// and moves its order on, with the backend's refusals and wording (crates/app/src/partners/manual.rs).
import type { AdapterKind, AppError, LocationId, PartnerHealth, PartnersView, ShipmentCounts, ShipmentView } from "../bindings";
import type { MockInventory } from "./inventory";
import { PARTNER_KINDS } from "./inventory";
import type { MockStore, Row } from "./store";

const fail = (code: AppError["code"], message: string): AppError => ({ code, message });
const OPEN = new Set<ShipmentView["status"]>(["reserved", "handed_off", "accepted"]);

/** Records a parcel on the order: its timeline, and shipped (`complete`) or partially shipped. */
export type ShipOrder = (orderId: string, carrier: string, tracking: string, complete: boolean) => void;

const MIN = 60_000;
const HOUR = 60 * MIN;
/** The backend's SLA: acknowledge a hand-off within a day, ship an accepted one within three. */
export const ACKNOWLEDGE_WITHIN_MS = 24 * HOUR;
export const SHIP_WITHIN_MS = 72 * HOUR;

const ADAPTERS: readonly AdapterKind[] = ["simulated", "mcf", "threepl", "dropship_folder", "dropship_email"];

/** How the last hour of talking to a partner went, in minutes before the time of asking. */
type Talk = {
  exchanges: number;
  failures: number;
  windowStartedMin: number;
  successMin: number | null;
  syncMin: number | null;
  error: { text: string; min: number } | null;
};

const SILENT: Talk = { exchanges: 0, failures: 0, windowStartedMin: 0, successMin: null, syncMin: null, error: null };

const TALK: Record<LocationId, Talk> = {
  loc_03rtm: {
    exchanges: 24,
    failures: 1,
    windowStartedMin: 52,
    successMin: 3,
    syncMin: 3,
    error: { text: "timed out after 30 s waiting for the 3PL's order statuses", min: 38 },
  },
  loc_04mcf: {
    exchanges: 18,
    failures: 3,
    windowStartedMin: 47,
    successMin: 4,
    syncMin: 4,
    error: { text: "429 Too Many Requests: QuotaExceeded on createFulfillmentOrder; retried after 60 s", min: 6 },
  },
  // Its folder setting was removed half an hour ago: nothing was sent to it since.
  loc_05pac: { exchanges: 3, failures: 0, windowStartedMin: 58, successMin: 35, syncMin: 35, error: null },
};

/** Why no adapter can be built for a partner (the backend's wording), or null. */
function problemOf(id: LocationId, name: string, adapter: string | null): string | null {
  if (id === "loc_05pac" || adapter === "dropship_folder") return `folder: the vendor's pick-up folder is required for partner ${name}`;
  if (TALK[id]) return null;
  // Added here: the screen's form takes no secrets, so a real adapter lacks its credentials.
  if (adapter === "mcf") return `refresh_token: not in the credential store; enter partner ${name}'s refresh_token again`;
  if (adapter === "threepl") return `token: not in the credential store; enter partner ${name}'s token again`;
  if (adapter === "dropship_email") return `smtp_host: the mail server is required for partner ${name}`;
  return null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The partners over this store's orders, with one hand-off Amazon MCF (else ShipRight) has not
 * acknowledged for a day and more: the SLA breach to see.
 */
export function mockPartners(inventory: MockInventory, store: MockStore): MockPartners {
  const inFlight = store.select((o) => o.status === "handed_off" && o.location_id !== null);
  const slow = inFlight.find((r) => r.order.location_id === "loc_04mcf") ?? inFlight.find((r) => r.order.location_id === "loc_03rtm");
  if (slow) inventory.slowToAcknowledge(slow.order.id);
  return new MockPartners(
    inventory,
    (keep) => store.select(keep),
    (id, carrier, tracking, complete) => store.ship(id, carrier, tracking, complete),
  );
}

export class MockPartners {
  constructor(
    private inventory: MockInventory,
    /** The orders, as stored (read only). */
    private orders: (keep: (o: Row["order"]) => boolean) => Row[],
    private ship: ShipOrder = () => {},
  ) {}

  /**
   * `confirm_shipment`: the whole shipment shipped in one parcel with this carrier and tracking,
   * its units off the shelf, its order shipped once every live shipment is (else partially
   * shipped). Refused as the backend refuses: a field left empty (named first), a shipment that
   * does not exist or is no longer open. Returns the order, whose tracking is now owed to its channel.
   */
  confirm(shipment: string, carrier: string, tracking: string, now = Date.now()): { order: Row["order"]; carrier: string; tracking: string } {
    const c = carrier.trim();
    const t = tracking.trim();
    if (!c) throw fail("invalid_input", "carrier: name the carrier");
    if (!t) throw fail("invalid_input", "tracking: enter the tracking number");
    const [row] = this.orders((o) => shipment.startsWith(`shp_${o.id.slice(4)}_`));
    const all = row ? this.inventory.shipmentsOf(row.order, row.timeline) : [];
    const s = all.find((x) => x.id === shipment);
    if (!row || !s) throw fail("not_found", `there is no shipment ${shipment}`);
    if (!OPEN.has(s.status)) throw fail("not_allowed", `shipment ${shipment} is ${s.status.replace(/_/g, " ")}: only an open shipment can be confirmed`);
    const complete = all.every((x) => x.id === shipment || x.status === "shipped" || x.status === "cancelled" || x.status === "rejected");
    this.inventory.confirmShipped(s, c, t, now);
    this.ship(row.order.id, c, t, complete);
    return { order: row.order, carrier: c, tracking: t };
  }

  /** Every shipment at a partner, by partner. */
  private shipments(): Map<LocationId, ShipmentView[]> {
    const partners = new Set(this.inventory.partnerRows().map((p) => p.id));
    const byPartner = new Map<LocationId, ShipmentView[]>();
    const rows = this.orders(
      (o) => (o.location_id !== null && partners.has(o.location_id)) || o.hold?.reason === "partner_rejected" || this.inventory.hasRejection(o.id),
    );
    for (const { order, timeline } of rows) {
      for (const s of this.inventory.shipmentsOf(order, timeline)) {
        if (!PARTNER_KINDS.has(s.location_kind)) continue;
        byPartner.set(s.location_id, [...(byPartner.get(s.location_id) ?? []), s]);
      }
    }
    return byPartner;
  }

  /** `partners_view`: every partner location's health, by name. */
  view(now = Date.now()): PartnersView {
    const all = this.shipments();
    const ago = (min: number | null) => (min === null ? null : iso(now - min * MIN));
    const partners = this.inventory.partnerRows().map((p): PartnerHealth => {
      const shipments = all.get(p.id) ?? [];
      const counts: ShipmentCounts = { reserved: 0, handed_off: 0, accepted: 0, shipped: 0, rejected: 0, cancelled: 0 };
      for (const s of shipments) counts[s.status] += 1;
      const waiting = shipments.filter((s) => s.status === "handed_off" && s.handed_off_at !== null).map((s) => s.handed_off_at as string);
      const oldest = waiting.reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
      const unacknowledgedLate = waiting.filter((at) => Date.parse(at) < now - ACKNOWLEDGE_WITHIN_MS).length;
      const unshippedLate = shipments.filter((s) => s.status === "accepted" && s.acknowledged_at !== null && Date.parse(s.acknowledged_at) < now - SHIP_WITHIN_MS).length;
      // A partner's reserved shipments are the hand-offs still to deliver.
      const pending = counts.reserved;
      const talk = TALK[p.id] ?? SILENT;
      const adapter = ADAPTERS.find((a) => a === p.adapter) ?? null;
      return {
        id: p.id,
        name: p.name,
        kind: p.kind,
        adapter,
        active: p.active,
        problem: problemOf(p.id, p.name, p.adapter),
        backlog: counts.handed_off + counts.accepted + pending,
        pending_handoffs: pending,
        dead_handoffs: 0,
        oldest_unacknowledged_at: oldest,
        last_success_at: ago(talk.successMin),
        last_error: talk.error?.text ?? null,
        last_error_at: ago(talk.error?.min ?? null),
        last_sync_at: ago(talk.syncMin),
        error_rate: talk.exchanges === 0 ? 0 : talk.failures / talk.exchanges,
        exchanges: talk.exchanges,
        failures: talk.failures,
        window_start: talk.exchanges === 0 ? null : ago(talk.windowStartedMin),
        sla_breaches: unacknowledgedLate + unshippedLate,
        counts,
      };
    });
    return { partners: partners.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())) };
  }

  /** `partner_handoffs`: the partner's latest shipments, newest first (by when they were made). */
  handoffs(location: LocationId, limit: number): ShipmentView[] {
    if (!this.inventory.hasLocation(location)) throw { code: "not_found", message: `there is no location ${location}` } satisfies AppError;
    return (this.shipments().get(location) ?? [])
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
      .slice(0, Math.min(limit, 1000));
  }
}
