// The fake backend's rules: a small default ruleset (like the demo workspace's), validation with
// the checks a manager meets first (empty criteria, blank values, actions in the wrong stage,
// unknown or wrong-kind locations), versioned saves with an audit and conflicts, and a plain
// evaluator for "test on an order" and dry runs over the mock orders. Plausible, not exact:
// the real engine lives in crates/core/src/rules.
// Query string knob: ?mock-rules-conflict (the first save finds that someone else saved).
import type {
  Action,
  ActionRef,
  ActionTrace,
  AppError,
  ConditionTrace,
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
  RuleOutcome,
  Ruleset,
  RulesetView,
  RuleTest,
  RuleTrace,
  Stage,
} from "../bindings";
import {
  ACTIONS,
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
import { CHANNELS, LOCATIONS } from "./catalog";
import type { MockStore } from "./store";

const DAY = 86_400_000;
const RULE_STATUSES: OrderStatus[] = ["awaiting_payment", "on_hold", "ready"];
const KEPT = "kept: set by a person";
const fail = (code: AppError["code"], message: string): AppError => ({ code, message });

// ---- The default ruleset ---------------------------------------------------------------------

const id = (n: number) => `rul_01HZX4Q8N5KD7R2M3B6C9T0A${String(n).padStart(2, "0")}`;

function defaultRules(): Rule[] {
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
  add("location", "EU orders to the Rotterdam 3PL", { currency: { equals: "EUR" } }, [{ route_to_partner: { location_id: "loc_03rtm" } }]);
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

function orderValue(o: Order, key: string): unknown {
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
      return addressValid(o) ? "valid" : "invalid";
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
function evalOrder(node: unknown, path: string, o: Order, now: number, out: ConditionTrace[] | null, skip = false): boolean | null {
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
      const r = evalOrder(c, `${path}.${key}[${i}]`, o, now, out, skip || decided !== null);
      if (decided === null && r !== null && r === (key === "any")) decided = r;
    });
    const result = skip ? null : (decided ?? key === "all");
    entry.result = result;
    return result;
  }
  if (key === "not") {
    const r = evalOrder(value, `${path}.not`, o, now, out, skip);
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
  const seen = orderValue(o, key);
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

/** What a ruleset decides for one order, with the trace. */
export function evaluate(ruleset: Ruleset, o: Order, now: number): { decision: DecisionRecord; trace: RuleTrace[] } {
  const d: DecisionRecord = {
    ruleset_version: ruleset.version,
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
      const matched = evalOrder(r.when, "when", o, now, conditions) === true;
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
  private current: Ruleset;
  private savedAt: string;
  private savedBy: string;
  private history: RuleAuditEntry[] = [];
  private hits = new Map<string, RuleHits>();
  private conflictOnce: boolean;

  constructor(private store: MockStore) {
    const now = Date.now();
    const v1 = defaultRules();
    // Version 1 as first set up; version 2 raised the signature threshold.
    const sig = v1.find((r) => r.name === "Signature over 500.00")!;
    const older: Rule = { ...sig, name: "Signature over 400.00", when: { total: { gte: 40_000 } } };
    const first = v1.map((r) => (r.id === sig.id ? older : r));
    const t1 = new Date(now - 20 * DAY).toISOString();
    this.history = first.map((r) => ({ version: 1, rule_id: r.id, rule_name: r.name, change: "added", before: null, after: r, at: t1, actor: "system" }));
    this.savedAt = new Date(now - 3 * DAY).toISOString();
    this.savedBy = "user:marco";
    this.history.unshift({ version: 2, rule_id: sig.id, rule_name: sig.name, change: "edited", before: older, after: sig, at: this.savedAt, actor: this.savedBy });
    this.current = { version: 2, rules: v1 };
    this.conflictOnce = new URLSearchParams(window.location.search).has("mock-rules-conflict");
    this.countHits(now);
  }

  /** Orders newest first with the given statuses, at most `limit`, none placed before `since`. */
  private orders(statuses: OrderStatus[] | null, limit = Infinity, since = 0): Order[] {
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
      for (const f of evaluate(this.current, o, placed).decision.fired) {
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
    const { decision, trace } = evaluate(ruleset, order, now);
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
      const { decision } = evaluate(ruleset, o, now);
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
