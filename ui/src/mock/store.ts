// The fake backend's in-memory state and its queries: the same filter, sort, keyset-cursor and
// per-order refusal semantics the real commands promise, so the UI can be judged in a browser.
import type {
  Address,
  AppError,
  BulkOutcome,
  HoldReason,
  Ruleset,
  HeldOverview,
  ManualAction,
  Order,
  OrderDetail,
  OrderEvent,
  OrderFilter,
  OrderPage,
  OrderQuery,
  OrderStatus,
  OrderSummary,
  RulesRun,
  RunCause,
  TabCount,
} from "../bindings";
import { CHANNELS, LOCATIONS } from "./catalog";
import { heldOverview, initialFacts, RULE_STATUSES, rulesRun, runRules, seed, type MockFacts, type RunMeta } from "./holds";
import { initialRuleset } from "./ruleset";
import { REROUTABLE_HOLDS } from "../domain/labels";
import type { Placement } from "./inventory";

export type Row = { order: Order; timeline: OrderEvent[] };

const fail = (code: AppError["code"], message: string): AppError => ({ code, message });

export class MockStore {
  private rows = new Map<string, Row>();
  /** What the mock rules look at beyond the order, and each order's latest rules run. */
  private facts = new Map<string, MockFacts>();
  /** The one ruleset in force: the Rules page edits it (src/mock/rules.ts), the orders follow it. */
  ruleset: Ruleset = initialRuleset();
  private runs = new Map<string, RunMeta>();
  constructor(seed: Row[]) {
    for (const r of seed) this.add(r);
  }

  /** A new order, as if imported: the rules ran on it (see mock/holds.ts). */
  add(row: Row) {
    const o = row.order;
    const facts = initialFacts(o);
    // A bank transfer still being waited for is an unpaid order.
    if (facts.bankTransfer) o.payment_status = "pending";
    this.rows.set(o.id, row);
    this.facts.set(o.id, facts);
    const run = seed(this.ruleset, o, row.timeline, facts);
    if (run) this.runs.set(o.id, run);
  }

  /** Runs the mock rules on one order now, logging what changed in its timeline. */
  private runRules(row: Row, cause: RunCause, now = new Date()) {
    const o = row.order;
    if (!RULE_STATUSES.includes(o.status)) return;
    const at = now.toISOString();
    const facts = this.facts.get(o.id) ?? initialFacts(o);
    const run = runRules(this.ruleset, o, facts, cause, now, (actor, kind) => row.timeline.push({ order_id: o.id, at, actor, kind }));
    this.runs.set(o.id, run);
    o.updated_at = at;
  }

  /** What the rules see of an order beyond the order itself. */
  factsOf(id: string): MockFacts | undefined {
    return this.facts.get(id);
  }

  private rulesRun(row: Row): RulesRun | null {
    const meta = this.runs.get(row.order.id);
    return meta ? rulesRun(row.order, this.facts.get(row.order.id) ?? initialFacts(row.order), meta) : null;
  }

  /** Timed holds whose time has come lift themselves, and the rules run again (cause: released). */
  releaseDue(now = new Date()): string[] {
    const lifted: string[] = [];
    const at = now.toISOString();
    for (const row of this.rows.values()) {
      const o = row.order;
      if (o.status !== "on_hold" || !o.hold?.release_at || o.hold.release_at > at) continue;
      if (o.hold.placed_by.startsWith("rule:")) o.served_holds = [...(o.served_holds ?? []), o.hold.placed_by.slice("rule:".length)];
      const reason = o.hold.reason;
      o.hold = null;
      row.timeline.push({ order_id: o.id, at, actor: "system", kind: { type: "released", reason, note: "the hold's time is up" } });
      const next: OrderStatus = o.payment_status === "pending" ? "awaiting_payment" : "ready";
      row.timeline.push({ order_id: o.id, at, actor: "system", kind: { type: "status_changed", from: "on_hold", to: next } });
      o.status = next;
      this.runRules(row, "released", now);
      lifted.push(o.id);
    }
    return lifted;
  }

  heldOverview(now = new Date()): HeldOverview {
    this.releaseDue(now);
    return heldOverview([...this.rows.values()].map((r) => r.order), now);
  }

  /** `rerun_rules`: each order re-run or refused on its own, like the real command. */
  rerun(ids: string[]): BulkOutcome {
    const out: BulkOutcome = { applied: [], refused: [] };
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row) {
        out.refused.push({ id, number: "", code: "not_found", message: `order ${id} was not found` });
        continue;
      }
      const o = row.order;
      if (!RULE_STATUSES.includes(o.status)) {
        out.refused.push({
          id,
          number: o.number,
          code: "not_allowed",
          message: `${o.number} is ${o.status.replace(/_/g, " ")}: rules only act on orders awaiting payment, on hold or ready`,
        });
        continue;
      }
      this.runRules(row, "rerun");
      out.applied.push(id);
    }
    return out;
  }

  /**
   * `reroute_orders`: each order held for a partner's refusal, for stock or as unroutable is
   * released ("routed again"), the rules run on it, and `place` says where it goes now (or that
   * it is held again for what still stops it); any other order is refused, with the backend's
   * wording.
   */
  reroute(ids: string[], place: (o: Order, reason: HoldReason) => Placement, user = "user:ana"): BulkOutcome {
    const out: BulkOutcome = { applied: [], refused: [] };
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row) {
        out.refused.push({ id, number: "", code: "not_found", message: `order ${id} was not found` });
        continue;
      }
      const o = row.order;
      const reason = o.hold?.reason;
      if (o.status !== "on_hold" || !reason || !REROUTABLE_HOLDS.includes(reason)) {
        out.refused.push({
          id,
          number: o.number,
          code: "not_allowed",
          message: `${o.number} is not held for a partner's refusal or for stock (it is ${o.status.replace(/_/g, " ")}${reason ? `, ${reason}` : ""})`,
        });
        continue;
      }
      applyOne(row, { action: "release", note: "routed again" }, user);
      this.runRules(row, "released");
      if (o.status !== "on_hold") {
        const at = new Date().toISOString();
        const log = (actor: string, kind: OrderEvent["kind"]) => row.timeline.push({ order_id: id, at, actor, kind });
        const placed = place(o, reason);
        if ("location_id" in placed) {
          o.location_id = placed.location_id;
          log("system", { type: "routed", location: o.location_id, carrier: o.carrier, service: o.service });
        } else {
          o.hold = { reason: placed.hold.reason, note: placed.hold.note, placed_by: "system", placed_at: at, release_at: null };
          log("system", { type: "held", reason: placed.hold.reason, note: placed.hold.note, release_at: null });
          log("system", { type: "status_changed", from: o.status, to: "on_hold" });
          o.status = "on_hold";
        }
        o.updated_at = at;
      }
      out.applied.push(id);
    }
    return out;
  }

  /**
   * A parcel recorded for one of the order's shipments: the timeline says it shipped, and the
   * order moves to shipped once every live shipment has (`complete`), else partially shipped.
   */
  ship(id: string, carrier: string, tracking: string, complete: boolean, actor = "user:ana", now = new Date()) {
    const row = this.rows.get(id);
    if (!row) throw fail("not_found", `order ${id} was not found`);
    const o = row.order;
    const at = now.toISOString();
    row.timeline.push({ order_id: id, at, actor, kind: { type: "shipped", carrier, tracking: [tracking] } });
    const to: OrderStatus = complete ? "shipped" : "partially_shipped";
    if (o.status !== to) row.timeline.push({ order_id: id, at, actor: "system", kind: { type: "status_changed", from: o.status, to } });
    o.status = to;
    o.updated_at = at;
  }

  /** The orders (and their timelines) `keep` picks, as stored: for reading only. */
  select(keep: (o: Order) => boolean): Row[] {
    return [...this.rows.values()].filter((r) => keep(r.order));
  }

  count() {
    return this.rows.size;
  }

  private matches(o: Order, f: OrderFilter, ignoreStatus = false): boolean {
    if (!ignoreStatus && f.status && o.status !== f.status) return false;
    if (f.channel_id && o.channel_id !== f.channel_id) return false;
    if (f.location_id && o.location_id !== f.location_id) return false;
    if (f.hold_reason && o.hold?.reason !== f.hold_reason) return false;
    if (f.tag && !o.tags.includes(f.tag)) return false;
    if (f.carrier && o.carrier !== f.carrier) return false;
    if (f.placed_from && o.placed_at < f.placed_from) return false;
    if (f.placed_to && o.placed_at > f.placed_to) return false;
    if (f.search) {
      const q = f.search.toLowerCase();
      const hay = [o.number, o.customer.name, o.customer.email ?? "", ...o.lines.map((l) => l.sku)].join(" ").toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  }

  listOrders(q: OrderQuery): OrderPage {
    this.releaseDue();
    const key = (o: Order): number | null =>
      q.sort === "total" ? o.total : q.sort === "ship_by" ? (o.ship_by ? Date.parse(o.ship_by) : null) : Date.parse(o.placed_at);
    const dir = q.descending ? -1 : 1;
    const list = [...this.rows.values()]
      .map((r) => r.order)
      .filter((o) => this.matches(o, q.filter))
      .sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if (ka === null || kb === null) return ka === kb ? a.id.localeCompare(b.id) : ka === null ? 1 : -1; // no date: last
        return ka === kb ? dir * a.id.localeCompare(b.id) : dir * (ka - kb);
      });
    let start = 0;
    if (q.after) {
      const i = list.findIndex((o) => o.id === q.after);
      start = i < 0 ? 0 : i + 1;
    }
    const limit = Math.max(1, Math.min(500, q.limit));
    const items = list.slice(start, start + limit);
    const more = start + limit < list.length;
    return { items: items.map(summary), next_cursor: more && items.length > 0 ? items[items.length - 1].id : null };
  }

  tabCounts(f: OrderFilter): TabCount[] {
    const counts = new Map<OrderStatus, number>();
    for (const { order } of this.rows.values()) {
      if (this.matches(order, f, true)) counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
    }
    return [...counts].map(([status, count]) => ({ status, count }));
  }

  detail(id: string): OrderDetail {
    const row = this.rows.get(id);
    if (!row) throw fail("not_found", `order ${id} was not found`);
    const channel = CHANNELS.find((c) => c.id === row.order.channel_id) ?? CHANNELS[0];
    return {
      order: structuredClone(row.order),
      timeline: structuredClone(row.timeline),
      channel: { id: channel.id, name: channel.name, kind: channel.kind, created_at: channel.created_at },
      rules: this.rulesRun(row),
      location: LOCATIONS.find((l) => l.id === row.order.location_id) ?? null,
      shipments: [],
    };
  }

  apply(ids: string[], action: ManualAction, user = "user:ana"): BulkOutcome {
    const out: BulkOutcome = { applied: [], refused: [] };
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) {
        out.refused.push({ id, number: id, code: "not_found", message: "the order was not found" });
        continue;
      }
      const problem = applyOne(row, action, user);
      if (problem) {
        out.refused.push({ id, number: row.order.number, code: "not_allowed", message: problem });
        continue;
      }
      out.applied.push(id);
      // As the backend does: releasing runs the later stages again, and a fixed address lifts
      // the address hold (Waybill's own right away, a rule's once the rules no longer hold it).
      if (action.action === "release") this.runRules(row, "released");
      if (action.action === "edit_ship_to") {
        const facts = this.facts.get(id);
        if (facts) facts.addressInvalid = false;
        const o = row.order;
        if (o.status === "on_hold" && o.hold?.reason === "address_invalid" && o.hold.placed_by === "system") {
          o.hold = null;
          row.timeline.push({ order_id: id, at: new Date().toISOString(), actor: "system", kind: { type: "released", reason: "address_invalid", note: "the address now passes the checks" } });
          o.status = o.payment_status === "pending" ? "awaiting_payment" : "ready";
        }
        this.runRules(row, "rerun");
      }
    }
    return out;
  }
}

export function summary(o: Order): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    channel_id: o.channel_id,
    status: o.status,
    customer_name: o.customer.name,
    ship_city: o.ship_to.city,
    ship_country: o.ship_to.country,
    item_count: o.lines.reduce((n, l) => n + l.quantity, 0),
    total: o.total,
    currency: o.currency,
    placed_at: o.placed_at,
    ship_by: o.ship_by,
    location_id: o.location_id,
    carrier: o.carrier,
    service: o.service,
    hold_reason: o.hold?.reason ?? null,
    tags: o.tags,
  };
}

function addressProblem(a: Address): string | null {
  const required: [keyof Address, string][] = [["name", "name"], ["line1", "line1"], ["city", "city"], ["postal_code", "postal_code"]];
  for (const [k, label] of required) {
    if (typeof a[k] !== "string" || (a[k] as string).trim() === "") return `the address is not usable: ${label}: must not be empty`;
  }
  if (!/^[A-Z]{2}$/.test(a.country)) return "the address is not usable: country: must be a two-letter ISO code";
  return null;
}

/** Applies one action to one order in place, or says why not (and changes nothing). */
function applyOne(row: Row, action: ManualAction, actor: string): string | null {
  const o = row.order;
  const at = new Date().toISOString();
  const log = (kind: OrderEvent["kind"]) => row.timeline.push({ order_id: o.id, at, actor, kind });
  const own = (f: Order["owned_fields"][number]) => {
    if (!o.owned_fields.includes(f)) o.owned_fields.push(f);
  };
  const setStatus = (to: OrderStatus) => {
    if (o.status !== to) log({ type: "status_changed", from: o.status, to });
    o.status = to;
  };
  const finished = o.status === "shipped" || o.status === "cancelled";
  switch (action.action) {
    case "hold":
      if (finished) return `it is ${o.status} and can no longer be held`;
      // As the backend does, holding a held order replaces its hold (how a release time is set).
      if (action.release_at && action.release_at <= at) return "the release time must be in the future";
      if (action.reason === "custom" && !action.note.trim()) return "a custom hold needs a note saying why";
      o.hold = { reason: action.reason, note: action.note, placed_by: actor, placed_at: at, release_at: action.release_at };
      own("hold");
      log({ type: "held", reason: action.reason, note: action.note, release_at: action.release_at });
      setStatus("on_hold");
      break;
    case "release": {
      if (!o.hold) return "it is not on hold";
      const reason = o.hold.reason;
      o.hold = null;
      own("hold");
      log({ type: "released", reason, note: action.note });
      setStatus(o.payment_status === "pending" ? "awaiting_payment" : "ready");
      break;
    }
    case "cancel":
      if (finished || o.status === "partially_shipped") return `it is ${o.status.replace("_", " ")} and can no longer be cancelled`;
      o.hold = null;
      log({ type: "cancelled", note: action.note });
      setStatus("cancelled");
      break;
    case "edit_ship_to": {
      if (finished) return `it is ${o.status}: its address can no longer change`;
      const problem = addressProblem(action.address);
      if (problem) return problem;
      log({ type: "address_edited", before: o.ship_to, after: action.address });
      o.ship_to = action.address;
      own("ship_to");
      break;
    }
    case "add_tag": {
      const tag = action.tag.trim();
      if (!tag) return "a tag must not be empty";
      if (!o.tags.includes(tag)) {
        o.tags = [...o.tags, tag];
        own("tags");
        log({ type: "tag_added", tag });
      }
      break;
    }
    case "remove_tag":
      if (!o.tags.includes(action.tag)) return `it has no tag “${action.tag}”`;
      o.tags = o.tags.filter((t) => t !== action.tag);
      own("tags");
      log({ type: "tag_removed", tag: action.tag });
      break;
    case "add_note":
      if (!action.note.trim()) return "a note must not be empty";
      o.internal_notes = [...o.internal_notes, action.note];
      log({ type: "note_added", note: action.note });
      break;
  }
  o.updated_at = at;
  return null;
}
