// The fake backend's orders under the rules: the mock's one ruleset (src/mock/ruleset.ts, the one
// the Rules page edits) run on an order and applied as apply_record does, the run the detail's
// "Why" shows, the fake data's holds credited to the rules that explain them, and the held
// overview. Facts the fake orders do not carry (the address checker's verdict, a bank transfer
// being waited for) live in MockFacts, seeded so that the fake data's holds agree with them.
import type { DecisionRecord, HeldGroup, HeldOverview, HoldReason, Order, OrderEvent, OrderStatus, OwnedField, RunCause, RulesRun, Ruleset, TraceReport } from "../bindings";
import { evaluate, RULE_STATUSES, type OrderFacts } from "./ruleset";

export { RULE_STATUSES };

const DAY = 24 * 60 * 60_000;
const q = (s: string) => `"${s}"`;

/** What the rules look at that a fake order does not say by itself. */
export type MockFacts = OrderFacts & {
  addressInvalid: boolean;
  bankTransfer: boolean;
};

/** Facts consistent with the fake order's hold: an address hold fails the address check, and so on. */
export function initialFacts(o: Order): MockFacts {
  const reason = o.status === "on_hold" ? o.hold?.reason : undefined;
  return {
    addressInvalid: reason === "address_invalid",
    bankTransfer: reason === "payment_pending",
  };
}

/** What `ruleset` decides for `o` at `now`, with the trace as the detail shows it. */
export function decide(ruleset: Ruleset, o: Order, f: MockFacts, now: Date): { decision: DecisionRecord; trace: TraceReport } {
  const { decision, trace } = evaluate(ruleset, o, now.getTime(), f);
  return { decision, trace: { ruleset_version: ruleset.version, now: now.toISOString(), rules: trace } };
}

// ---- Applying a decision (apply_record) -------------------------------------------------------

export type Log = (actor: string, kind: OrderEvent["kind"]) => void;

function afterRelease(o: Order): OrderStatus {
  return o.payment_status === "pending" ? "awaiting_payment" : "ready";
}

/**
 * Applies what the rules decided to `o` in place, as the backend does (holds, release of a hold
 * the rules placed, routing, extras, tags, notes), telling `log` about each change. Fields a
 * person owns stay. Returns whether anything changed.
 */
export function applyDecision(o: Order, d: DecisionRecord, now: Date, log: Log, touchHold = true): boolean {
  if (!RULE_STATUSES.includes(o.status)) return false;
  let changed = false;
  const at = now.toISOString();
  const owns = (f: OwnedField) => o.owned_fields.includes(f);
  const ruleSaid = new Map<string, string[]>();
  const said = (ruleId: string, what: string) => ruleSaid.set(ruleId, [...(ruleSaid.get(ruleId) ?? []), what]);
  const later: [string, OrderEvent["kind"]][] = [];
  const setStatus = (to: OrderStatus) => {
    if (o.status !== to) later.push(["system", { type: "status_changed", from: o.status, to }]);
    o.status = to;
  };

  if (!touchHold) d = { ...d, hold: null };
  const h = d.hold && !(o.served_holds ?? []).includes(d.hold.rule_id) ? d.hold : null;
  if (h && !owns("hold")) {
    const actor = `rule:${h.rule_id}`;
    const same = o.status === "on_hold" && o.hold !== null && o.hold.reason === h.reason && (o.hold.note === h.note || o.hold.placed_by !== actor);
    if (!same) {
      o.hold = { reason: h.reason, note: h.note, placed_by: actor, placed_at: at, release_at: h.release_at };
      said(h.rule_id, `held (${h.reason})`);
      later.push([actor, { type: "held", reason: h.reason, note: h.note, release_at: h.release_at }]);
      setStatus("on_hold");
      changed = true;
    }
  } else if (touchHold && !h && !owns("hold") && o.status === "on_hold" && o.hold?.placed_by.startsWith("rule:")) {
    const reason = o.hold.reason;
    o.hold = null;
    later.push(["system", { type: "released", reason, note: "the rules no longer hold this order" }]);
    setStatus(afterRelease(o));
    changed = true;
  }

  let routed = false;
  if (d.location && !owns("location") && o.location_id !== d.location.value) {
    o.location_id = d.location.value;
    said(d.location.rule_id, `location ${d.location.value}`);
    routed = true;
  }
  if (d.carrier && !owns("carrier") && o.carrier !== d.carrier.value) {
    o.carrier = d.carrier.value;
    said(d.carrier.rule_id, `carrier ${d.carrier.value}`);
    routed = true;
  }
  if (d.service && !owns("service") && o.service !== d.service.value) {
    o.service = d.service.value;
    said(d.service.rule_id, `service ${d.service.value}`);
    routed = true;
  }
  if (!owns("options")) {
    const opts = { ...o.options };
    if (d.package && opts.package !== d.package.value) opts.package = d.package.value;
    if (d.signature && opts.signature !== d.signature.value) opts.signature = d.signature.value;
    if (d.insurance && opts.insurance !== d.insurance.value) opts.insurance = d.insurance.value;
    if (d.batch_group && opts.batch_group !== d.batch_group.value) opts.batch_group = d.batch_group.value;
    if (JSON.stringify(opts) !== JSON.stringify(o.options)) {
      o.options = opts;
      changed = true;
    }
  }
  if (routed) {
    later.push(["system", { type: "routed", location: o.location_id, carrier: o.carrier, service: o.service }]);
    changed = true;
  }
  if (!owns("tags")) {
    for (const t of d.tags) {
      if (o.tags.includes(t.value)) continue;
      o.tags = [...o.tags, t.value];
      said(t.rule_id, `tag ${t.value}`);
      later.push([`rule:${t.rule_id}`, { type: "tag_added", tag: t.value }]);
      changed = true;
    }
  }
  for (const n of d.notes) {
    if (o.internal_notes.includes(n.value)) continue;
    o.internal_notes = [...o.internal_notes, n.value];
    later.push([`rule:${n.rule_id}`, { type: "note_added", note: n.value }]);
    changed = true;
  }
  const names = new Map(d.fired.map((r) => [r.rule_id, r.name]));
  for (const [ruleId, what] of ruleSaid) {
    // As the backend writes it: the rule's id, and a summary that starts with its name.
    log(`rule:${ruleId}`, { type: "rule_applied", rule: ruleId, summary: `${names.get(ruleId) ?? ruleId}: ${what.join("; ")}` });
  }
  for (const [actor, kind] of later) log(actor, kind);
  return changed;
}

/** When and why the rules last ran on an order, and which rules ran; the decision and trace are worked out on demand. */
export type RunMeta = { cause: RunCause; ran_at: string; ruleset: Ruleset };

/** One run of `ruleset` on `o`: evaluate and apply. */
export function runRules(ruleset: Ruleset, o: Order, f: MockFacts, cause: RunCause, now: Date, log: Log): RunMeta {
  const { decision } = decide(ruleset, o, f, now);
  applyDecision(o, decision, now, log);
  return { cause, ran_at: now.toISOString(), ruleset };
}

/**
 * The run the detail shows, evaluated again at the time it ran (kept small: 50 000 fake orders
 * need not each carry a trace). Every change of the facts runs the rules anew, so this is what
 * that run decided, except that fields a person took over since then read as kept.
 */
export function rulesRun(o: Order, f: MockFacts, meta: RunMeta): RulesRun {
  const { decision, trace } = decide(meta.ruleset, o, f, new Date(meta.ran_at));
  return { ruleset_version: meta.ruleset.version, ran_at: meta.ran_at, cause: meta.cause, decision, trace };
}

/** "Over 5 kg: carrier FedEx; service Home Delivery", per fired rule that decided something. */
function summaries(d: DecisionRecord): { rule_id: string; summary: string }[] {
  const what = new Map<string, string[]>();
  const add = (id: string, text: string) => what.set(id, [...(what.get(id) ?? []), text]);
  if (d.hold) add(d.hold.rule_id, `held (${d.hold.reason})`);
  if (d.location) add(d.location.rule_id, `location ${d.location.value}`);
  if (d.carrier) add(d.carrier.rule_id, `carrier ${d.carrier.value}`);
  if (d.service) add(d.service.rule_id, `service ${d.service.value}${d.package?.rule_id === d.service.rule_id ? ` (package ${d.package.value})` : ""}`);
  if (d.signature) add(d.signature.rule_id, "signature required");
  if (d.insurance) add(d.insurance.rule_id, `insurance ${d.insurance.value}`);
  if (d.batch_group) add(d.batch_group.rule_id, `batch group ${d.batch_group.value}`);
  for (const t of d.tags) add(t.rule_id, `tag ${t.value}`);
  for (const n of d.notes) add(n.rule_id, `note ${q(n.value)}`);
  return d.fired.filter((r) => what.has(r.rule_id)).map((r) => ({ rule_id: r.rule_id, summary: `${r.name}: ${(what.get(r.rule_id) ?? []).join("; ")}` }));
}

// ---- Seeding and the held overview ------------------------------------------------------------

/**
 * Makes a freshly generated fake order look as if the mock rules had handled it on import:
 * holds that these rules explain are credited to their rule (with its note), and routing and
 * extras follow the decision. Silent: the fake timeline already tells the import story.
 */
export function seed(ruleset: Ruleset, o: Order, timeline: OrderEvent[], f: MockFacts): RunMeta | null {
  if (!RULE_STATUSES.includes(o.status)) return null;
  const ranAt = new Date(Date.parse(o.placed_at) + 30_000);
  const { decision: found } = decide(ruleset, o, f, ranAt);
  const h = found.hold;
  // The fake data decides which orders are held; the rules take the credit where they agree.
  const credited = o.status === "on_hold" && o.hold !== null && h !== null && o.hold.reason === h.reason && !o.owned_fields.includes("hold");
  if (o.hold && credited && h) {
    o.hold = { ...o.hold, placed_by: `rule:${h.rule_id}`, note: h.note, release_at: h.release_at };
  }
  for (const e of timeline) {
    if (o.hold && e.kind.type === "held" && e.kind.reason === o.hold.reason) {
      e.actor = o.hold.placed_by;
      e.kind = { ...e.kind, note: o.hold.note, release_at: o.hold.release_at };
    }
  }
  const decision = credited ? found : { ...found, hold: null };
  applyDecision(o, decision, ranAt, () => {}, credited);
  for (const e of timeline) {
    if (e.kind.type === "routed") e.kind = { type: "routed", location: o.location_id, carrier: o.carrier, service: o.service };
  }
  const ruleEvents: OrderEvent[] = summaries(decision).map((r) => ({
    order_id: o.id,
    at: new Date(ranAt.getTime() + 30_000).toISOString(),
    actor: `rule:${r.rule_id}`,
    kind: { type: "rule_applied", rule: r.rule_id, summary: r.summary },
  }));
  // Right after the import, where the backend logs the rules' first run.
  timeline.splice(Math.min(1, timeline.length), 0, ...ruleEvents);
  return { cause: "imported", ran_at: ranAt.toISOString(), ruleset };
}

/** Held orders by reason and urgency, as `held_overview` answers. */
export function heldOverview(orders: Iterable<Order>, now: Date): HeldOverview {
  const t = now.getTime();
  const groups = new Map<HoldReason, HeldGroup>();
  for (const o of orders) {
    if (o.status !== "on_hold" || !o.hold) continue;
    const g = groups.get(o.hold.reason) ?? { reason: o.hold.reason, count: 0, overdue: 0, due_today: 0, oldest_held_at: null };
    g.count += 1;
    if (o.ship_by) {
      const left = Date.parse(o.ship_by) - t;
      if (left < 0) g.overdue += 1;
      else if (left < DAY) g.due_today += 1;
    }
    if (g.oldest_held_at === null || o.hold.placed_at < g.oldest_held_at) g.oldest_held_at = o.hold.placed_at;
    groups.set(o.hold.reason, g);
  }
  const list = [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return {
    total: list.reduce((n, g) => n + g.count, 0),
    overdue: list.reduce((n, g) => n + g.overdue, 0),
    due_today: list.reduce((n, g) => n + g.due_today, 0),
    groups: list,
  };
}
