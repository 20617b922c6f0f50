// The browser mock's one ruleset, shared by the Rules page (src/mock/rules.ts: view, validate, save,
// test, dry run) and the orders it holds and routes (src/mock/holds.ts, src/mock/store.ts), so the
// rules a manager reads are the rules that explain the holds and the "Why" of every order; and
// the evaluator, plain rather than exact (the real engine lives in crates/core/src/rules).
import type {
  Action,
  ActionRef,
  ActionTrace,
  ConditionTrace,
  DecisionRecord,
  Order,
  OrderStatus,
  OwnedField,
  Rule,
  RuleOutcome,
  Ruleset,
  RuleTrace,
  Stage,
} from "../bindings";
import {
  actionKey,
  LINE_FIELDS,
  operatorOf,
  ORDER_FIELDS,
  QUANTIFIERS,
  STAGES,
  valueOf,
  type FieldSpec,
  type Test,
} from "../domain/ruleFields";
import { formatMoney } from "../format/money";
import { LOCATIONS } from "./catalog";

/** The statuses the rules act on. */
export const RULE_STATUSES: readonly OrderStatus[] = ["awaiting_payment", "on_hold", "ready"];
const KEPT = "kept: set by a person";
const DAY = 86_400_000;

/** What the rules look at that a fake order does not say by itself. */
export type OrderFacts = {
  /** The address checker's verdict, where the fake data says the address fails it. */
  addressInvalid?: boolean;
};

/** A decision that decides nothing. */
export function noDecision(rulesetVersion: number): DecisionRecord {
  return {
    ruleset_version: rulesetVersion,
    hold: null,
    location: null,
    carrier: null,
    service: null,
    package: null,
    signature: null,
    insurance: null,
    batch_group: null,
    tags: [],
    notes: [],
    fired: [],
    kept: [],
  };
}

// ---- The default ruleset ---------------------------------------------------------------------

const id = (n: number) => `rul_01HZX4Q8N5KD7R2M3B6C9T0A${String(n).padStart(2, "0")}`;

export function defaultRules(): Rule[] {
  const rules: Rule[] = [];
  const add = (stage: Stage, name: string, when: Rule["when"], then: Action[], extra: Partial<Rule> = {}) => {
    const priority = rules.filter((r) => r.stage === stage).length + 1;
    rules.push({ id: id(rules.length + 1), name, stage, priority, enabled: true, stop_processing: false, when, then, ...extra });
  };
  add("holds", "Large order: fraud review", { total: { gte: 75_000 } }, [{ hold: { reason: "fraud_risk", note: "Over 750.00: check the payment and the address before packing" } }]);
  add("holds", "Address fails the checks", { address_check: { equals: "invalid" } }, [{ hold: { reason: "address_invalid", note: "Fix the ship-to address; the rules run again when it is saved" } }]);
  add(
    "holds",
    "Hazmat cannot fly",
    { all: [{ any_line: { product_tags: { contains: "hazmat" } } }, { requested_service: { one_of: ["Express", "Overnight"] } }] },
    [{ hold: { reason: "manual_review", note: "Hazardous goods cannot go by air: agree ground shipping with the customer" } }],
  );
  add("holds", "Gift orders: check the message", { gift: { equals: true } }, [{ hold: { reason: "manual_review", note: "Read the gift message before packing", release_after_minutes: 60 } }]);
  add("location", "Ship from Reno by default", "always", [{ assign_location: { location_id: "loc_01reno" } }]);
  add("location", "Brooklyn orders from the store", { ship_to_city: { equals: "Brooklyn" } }, [{ assign_location: { location_id: "loc_02bkln" } }]);
  add("location", "EU orders to ShipRight 3PL", { currency: { equals: "EUR" } }, [{ route_to_partner: { location_id: "loc_03rtm" } }]);
  add("location", "Oversize items drop-ship", { any_line: { product_tags: { contains: "oversize" } } }, [{ route_to_partner: { location_id: "loc_05pac" } }], { stop_processing: true });
  add("service", "Domestic: USPS Ground Advantage", { ship_to_country: { equals: "US" } }, [{ set_service: { carrier: "USPS", service: "Ground Advantage", package: "Poly mailer" } }]);
  add("service", "Heavy domestic: UPS Ground", { all: [{ ship_to_country: { equals: "US" } }, { total_weight_g: { gte: 2_000 } }] }, [{ set_service: { carrier: "UPS", service: "Ground", package: "Box L" } }]);
  add("service", "Express requested: FedEx 2Day", { all: [{ requested_service: { equals: "Express" } }, { ship_to_country: { equals: "US" } }] }, [{ set_service: { carrier: "FedEx", service: "2Day" } }]);
  add("enhance", "Insure orders over 300.00", { total: { gte: 30_000 } }, [{ add_insurance: "order_value" }]);
  add("enhance", "Signature over 500.00", { total: { gte: 50_000 } }, ["require_signature"]);
  add("enhance", "Batteries and fuel packed apart", { any_line: { product_tags: { contains_any: ["hazmat", "battery"] } } }, [{ add_tag: { tag: "hazmat" } }, { set_batch_group: { group: "hazmat-pack" } }]);
  add("enhance", "VIP thank-you card", { tags: { contains: "vip" } }, [{ add_note: { note: "VIP: add a handwritten thank-you card" } }]);
  add("enhance", "Age check for knives", { any_line: { product_tags: { contains: "age-restricted" } } }, [{ add_note: { note: "Carrier must check ID on delivery" } }, "require_signature"], {
    enabled: false,
  });
  return rules;
}


/** The ruleset in force when the mock starts: version 2 (see MockRules for its history). */
export function initialRuleset(): Ruleset {
  return { version: 2, rules: defaultRules() };
}

// ---- Evaluation ------------------------------------------------------------------------------

const norm = (s: string) => s.trim().toLowerCase();

function globToRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) out += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) return /$^/;
      const body = pattern.slice(i + 1, end);
      out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "i");
}

function textTest(value: string | null, op: string, x: unknown): boolean {
  const v = value == null ? null : norm(value);
  const s = typeof x === "string" ? norm(x) : "";
  switch (op) {
    case "equals":
      return v === s;
    case "not_equals":
      return v !== s;
    case "one_of":
      return v !== null && (x as string[]).some((y) => norm(y) === v);
    case "not_one_of":
      return v === null || !(x as string[]).some((y) => norm(y) === v);
    case "contains":
      return v !== null && v.includes(s);
    case "not_contains":
      return v === null || !v.includes(s);
    case "starts_with":
      return v !== null && v.startsWith(s);
    case "ends_with":
      return v !== null && v.endsWith(s);
    case "matches":
      return v !== null && globToRegex(String(x)).test(v);
    case "is_blank":
      return (v === null || v === "") === x;
    default:
      return false;
  }
}

function numberTest(v: number, op: string, x: unknown): boolean {
  const n = x as number;
  switch (op) {
    case "equals":
      return v === n;
    case "not_equals":
      return v !== n;
    case "lt":
      return v < n;
    case "lte":
      return v <= n;
    case "gt":
      return v > n;
    case "gte":
      return v >= n;
    case "between":
      return v >= (x as { min: number }).min && v <= (x as { max: number }).max;
    default:
      return false;
  }
}

function listTest(words: string[], op: string, x: unknown): boolean {
  const has = (w: string) => words.some((y) => norm(y) === norm(w));
  switch (op) {
    case "contains":
      return has(String(x));
    case "not_contains":
      return !has(String(x));
    case "contains_any":
      return (x as string[]).some(has);
    case "contains_all":
      return (x as string[]).every(has);
    case "contains_none":
      return !(x as string[]).some(has);
    case "any_matches":
      return words.some((w) => globToRegex(String(x)).test(w.trim()));
    case "is_blank":
      return (words.length === 0) === x;
    default:
      return false;
  }
}

function dateTest(value: string | null, op: string, x: unknown, now: number): boolean {
  if (op === "is_blank") return (value === null) === x;
  if (value === null) return false;
  const t = Date.parse(value);
  const n = typeof x === "number" ? x * DAY : 0;
  switch (op) {
    case "before":
      return t < Date.parse(String(x));
    case "after":
      return t > Date.parse(String(x));
    case "more_than_days_ago":
      return t < now - n;
    case "within_last_days":
      return t >= now - n && t <= now;
    case "within_next_days":
      return t >= now && t <= now + n;
    case "due_within_days":
      return t <= now + n;
    default:
      return false;
  }
}

function addressValid(o: Order): boolean {
  const a = o.ship_to;
  return [a.line1, a.city, a.postal_code].every((s) => s.trim() !== "") && /^[A-Z]{2}$/i.test(a.country.trim());
}

function orderValue(o: Order, key: string, facts: OrderFacts): unknown {
  switch (key) {
    case "channel":
      return o.channel_id;
    case "total":
      return o.total;
    case "currency":
      return o.currency;
    case "line_count":
      return o.lines.length;
    case "total_quantity":
      return o.lines.reduce((n, l) => n + l.quantity, 0);
    case "total_weight_g":
      return o.weight_g;
    case "ship_to_country":
      return o.ship_to.country;
    case "ship_to_region":
      return o.ship_to.region;
    case "ship_to_city":
      return o.ship_to.city;
    case "ship_to_postal_code":
      return o.ship_to.postal_code;
    case "ship_to_residential":
      return o.ship_to.residential;
    case "address_check":
      return !facts.addressInvalid && addressValid(o) ? "valid" : "invalid";
    case "requested_service":
      return o.requested_service;
    case "tags":
      return o.tags;
    case "customer_name":
      return o.customer.name;
    case "customer_email":
      return o.customer.email;
    case "customer_notes":
      return o.customer_notes;
    case "internal_notes":
      return o.internal_notes;
    case "gift":
      return o.gift;
    case "payment_status":
      return o.payment_status;
    case "placed_at":
      return o.placed_at;
    case "ship_by":
      return o.ship_by;
    default:
      return null;
  }
}

function lineValue(l: Order["lines"][number], key: string): unknown {
  switch (key) {
    case "sku":
      return l.sku;
    case "name":
      return l.name;
    case "product_tags":
      return l.product_tags;
    case "quantity":
      return l.quantity;
    case "unit_price":
      return l.unit_price;
    case "unit_weight_g":
      return l.unit_weight_g;
    case "weight_g":
      return l.unit_weight_g * l.quantity;
    default:
      return null;
  }
}

function leafHolds(spec: FieldSpec, value: unknown, test: Test, now: number): boolean {
  const op = Object.keys(test)[0];
  const x = test[op];
  switch (spec.kind) {
    case "text":
      if (Array.isArray(value)) {
        // Internal notes: a test holds when any note passes it; `not_…` tests when none fails.
        if (op === "is_blank") return (value.length === 0) === x;
        return op.startsWith("not_") ? value.every((v) => textTest(v, op, x)) : value.some((v) => textTest(v, op, x));
      }
      return textTest((value as string | null) ?? null, op, x);
    case "number":
      return numberTest(value as number, op, x);
    case "choice": {
      const v = value as string;
      if (op === "equals") return v === x;
      if (op === "not_equals") return v !== x;
      if (op === "one_of") return (x as string[]).includes(v);
      return !(x as string[]).includes(v);
    }
    case "list":
      return listTest(value as string[], op, x);
    case "flag":
      return value === x;
    case "maybe_flag":
      return op === "equals" ? value !== null && value === x : (value === null) === x;
    case "date":
      return dateTest((value as string | null) ?? null, op, x, now);
  }
}

function show(spec: FieldSpec, value: unknown, o: Order): string {
  if (value === null || value === undefined) return "(none)";
  if (spec.unit === "money" && typeof value === "number") return formatMoney(value, o.currency, "en-US");
  if (spec.unit === "grams") return `${value} g`;
  if (Array.isArray(value)) return value.length ? value.map((v) => `"${v}"`).join(", ") : "(none)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return typeof value === "string" ? `"${value}"` : String(value);
}

function describe(node: unknown, scope: "order" | "line"): string {
  if (node === "always") return "always";
  if (typeof node !== "object" || node === null) return String(node);
  const key = Object.keys(node)[0];
  const value = (node as Record<string, unknown>)[key];
  if (key === "all" || key === "any") {
    if (scope === "line") return `(${(value as unknown[]).map((c) => describe(c, "line")).join(key === "all" ? " and " : " or ")})`;
    return `${key} of ${(value as unknown[]).length} conditions`;
  }
  if (key === "not") return `not (${describe(value, scope)})`;
  if (scope === "order" && key in QUANTIFIERS) return `${QUANTIFIERS[key as keyof typeof QUANTIFIERS].label.toLowerCase()}: ${describe(value, "line")}`;
  const spec = scope === "order" ? ORDER_FIELDS[key as keyof typeof ORDER_FIELDS] : LINE_FIELDS[key as keyof typeof LINE_FIELDS];
  const op = operatorOf(spec.kind, value as Test);
  const v = valueOf(value as Test);
  const money = (n: unknown) => (typeof n === "number" ? (n / 100).toFixed(2) : String(n));
  if (spec.unit === "money" && op.input === "number") return `${spec.label.toLowerCase()} ${op.label} ${money(v)}`;
  if (spec.unit === "money" && op.input === "range") return `${spec.label.toLowerCase()} ${op.label} ${money((v as { min: number }).min)} and ${money((v as { max: number }).max)}`;
  const shown = op.input === "none" ? "" : Array.isArray(v) ? ` ${v.map((x) => `"${x}"`).join(", ")}` : typeof v === "object" && v ? ` ${JSON.stringify(v)}` : ` ${typeof v === "string" ? `"${v}"` : String(v)}`;
  return `${spec.label.toLowerCase()} ${op.label}${shown}`;
}

/** Evaluates one condition, writing trace entries in written order; groups stop early. */
function evalOrder(node: unknown, path: string, o: Order, facts: OrderFacts, now: number, out: ConditionTrace[] | null, skip = false): boolean | null {
  const entry: ConditionTrace = { path, test: describe(node, "order"), result: null };
  out?.push(entry);
  if (node === "always") {
    if (!skip) entry.result = true;
    return skip ? null : true;
  }
  const key = Object.keys(node as object)[0];
  const value = (node as Record<string, unknown>)[key];
  if (key === "all" || key === "any") {
    let decided: boolean | null = null;
    (value as unknown[]).forEach((c, i) => {
      const r = evalOrder(c, `${path}.${key}[${i}]`, o, facts, now, out, skip || decided !== null);
      if (decided === null && r !== null && r === (key === "any")) decided = r;
    });
    const result = skip ? null : (decided ?? key === "all");
    entry.result = result;
    return result;
  }
  if (key === "not") {
    const r = evalOrder(value, `${path}.not`, o, facts, now, out, skip);
    entry.result = r === null ? null : !r;
    return entry.result;
  }
  if (skip) return null;
  if (key in QUANTIFIERS) {
    const matched = o.lines.filter((l) => evalLine(value, l, now));
    entry.saw = matched.length ? `lines ${matched.map((l) => l.sku).join(", ")} match` : `no line matches (${o.lines.map((l) => l.sku).join(", ")})`;
    entry.result = key === "any_line" ? matched.length > 0 : key === "all_lines" ? o.lines.length > 0 && matched.length === o.lines.length : matched.length === 0;
    return entry.result;
  }
  const spec = ORDER_FIELDS[key as keyof typeof ORDER_FIELDS];
  const seen = orderValue(o, key, facts);
  entry.saw = show(spec, seen, o);
  entry.result = leafHolds(spec, seen, value as Test, now);
  return entry.result;
}

function evalLine(node: unknown, l: Order["lines"][number], now: number): boolean {
  const key = Object.keys(node as object)[0];
  const value = (node as Record<string, unknown>)[key];
  if (key === "all") return (value as unknown[]).every((c) => evalLine(c, l, now));
  if (key === "any") return (value as unknown[]).some((c) => evalLine(c, l, now));
  if (key === "not") return !evalLine(value, l, now);
  return leafHolds(LINE_FIELDS[key as keyof typeof LINE_FIELDS], lineValue(l, key), value as Test, now);
}

function actionText(a: Action): string {
  if (typeof a === "string") return "require signature";
  if ("hold" in a && a.hold) return `hold (${a.hold.reason})${a.hold.note ? `: "${a.hold.note}"` : ""}${a.hold.release_after_minutes ? `, release after ${a.hold.release_after_minutes} minutes` : ""}`;
  if ("assign_location" in a && a.assign_location) return `assign location ${LOCATIONS.find((l) => l.id === a.assign_location!.location_id)?.name ?? a.assign_location.location_id}`;
  if ("route_to_partner" in a && a.route_to_partner) return `route to partner ${LOCATIONS.find((l) => l.id === a.route_to_partner!.location_id)?.name ?? a.route_to_partner.location_id}`;
  if ("set_service" in a && a.set_service) return `set service ${a.set_service.carrier} / ${a.set_service.service}${a.set_service.package ? ` (package ${a.set_service.package})` : ""}`;
  if ("add_insurance" in a && a.add_insurance !== undefined) return a.add_insurance === "order_value" ? "add insurance of the order value" : `add insurance of ${a.add_insurance.amount}`;
  if ("add_tag" in a && a.add_tag) return `add tag "${a.add_tag.tag}"`;
  if ("add_note" in a && a.add_note) return `add note "${a.add_note.note}"`;
  if ("set_batch_group" in a && a.set_batch_group) return `set batch group "${a.set_batch_group.group}"`;
  return JSON.stringify(a);
}

type Slot = "hold" | "location" | "service" | "signature" | "insurance" | "batch_group";
const SLOT_OWNER: Record<Slot, OwnedField> = { hold: "hold", location: "location", service: "service", signature: "options", insurance: "options", batch_group: "options" };

function slotOf(a: Action): Slot | null {
  if (typeof a === "string") return "signature";
  const k = actionKey(a);
  if (k === "hold") return "hold";
  if (k === "assign_location" || k === "route_to_partner") return "location";
  if (k === "set_service") return "service";
  if (k === "add_insurance") return "insurance";
  if (k === "set_batch_group") return "batch_group";
  return null;
}

/** What a ruleset decides for one order at `now` (ms), with the trace. Pure. */
export function evaluate(ruleset: Ruleset, o: Order, now: number, facts: OrderFacts = {}): { decision: DecisionRecord; trace: RuleTrace[] } {
  const d = noDecision(ruleset.version);

  const trace: RuleTrace[] = [];
  const holders = new Map<Slot, { ref: ActionRef; entry: ActionTrace }>();
  for (const stage of STAGES) {
    const order = ruleset.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.stage === stage).sort((a, b) => a.r.priority - b.r.priority || a.i - b.i);
    let stoppedBy: string | null = null;
    for (const { r } of order) {
      const base = { rule_id: r.id, name: r.name, stage, priority: r.priority };
      if (!r.enabled || stoppedBy) {
        trace.push({ ...base, outcome: (r.enabled ? "skipped" : "disabled") as RuleOutcome, stopped_by: r.enabled ? stoppedBy : null });
        continue;
      }
      const conditions: ConditionTrace[] = [];
      const matched = evalOrder(r.when, "when", o, facts, now, conditions) === true;
      const actions: ActionTrace[] = [];
      if (matched) {
        d.fired.push({ rule_id: r.id, name: r.name, stage });
        for (const a of r.then) {
          const entry: ActionTrace = { action: actionText(a), effect: "applied" };
          actions.push(entry);
          const ref: ActionRef = { rule_id: r.id, rule_name: r.name, action: entry.action };
          const slot = slotOf(a);
          const owner = slot ? SLOT_OWNER[slot] : actionKey(a) === "add_tag" ? "tags" : null;
          if (owner && o.owned_fields.includes(owner)) {
            entry.effect = "kept";
            entry.note = KEPT;
            if (!d.kept.includes(owner)) d.kept.push(owner);
            continue;
          }
          const by = { rule_id: r.id, rule_name: r.name };
          if (slot) {
            const before = holders.get(slot);
            if (before) {
              before.entry.overridden_by = ref;
              entry.overrides = [before.ref];
            }
            holders.set(slot, { ref, entry });
          }
          if (typeof a === "string") d.signature = { value: true, ...by };
          else if ("hold" in a && a.hold) d.hold = { reason: a.hold.reason, note: a.hold.note ?? "", release_at: a.hold.release_after_minutes ? new Date(now + a.hold.release_after_minutes * 60_000).toISOString() : null, ...by };
          else if (("assign_location" in a && a.assign_location) || ("route_to_partner" in a && a.route_to_partner)) {
            const locId = (a.assign_location ?? a.route_to_partner)!.location_id;
            if (!LOCATIONS.some((l) => l.id === locId)) {
              entry.effect = "unroutable";
              entry.note = `location ${locId} does not exist: the order is held unroutable`;
              d.location = null;
              if (!d.hold) d.hold = { reason: "unroutable", note: `${r.name} routes to ${locId}, which does not exist`, release_at: null, ...by };
            } else d.location = { value: locId, ...by };
          } else if ("set_service" in a && a.set_service) {
            d.carrier = { value: a.set_service.carrier, ...by };
            d.service = { value: a.set_service.service, ...by };
            d.package = a.set_service.package ? { value: a.set_service.package, ...by } : null;
          } else if ("add_insurance" in a && a.add_insurance !== undefined) d.insurance = { value: a.add_insurance === "order_value" ? o.total : a.add_insurance.amount, ...by };
          else if ("add_tag" in a && a.add_tag) d.tags.push({ value: a.add_tag.tag.trim(), ...by });
          else if ("add_note" in a && a.add_note) d.notes.push({ value: a.add_note.note.trim(), ...by });
          else if ("set_batch_group" in a && a.set_batch_group) d.batch_group = { value: a.set_batch_group.group.trim(), ...by };
        }
        if (r.stop_processing) stoppedBy = r.id;
      }
      trace.push({ ...base, outcome: matched ? "matched" : "not_matched", stopped_processing: matched && r.stop_processing, conditions, actions });
    }
  }
  return { decision: d, trace };
}

