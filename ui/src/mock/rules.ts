// The fake backend's rules commands over the mock's one ruleset (src/mock/ruleset.ts, kept by the
// store, so a save changes what the held orders and their "Why" say too): validation with the
// checks a manager meets first (empty criteria, blank values, actions in the wrong stage, unknown
// or wrong-kind locations), versioned saves with an audit and conflicts, "test on an order" and
// dry runs over the mock orders. Plausible, not exact: the real engine lives in crates/core/src/rules.
// Query string knob: ?mock-rules-conflict (the first save finds that someone else saved).
import type {
  Action,
  AppError,
  DecisionRecord,
  DryRunReport,
  DryRunScope,
  FieldChange,
  Order,
  OrderDiff,
  OrderStatus,
  OwnedField,
  Problem,
  ProblemCode,
  Rule,
  RuleAuditEntry,
  RuleHits,
  Ruleset,
  RulesetView,
  RuleTest,
} from "../bindings";
import {
  ACTIONS,
  actionKey,
  LINE_FIELDS,
  operatorOf,
  ORDER_FIELDS,
  QUANTIFIERS,
  valueOf,
  type FieldSpec,
  type Test,
} from "../domain/ruleFields";
import { formatMoney } from "../format/money";
import { CHANNELS, LOCATIONS } from "./catalog";
import { evaluate, RULE_STATUSES } from "./ruleset";
import type { MockStore } from "./store";

const DAY = 86_400_000;
const fail = (code: AppError["code"], message: string): AppError => ({ code, message });

// ---- Validation ------------------------------------------------------------------------------

function label(index: number, rule: Rule): string {
  return rule.name.trim() ? `rule "${rule.name.trim()}"` : `rule rules[${index}]`;
}

export function validate(ruleset: Ruleset): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  ruleset.rules.forEach((rule, index) => {
    const base = `rules[${index}]`;
    const push = (code: ProblemCode, path: string, what: string) =>
      problems.push({
        severity: code === "unknown_location" || code === "location_kind_mismatch" || code === "unknown_channel" ? "warning" : "error",
        code,
        rule_id: rule.id,
        rule_name: rule.name,
        path,
        message: `${label(index, rule)} at ${path}: ${what}`,
      });
    const first = ids.get(rule.id);
    if (first !== undefined) push("duplicate_rule_id", `${base}.id`, `has the same id ${rule.id} as ${label(first, ruleset.rules[first])} (rules[${first}])`);
    else ids.set(rule.id, index);
    if (!rule.name.trim()) push("invalid_value", `${base}.name`, "has no name; give it one people will recognise in traces and timelines");
    checkCondition(rule.when, `${base}.when`, "order", push);
    if (rule.then.length === 0) push("empty_criteria", `${base}.then`, "has no actions; add at least one to `then`");
    rule.then.forEach((action, i) => checkAction(rule, action, `${base}.then[${i}]`, push));
  });
  return problems;
}

type Push = (code: ProblemCode, path: string, what: string) => void;

function checkCondition(node: unknown, path: string, scope: "order" | "line", push: Push): void {
  if (node === "always" || typeof node !== "object" || node === null) return;
  const key = Object.keys(node)[0];
  const value = (node as Record<string, unknown>)[key];
  if (key === "all" || key === "any") {
    const children = value as unknown[];
    if (children.length === 0) push("empty_criteria", path, `the \`${key}\` group is empty; add a condition, or use "always" to match every order`);
    children.forEach((c, i) => checkCondition(c, `${path}.${key}[${i}]`, scope, push));
  } else if (key === "not") {
    checkCondition(value, `${path}.not`, scope, push);
  } else if (scope === "order" && key in QUANTIFIERS) {
    checkCondition(value, `${path}.${key}`, "line", push);
  } else {
    const spec: FieldSpec | undefined = scope === "order" ? ORDER_FIELDS[key as keyof typeof ORDER_FIELDS] : LINE_FIELDS[key as keyof typeof LINE_FIELDS];
    if (!spec) return;
    const op = operatorOf(spec.kind, value as Test);
    const v = valueOf(value as Test);
    const field = spec.label.toLowerCase();
    if ((op.input === "text" || op.input === "pattern") && typeof v === "string" && !v.trim()) {
      push("invalid_value", path, `\`${op.key}\` on ${field} has a blank value; to test for a missing value use \`is_blank\``);
    }
    if ((op.input === "texts" || op.input === "choices") && Array.isArray(v) && v.length === 0) {
      push("empty_criteria", path, `\`${op.key}\` on ${field} has an empty list; add at least one value`);
    }
    if (key === "channel") {
      for (const ch of Array.isArray(v) ? v : [v]) {
        if (!CHANNELS.some((c) => c.id === ch)) push("unknown_channel", path, `refers to channel ${String(ch)}, which does not exist (deleted?)`);
      }
    }
  }
}

function checkAction(rule: Rule, action: Action, path: string, push: Push): void {
  const kind = actionKey(action);
  const stage = ACTIONS[kind].stage;
  if (stage !== rule.stage) {
    push("action_not_allowed_in_stage", path, `\`${kind}\` belongs to the \`${stage}\` stage, but this rule is in the \`${rule.stage}\` stage; move the action to a ${stage} rule`);
  }
  if (typeof action === "string") return;
  if ("hold" in action && action.hold) {
    if (action.hold.reason === "custom" && !action.hold.note?.trim()) push("invalid_value", path, "a `custom` hold needs a note saying why");
    if (action.hold.release_after_minutes === 0) push("invalid_value", path, "`release_after_minutes` must be at least 1 (leave it out for a hold a person releases)");
  }
  const place = "assign_location" in action && action.assign_location ? { id: action.assign_location.location_id, partner: false } : "route_to_partner" in action && action.route_to_partner ? { id: action.route_to_partner.location_id, partner: true } : null;
  if (place) {
    const loc = LOCATIONS.find((l) => l.id === place.id);
    if (!loc) push("unknown_location", path, `routes to location ${place.id}, which does not exist (deleted?); orders this rule matches will be held as unroutable until the rule is fixed`);
    else if ((loc.kind !== "warehouse" && loc.kind !== "store") !== place.partner) {
      const [verb, should] = place.partner ? ["route_to_partner", "assign_location"] : ["assign_location", "route_to_partner"];
      push("location_kind_mismatch", path, `\`${verb}\` names ${place.id}, a ${loc.kind} location; use \`${should}\` for it`);
    }
  }
  if ("set_service" in action && action.set_service && (!action.set_service.carrier.trim() || !action.set_service.service.trim())) {
    push("invalid_value", path, "`set_service` needs both a carrier and a service");
  }
  if ("add_insurance" in action && typeof action.add_insurance === "object" && action.add_insurance.amount <= 0) {
    push("invalid_value", path, `insurance of ${action.add_insurance.amount} is not a positive amount (minor units)`);
  }
  if ("add_tag" in action && action.add_tag && !action.add_tag.tag.trim()) push("invalid_value", path, "the tag is blank");
  if ("add_note" in action && action.add_note && !action.add_note.note.trim()) push("invalid_value", path, "the note is blank");
  if ("set_batch_group" in action && action.set_batch_group && !action.set_batch_group.group.trim()) push("invalid_value", path, "the batch group is blank");
}

/** The order after the decision is applied (rules only act on open orders). */
function applied(o: Order, d: DecisionRecord, now: number): Order {
  const after = structuredClone(o);
  const owned = (f: OwnedField) => o.owned_fields.includes(f);
  if (!owned("hold")) {
    if (d.hold && !after.hold) {
      after.hold = { reason: d.hold.reason, note: d.hold.note, placed_by: `rule:${d.hold.rule_id}`, placed_at: new Date(now).toISOString(), release_at: d.hold.release_at };
      after.status = "on_hold";
    } else if (!d.hold && after.hold?.placed_by.startsWith("rule:")) {
      after.hold = null;
      after.status = o.payment_status === "pending" ? "awaiting_payment" : "ready";
    }
  }
  if (d.location) after.location_id = d.location.value;
  if (d.carrier) after.carrier = d.carrier.value;
  if (d.service) after.service = d.service.value;
  if (d.service) after.options = { ...after.options, package: d.package?.value ?? null };
  if (d.signature) after.options = { ...after.options, signature: true };
  if (d.insurance) after.options = { ...after.options, insurance: d.insurance.value };
  if (d.batch_group) after.options = { ...after.options, batch_group: d.batch_group.value };
  for (const t of d.tags) if (!after.tags.includes(t.value)) after.tags = [...after.tags, t.value];
  for (const n of d.notes) if (!after.internal_notes.includes(n.value)) after.internal_notes = [...after.internal_notes, n.value];
  return after;
}

function changes(before: Order, after: Order): FieldChange[] {
  const out: FieldChange[] = [];
  const field = (name: string, b: string | null, a: string | null) => {
    if (b !== a) out.push({ field: name, before: b, after: a });
  };
  const hold = (o: Order) => (o.hold ? (o.hold.note.trim() ? `${o.hold.reason}: ${o.hold.note.trim()}` : o.hold.reason) : null);
  const list = (xs: string[]) => (xs.length ? xs.join(", ") : null);
  field("status", before.status, after.status);
  field("hold", hold(before), hold(after));
  field("location", before.location_id, after.location_id);
  field("carrier", before.carrier, after.carrier);
  field("service", before.service, after.service);
  field("package", before.options.package ?? null, after.options.package ?? null);
  field("signature", before.options.signature ? "required" : null, after.options.signature ? "required" : null);
  const ins = (o: Order) => (o.options.insurance === null ? null : formatMoney(o.options.insurance, o.currency, "en-US"));
  field("insurance", ins(before), ins(after));
  field("batch_group", before.options.batch_group, after.options.batch_group);
  field("tags", list(before.tags), list(after.tags));
  field("notes", list(before.internal_notes), list(after.internal_notes));
  return out;
}

// ---- The commands ----------------------------------------------------------------------------

export class MockRules {
  private savedAt: string;
  private savedBy: string;
  private history: RuleAuditEntry[] = [];
  private hits = new Map<string, RuleHits>();
  private conflictOnce: boolean;

  constructor(private store: MockStore) {
    const now = Date.now();
    const v1 = this.current.rules;
    // Version 1 as first set up; version 2 raised the signature threshold.
    const sig = v1.find((r) => r.name === "Signature over 500.00")!;
    const older: Rule = { ...sig, name: "Signature over 400.00", when: { total: { gte: 40_000 } } };
    const first = v1.map((r) => (r.id === sig.id ? older : r));
    const t1 = new Date(now - 20 * DAY).toISOString();
    this.history = first.map((r) => ({ version: 1, rule_id: r.id, rule_name: r.name, change: "added", before: null, after: r, at: t1, actor: "system" }));
    this.savedAt = new Date(now - 3 * DAY).toISOString();
    this.savedBy = "user:marco";
    this.history.unshift({ version: 2, rule_id: sig.id, rule_name: sig.name, change: "edited", before: older, after: sig, at: this.savedAt, actor: this.savedBy });
    this.conflictOnce = new URLSearchParams(window.location.search).has("mock-rules-conflict");
    this.countHits(now);
  }

  /** The ruleset in force: the store's, which its orders are held and routed by. */
  private get current(): Ruleset {
    return this.store.ruleset;
  }

  private set current(ruleset: Ruleset) {
    this.store.ruleset = ruleset;
  }

  /** Orders newest first with the given statuses, at most `limit`, none placed before `since`. */
  private orders(statuses: readonly OrderStatus[] | null, limit = Infinity, since = 0): Order[] {
    const out: Order[] = [];
    let after: string | null = null;
    const filter = { status: null, channel_id: null, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search: null };
    for (;;) {
      const page = this.store.listOrders({ filter, sort: "placed_at", descending: true, after, limit: 500 });
      for (const s of page.items) {
        if (out.length >= limit || Date.parse(s.placed_at) < since) return out;
        if (!statuses || statuses.includes(s.status)) out.push(this.store.detail(s.id).order);
      }
      if (!page.next_cursor) return out;
      after = page.next_cursor;
    }
  }

  /** Hits as if the rules had run on the orders placed lately (up to 2 000 of them, to stay quick). */
  private countHits(now: number) {
    const since = now - 30 * DAY;
    for (const o of this.orders(null, 2_000, since)) {
      const placed = Date.parse(o.placed_at);
      for (const f of evaluate(this.current, o, placed, this.store.factsOf(o.id)).decision.fired) {
        const h = this.hits.get(f.rule_id) ?? { rule_id: f.rule_id, last_7_days: 0, last_30_days: 0 };
        h.last_30_days++;
        if (placed >= now - 7 * DAY) h.last_7_days++;
        this.hits.set(f.rule_id, h);
      }
    }
  }

  view(): RulesetView {
    return {
      ruleset: structuredClone(this.current),
      saved_at: this.savedAt,
      saved_by: this.savedBy,
      problems: validate(this.current),
      hits: [...this.hits.values()].filter((h) => this.current.rules.some((r) => r.id === h.rule_id)),
    };
  }

  validate(draft: Ruleset): Problem[] {
    return validate(draft);
  }

  save(draft: Ruleset, baseVersion: number, actor = "user:ana"): RulesetView {
    const errors = validate(draft).filter((p) => p.severity === "error");
    if (errors.length > 0) throw fail("invalid_input", `the ruleset was not saved: ${errors.map((p) => p.message).join("; ")}`);
    if (this.conflictOnce) {
      // Someone else saves first: the same rules, a newer version.
      this.conflictOnce = false;
      this.current = { ...this.current, version: this.current.version + 1 };
      this.savedBy = "user:marco";
      this.savedAt = new Date().toISOString();
    }
    if (baseVersion !== this.current.version) {
      throw fail("conflict", `the rules were changed (version ${this.current.version}) since you opened them (version ${baseVersion}); reload and apply your edits again`);
    }
    const next: Ruleset = { version: this.current.version + 1, rules: structuredClone(draft.rules) };
    const at = new Date().toISOString();
    const before = new Map(this.current.rules.map((r) => [r.id, r]));
    const edits: RuleAuditEntry[] = [];
    for (const r of next.rules) {
      const old = before.get(r.id);
      if (!old) edits.push({ version: next.version, rule_id: r.id, rule_name: r.name, change: "added", before: null, after: r, at, actor });
      else if (JSON.stringify(old) !== JSON.stringify(r)) edits.push({ version: next.version, rule_id: r.id, rule_name: r.name, change: "edited", before: old, after: r, at, actor });
      before.delete(r.id);
    }
    for (const old of before.values()) edits.push({ version: next.version, rule_id: old.id, rule_name: old.name, change: "removed", before: old, after: null, at, actor });
    this.history.unshift(...edits);
    this.current = next;
    this.savedAt = at;
    this.savedBy = actor;
    return this.view();
  }

  ruleHistory(limit: number): RuleAuditEntry[] {
    return structuredClone(this.history.slice(0, Math.max(1, Math.min(1000, limit))));
  }

  private runnable(draft: Ruleset | null): { ruleset: Ruleset; warnings: Problem[] } {
    const ruleset = draft ?? this.current;
    const problems = validate(ruleset);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length > 0) throw fail("invalid_input", `the rules cannot run: ${errors.map((p) => p.message).join("; ")}`);
    return { ruleset: { ...ruleset, version: draft ? ruleset.version : this.current.version }, warnings: problems };
  }

  test(draft: Ruleset | null, orderId: string): RuleTest {
    const { ruleset, warnings } = this.runnable(draft);
    const order = this.store.detail(orderId).order;
    const now = Date.now();
    const { decision, trace } = evaluate(ruleset, order, now, this.store.factsOf(order.id));
    return {
      order_id: order.id,
      number: order.number,
      decision,
      trace: { ruleset_version: ruleset.version, now: new Date(now).toISOString(), rules: trace },
      changes: RULE_STATUSES.includes(order.status) ? changes(order, applied(order, decision, now)) : [],
      problems: warnings,
    };
  }

  dryRun(draft: Ruleset, scope: DryRunScope): DryRunReport {
    const started = performance.now();
    const { ruleset, warnings } = this.runnable(draft);
    if (scope.status && !RULE_STATUSES.includes(scope.status)) {
      throw fail("invalid_input", `rules do not act on ${scope.status} orders; choose awaiting payment, on hold or ready`);
    }
    const limit = Math.max(1, Math.min(200_000, scope.limit ?? 1_000));
    const orders = this.orders(scope.status ? [scope.status] : RULE_STATUSES, limit);
    const now = Date.now();
    const changed: OrderDiff[] = [];
    for (const o of orders) {
      const { decision } = evaluate(ruleset, o, now, this.store.factsOf(o.id));
      const diff = changes(o, applied(o, decision, now));
      if (diff.length > 0) changed.push({ order_id: o.id, number: o.number, status: o.status, changes: diff, rules: decision.fired.map((f) => f.name) });
    }
    const counts = new Map<string, number>();
    for (const c of changed) for (const f of c.changes) counts.set(f.field, (counts.get(f.field) ?? 0) + 1);
    return {
      evaluated: orders.length,
      changed: changed.length,
      by_field: [...counts].map(([field, n]) => ({ field, orders: n })).sort((a, b) => b.orders - a.orders || a.field.localeCompare(b.field)),
      orders: changed.slice(0, 500),
      elapsed_ms: Math.round(performance.now() - started),
      problems: warnings,
    };
  }
}

const instances = new WeakMap<MockStore, MockRules>();

/** The rules of one mock store, made on first use (so the backend's switch needs only `case` lines). */
export function rulesFor(store: MockStore): MockRules {
  let rules = instances.get(store);
  if (!rules) {
    rules = new MockRules(store);
    instances.set(store, rules);
  }
  return rules;
}
