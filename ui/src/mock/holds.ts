// The fake backend's rules: a small fixed ruleset, evaluated the way crates/core/src/rules does
// (stages in order, priorities inside a stage, later actions override earlier ones slot by slot,
// stop-processing skips the rest of a stage, fields a person owns are kept), producing the same
// DecisionRecord and TraceReport shapes; applying a decision as apply_record does; and the held
// overview. Facts the fake orders do not carry (fraud score, stock, payment method) live in
// MockFacts, seeded so that the fake data's holds agree with the rules that explain them.
import type {
  ActionTrace,
  ConditionTrace,
  DecisionRecord,
  HeldGroup,
  HeldOverview,
  HoldReason,
  Order,
  OrderEvent,
  OrderStatus,
  OwnedField,
  RuleTrace,
  RunCause,
  RulesRun,
  Stage,
  TraceReport,
} from "../bindings";
import { currencyExponent } from "../format/money";

export const MOCK_RULESET_VERSION = 12;
export const RULE_STATUSES: readonly OrderStatus[] = ["awaiting_payment", "on_hold", "ready"];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** What the rules look at that a fake order does not say by itself. */
export type MockFacts = {
  fraudScore: number;
  firstOrder: boolean;
  addressInvalid: boolean;
  /** The SKU with no stock anywhere, if any. */
  outOfStock: string | null;
  bankTransfer: boolean;
  unroutable: boolean;
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Facts consistent with the fake order's hold: a fraud hold has a high score, and so on. */
export function initialFacts(o: Order): MockFacts {
  const h = hash(o.id);
  const reason = o.status === "on_hold" ? o.hold?.reason : undefined;
  return {
    fraudScore: reason === "fraud_risk" ? 70 + (h % 30) : h % 60,
    firstOrder: reason === "fraud_risk" || h % 3 === 0,
    addressInvalid: reason === "address_invalid",
    outOfStock: reason === "out_of_stock" ? (o.lines[0]?.sku ?? null) : null,
    bankTransfer: reason === "payment_pending",
    unroutable: reason === "unroutable",
  };
}

// ---- The ruleset ----------------------------------------------------------------------------

type Leaf = { test: string; saw: (o: Order, f: MockFacts) => string; holds: (o: Order, f: MockFacts) => boolean };
type When = "always" | Leaf | { all: Leaf[] } | { any: Leaf[] };
type Act =
  | { kind: "hold"; reason: HoldReason; note: string; releaseAfterMin?: number }
  | { kind: "location"; id: string; partner: boolean }
  | { kind: "service"; carrier: string; service: string; package?: string }
  | { kind: "signature" }
  | { kind: "insurance" }
  | { kind: "batch"; group: string }
  | { kind: "tag"; tag: string }
  | { kind: "note"; note: string };
type MockRule = { id: string; name: string; stage: Stage; priority: number; enabled: boolean; stop: boolean; when: When; then: Act[] };

const q = (s: string) => `"${s}"`;
const money = (o: Order, minor: number) => `${(minor / 10 ** currencyExponent(o.currency)).toFixed(currencyExponent(o.currency))} ${o.currency}`;
const yesNo = (b: boolean) => (b ? "yes" : "no");
const country = (...codes: string[]): Leaf => ({
  test: codes.length === 1 ? `ship-to country is ${q(codes[0])}` : `ship-to country is one of ${codes.map(q).join(", ")}`,
  saw: (o) => q(o.ship_to.country),
  holds: (o) => codes.includes(o.ship_to.country),
});
const lineTag = (tag: string): Leaf => ({
  test: `any line: product tags include ${q(tag)}`,
  saw: (o) => {
    const hit = o.lines.filter((l) => l.product_tags.includes(tag)).map((l) => q(l.sku));
    return hit.length > 0 ? `line ${hit.join(", ")} matches` : `no line matches (lines: ${o.lines.map((l) => q(l.sku)).join(", ")})`;
  },
  holds: (o) => o.lines.some((l) => l.product_tags.includes(tag)),
});
const totalOver = (minor: number): Leaf => ({ test: `order total > ${minor}`, saw: (o) => money(o, o.total), holds: (o) => o.total > minor });

const RULES: MockRule[] = [
  {
    id: "rul_01fraud", name: "High-value first orders", stage: "holds", priority: 1, enabled: true, stop: true,
    when: {
      all: [
        { test: "fraud score ≥ 70", saw: (_, f) => String(f.fraudScore), holds: (_, f) => f.fraudScore >= 70 },
        { test: "first order from this customer is yes", saw: (_, f) => yesNo(f.firstOrder), holds: (_, f) => f.firstOrder },
      ],
    },
    then: [{ kind: "hold", reason: "fraud_risk", note: "Risky first order: check the payment before packing." }],
  },
  {
    id: "rul_06addr", name: "Address fails the checks", stage: "holds", priority: 2, enabled: true, stop: true,
    when: { test: "address check is invalid", saw: (_, f) => (f.addressInvalid ? "invalid" : "valid"), holds: (_, f) => f.addressInvalid },
    then: [{ kind: "hold", reason: "address_invalid", note: "Fix the ship-to address: the postal code does not match the city." }],
  },
  {
    id: "rul_07stock", name: "Lines out of stock", stage: "holds", priority: 3, enabled: true, stop: false,
    when: {
      test: "any line: available stock is 0",
      saw: (o, f) => (f.outOfStock ? `line ${q(f.outOfStock)} matches` : `no line matches (lines: ${o.lines.map((l) => q(l.sku)).join(", ")})`),
      holds: (_, f) => f.outOfStock !== null,
    },
    then: [{ kind: "hold", reason: "out_of_stock", note: "Waiting for stock at every location." }],
  },
  {
    id: "rul_08bank", name: "Unpaid bank transfers", stage: "holds", priority: 4, enabled: true, stop: false,
    when: {
      all: [
        { test: "payment status is pending", saw: (o) => o.payment_status, holds: (o) => o.payment_status === "pending" },
        { test: "payment method is bank transfer", saw: (_, f) => (f.bankTransfer ? "bank transfer" : "card"), holds: (_, f) => f.bankTransfer },
      ],
    },
    then: [{ kind: "hold", reason: "payment_pending", note: "Bank transfer not received yet.", releaseAfterMin: 48 * 60 }],
  },
  {
    id: "rul_09route", name: "Nowhere stocks every line", stage: "holds", priority: 5, enabled: true, stop: false,
    when: { test: "every line stocked at one location is no", saw: (_, f) => yesNo(!f.unroutable), holds: (_, f) => f.unroutable },
    then: [{ kind: "hold", reason: "unroutable", note: "No location stocks every line and splitting is off." }],
  },
  {
    id: "rul_10whs", name: "Review wholesale orders", stage: "holds", priority: 6, enabled: false, stop: false,
    when: { test: "order tags include \"wholesale\"", saw: (o) => o.tags.map(q).join(", ") || "(none)", holds: (o) => o.tags.includes("wholesale") },
    then: [{ kind: "hold", reason: "manual_review", note: "Wholesale order: confirm the price list." }],
  },

  { id: "rul_11reno", name: "Everything else from Reno DC", stage: "location", priority: 1, enabled: true, stop: false, when: "always", then: [{ kind: "location", id: "loc_01reno", partner: false }] },
  { id: "rul_12bkln", name: "Brooklyn store for New York", stage: "location", priority: 2, enabled: true, stop: false, when: { test: "ship-to region is \"NY\"", saw: (o) => (o.ship_to.region ? q(o.ship_to.region) : "(blank)"), holds: (o) => o.ship_to.region === "NY" }, then: [{ kind: "location", id: "loc_02bkln", partner: false }] },
  { id: "rul_13pac", name: "Oversize via Pacific Drop-ship", stage: "location", priority: 3, enabled: true, stop: false, when: { all: [country("US"), lineTag("oversize")] }, then: [{ kind: "location", id: "loc_05pac", partner: true }] },
  { id: "rul_04eu", name: "EU ships from Rotterdam", stage: "location", priority: 4, enabled: true, stop: true, when: country("DE", "FR", "NL", "AT"), then: [{ kind: "location", id: "loc_03rtm", partner: true }] },
  { id: "rul_14jp", name: "Japan via Amazon MCF", stage: "location", priority: 5, enabled: true, stop: false, when: country("JP"), then: [{ kind: "location", id: "loc_04mcf", partner: true }] },

  { id: "rul_02hazmat", name: "Hazmat ground only", stage: "service", priority: 1, enabled: true, stop: true, when: { all: [country("US", "CA"), lineTag("hazmat")] }, then: [{ kind: "service", carrier: "UPS", service: "Ground", package: "Hazmat box" }] },
  { id: "rul_15us", name: "US & Canada by UPS Ground", stage: "service", priority: 2, enabled: true, stop: false, when: country("US", "CA"), then: [{ kind: "service", carrier: "UPS", service: "Ground", package: "Medium box" }] },
  {
    id: "rul_16light", name: "Light parcels by USPS", stage: "service", priority: 3, enabled: true, stop: false,
    when: { all: [country("US"), { test: "total weight (g) ≤ 450", saw: (o) => String(o.weight_g), holds: (o) => o.weight_g <= 450 }] },
    then: [{ kind: "service", carrier: "USPS", service: "Ground Advantage", package: "Poly mailer" }],
  },
  {
    id: "rul_17exp", name: "Express when asked", stage: "service", priority: 4, enabled: true, stop: false,
    when: { all: [country("US", "CA"), { test: "requested service is \"Express\"", saw: (o) => (o.requested_service ? q(o.requested_service) : "(blank)"), holds: (o) => o.requested_service === "Express" }] },
    then: [{ kind: "service", carrier: "UPS", service: "2nd Day Air" }],
  },
  { id: "rul_18eu", name: "EU by DHL Paket", stage: "service", priority: 5, enabled: true, stop: false, when: country("DE", "FR", "NL", "AT"), then: [{ kind: "service", carrier: "DHL", service: "Paket" }] },
  { id: "rul_19jp", name: "Japan by Yamato", stage: "service", priority: 6, enabled: true, stop: false, when: country("JP"), then: [{ kind: "service", carrier: "Yamato", service: "TA-Q-BIN" }] },
  { id: "rul_20uk", name: "UK by Royal Mail", stage: "service", priority: 7, enabled: true, stop: false, when: country("GB"), then: [{ kind: "service", carrier: "Royal Mail", service: "Tracked 48" }] },

  { id: "rul_03sig", name: "Signature over 300", stage: "enhance", priority: 1, enabled: true, stop: false, when: totalOver(30000), then: [{ kind: "signature" }] },
  { id: "rul_21ins", name: "Insure over 500", stage: "enhance", priority: 2, enabled: true, stop: false, when: totalOver(50000), then: [{ kind: "insurance" }] },
  {
    id: "rul_05vip", name: "Tag VIP customers", stage: "enhance", priority: 3, enabled: true, stop: false,
    when: { all: [totalOver(40000), { test: "first order from this customer is no", saw: (_, f) => yesNo(f.firstOrder), holds: (_, f) => !f.firstOrder }] },
    then: [{ kind: "tag", tag: "vip" }],
  },
  { id: "rul_22gift", name: "Gift orders in the gift wave", stage: "enhance", priority: 4, enabled: true, stop: false, when: { test: "gift is yes", saw: (o) => yesNo(o.gift), holds: (o) => o.gift }, then: [{ kind: "batch", group: "gift-wave" }, { kind: "note", note: "Gift: no invoice in the box." }] },
];

const STAGE_ORDER: Stage[] = ["holds", "location", "service", "enhance"];
const ORDERED = STAGE_ORDER.flatMap((s) => RULES.filter((r) => r.stage === s).sort((a, b) => a.priority - b.priority));

function describe(a: Act): string {
  switch (a.kind) {
    case "hold":
      return `hold (${a.reason}): ${q(a.note)}`;
    case "location":
      return `${a.partner ? "route to partner" : "assign location"} ${a.id}`;
    case "service":
      return `set service ${a.carrier} / ${a.service}${a.package ? ` (package ${a.package})` : ""}`;
    case "signature":
      return "require signature";
    case "insurance":
      return "add insurance (order value)";
    case "batch":
      return `set batch group ${q(a.group)}`;
    case "tag":
      return `add tag ${q(a.tag)}`;
    case "note":
      return `add note ${q(a.note)}`;
  }
}

/** Owned fields that stop an action (notes are never owned). */
function ownersOf(a: Act): OwnedField[] {
  switch (a.kind) {
    case "hold":
      return ["hold"];
    case "location":
      return ["location"];
    case "service":
      return ["carrier", "service"];
    case "signature":
    case "insurance":
    case "batch":
      return ["options"];
    case "tag":
      return ["tags"];
    case "note":
      return [];
  }
}

/** The slot an action fills: later actions in the same slot override earlier ones. */
function slotOf(a: Act): string | null {
  return a.kind === "tag" || a.kind === "note" ? null : a.kind;
}

function evalWhen(when: When, o: Order, f: MockFacts): { matched: boolean; conditions: ConditionTrace[] } {
  if (when === "always") return { matched: true, conditions: [{ path: "when", test: "always", result: true }] };
  if ("test" in when) {
    const result = when.holds(o, f);
    return { matched: result, conditions: [{ path: "when", test: when.test, saw: when.saw(o, f), result }] };
  }
  const every = "all" in when;
  const leaves = every ? when.all : when.any;
  const key = every ? "all" : "any";
  const out: ConditionTrace[] = [];
  let decided: boolean | null = null;
  leaves.forEach((leaf, i) => {
    const path = `when.${key}[${i}]`;
    // A group stops at its first deciding condition; the rest were not needed.
    if (decided !== null) {
      out.push({ path, test: leaf.test, result: null });
      return;
    }
    const result = leaf.holds(o, f);
    out.push({ path, test: leaf.test, saw: leaf.saw(o, f), result });
    if (every && !result) decided = false;
    if (!every && result) decided = true;
  });
  const matched = decided ?? every;
  return { matched, conditions: [{ path: "when", test: `${every ? "all" : "any"} of ${leaves.length} conditions`, result: matched }, ...out] };
}

/** Evaluates the mock ruleset on `o` at `now`, with the trace. Pure. */
export function evaluate(o: Order, f: MockFacts, now: Date): { decision: DecisionRecord; trace: TraceReport } {
  const d: DecisionRecord = {
    ruleset_version: MOCK_RULESET_VERSION,
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
  const traces: RuleTrace[] = [];
  const inSlot = new Map<string, { rule: MockRule; action: string; trace: ActionTrace }>();
  let stoppedBy: { stage: Stage; id: string } | null = null;

  for (const rule of ORDERED) {
    const base = { rule_id: rule.id, name: rule.name, stage: rule.stage, priority: rule.priority };
    if (!rule.enabled) {
      traces.push({ ...base, outcome: "disabled" });
      continue;
    }
    if (stoppedBy && stoppedBy.stage === rule.stage) {
      traces.push({ ...base, outcome: "skipped", stopped_by: stoppedBy.id });
      continue;
    }
    const { matched, conditions } = evalWhen(rule.when, o, f);
    if (!matched) {
      traces.push({ ...base, outcome: "not_matched", conditions });
      continue;
    }
    d.fired.push({ rule_id: rule.id, name: rule.name, stage: rule.stage });
    const by = { rule_id: rule.id, rule_name: rule.name };
    const actions: ActionTrace[] = rule.then.map((a) => {
      const desc = describe(a);
      const owned = ownersOf(a).filter((field) => o.owned_fields.includes(field));
      const all = owned.length > 0 && owned.length === ownersOf(a).length;
      for (const field of owned) if (!d.kept.includes(field)) d.kept.push(field);
      if (all) return { action: desc, effect: "kept", note: "kept: set by a person" };
      const t: ActionTrace = { action: desc, effect: "applied", note: owned.length > 0 ? `${owned[0]} kept: set by a person` : null };
      const slot = slotOf(a);
      if (slot) {
        const before = inSlot.get(slot);
        if (before) {
          before.trace.overridden_by = { ...{ rule_id: rule.id, rule_name: rule.name }, action: desc };
          t.overrides = [{ rule_id: before.rule.id, rule_name: before.rule.name, action: before.action }];
        }
        inSlot.set(slot, { rule, action: desc, trace: t });
      }
      switch (a.kind) {
        case "hold":
          d.hold = { reason: a.reason, note: a.note, release_at: a.releaseAfterMin ? new Date(now.getTime() + a.releaseAfterMin * MINUTE).toISOString() : null, ...by };
          break;
        case "location":
          d.location = { value: a.id, ...by };
          break;
        case "service":
          if (!o.owned_fields.includes("carrier")) d.carrier = { value: a.carrier, ...by };
          if (!o.owned_fields.includes("service")) d.service = { value: a.service, ...by };
          d.package = a.package ? { value: a.package, ...by } : null;
          break;
        case "signature":
          d.signature = { value: true, ...by };
          break;
        case "insurance":
          d.insurance = { value: o.total, ...by };
          break;
        case "batch":
          d.batch_group = { value: a.group, ...by };
          break;
        case "tag":
          d.tags.push({ value: a.tag, ...by });
          break;
        case "note":
          d.notes.push({ value: a.note, ...by });
          break;
      }
      return t;
    });
    traces.push({ ...base, outcome: "matched", conditions, actions, stopped_processing: rule.stop });
    if (rule.stop) stoppedBy = { stage: rule.stage, id: rule.id };
  }
  return { decision: d, trace: { ruleset_version: MOCK_RULESET_VERSION, now: now.toISOString(), rules: traces } };
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
export function applyDecision(o: Order, d: DecisionRecord, now: Date, log: Log): boolean {
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
  } else if (!h && !owns("hold") && o.status === "on_hold" && o.hold?.placed_by.startsWith("rule:")) {
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

/** When and why the rules last ran on an order; the decision and trace are worked out on demand. */
export type RunMeta = { cause: RunCause; ran_at: string };

/** One run of the rules on `o`: evaluate and apply. */
export function runRules(o: Order, f: MockFacts, cause: RunCause, now: Date, log: Log): RunMeta {
  const { decision } = evaluate(o, f, now);
  applyDecision(o, decision, now, log);
  return { cause, ran_at: now.toISOString() };
}

/**
 * The run the detail shows, evaluated again at the time it ran (kept small: 50 000 fake orders
 * need not each carry a trace). Every change of the facts runs the rules anew, so this is what
 * that run decided, except that fields a person took over since then read as kept.
 */
export function rulesRun(o: Order, f: MockFacts, meta: RunMeta): RulesRun {
  const { decision, trace } = evaluate(o, f, new Date(meta.ran_at));
  return { ruleset_version: MOCK_RULESET_VERSION, ran_at: meta.ran_at, cause: meta.cause, decision, trace };
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
export function seed(o: Order, timeline: OrderEvent[], f: MockFacts): RunMeta | null {
  // The generator's own "rule applied" entries name rules this ruleset does not have.
  const at = timeline.findIndex((e) => e.kind.type === "rule_applied");
  const kept = timeline.filter((e) => e.kind.type !== "rule_applied");
  timeline.splice(0, timeline.length, ...kept);
  if (!RULE_STATUSES.includes(o.status)) return null;
  const ranAt = new Date(Date.parse(o.placed_at) + 30_000);
  const { decision } = evaluate(o, f, ranAt);
  const h = decision.hold;
  if (o.status === "on_hold" && o.hold && h && o.hold.reason === h.reason && !o.owned_fields.includes("hold")) {
    o.hold = { ...o.hold, placed_by: `rule:${h.rule_id}`, note: h.note, release_at: h.release_at };
    for (const e of timeline) {
      if (e.kind.type === "held" && e.kind.reason === h.reason) {
        e.actor = o.hold.placed_by;
        e.kind = { ...e.kind, note: h.note, release_at: h.release_at };
      }
    }
  }
  applyDecision(o, decision, ranAt, () => {});
  for (const e of timeline) {
    if (e.kind.type === "routed") e.kind = { type: "routed", location: o.location_id, carrier: o.carrier, service: o.service };
  }
  const ruleEvents: OrderEvent[] = summaries(decision).map((r) => ({
    order_id: o.id,
    at: new Date(ranAt.getTime() + 30_000).toISOString(),
    actor: `rule:${r.rule_id}`,
    kind: { type: "rule_applied", rule: r.rule_id, summary: r.summary },
  }));
  timeline.splice(at < 0 ? Math.min(1, timeline.length) : at, 0, ...ruleEvents);
  return { cause: "imported", ran_at: ranAt.toISOString() };
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
