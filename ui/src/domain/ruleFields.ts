// The rule language as the editor offers it: every condition field with its value type,
// operators and value inputs, every action with its stage. Derived from the generated types in
// bindings.ts so that TypeScript refuses this file when the Rust side adds, removes or retypes a
// field, an operator or an action (see the `satisfies` clauses and `exhaustive` checks).
import type {
  Action,
  AddressCheck,
  ChannelId,
  ChoiceTest,
  Condition,
  DateTest,
  FlagTest,
  LineCondition,
  ListTest,
  MaybeFlagTest,
  NumberTest,
  PaymentStatus,
  Stage,
  TextTest,
} from "../bindings";
import { PAYMENT_LABEL } from "./labels";

// ---- Type plumbing -------------------------------------------------------------------------

/** Keys a type requires (the generated unions mark every other variant's key `?: never`). */
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** The one key of each single-key variant: `{total: …} & {currency?: never…}` → "total". */
export type OwnKey<T> = T extends unknown ? RequiredKeys<T> : never;
/** The value under `K` in the variant of `U` that has it. */
type ValueAt<U, K extends PropertyKey> = U extends unknown ? (K extends RequiredKeys<U> ? U[K & keyof U] : never) : never;
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
/** Compiles only when `Missing` is empty: `exhaustive<Exclude<All, Listed>>()`. */
function exhaustive<Missing extends never>(): void {}

type ObjectCondition = Exclude<Condition, string>;
export type ConditionKey = OwnKey<ObjectCondition>;
export type LineConditionKey = OwnKey<LineCondition>;

type GroupKey = "all" | "any" | "not";
export type QuantifierKey = "any_line" | "all_lines" | "no_line";
export type OrderFieldKey = Exclude<ConditionKey, GroupKey | QuantifierKey>;
export type LineFieldKey = Exclude<LineConditionKey, GroupKey>;
export type FieldKey = OrderFieldKey | LineFieldKey;

/** The operator family of a field, named after the backend's test types. */
export type TestKind = "text" | "number" | "choice" | "list" | "flag" | "maybe_flag" | "date";
/** How a number is shown and typed. */
export type NumberUnit = "money" | "grams" | "count";
/** Where a choice field's options come from. */
export type ChoiceSource = "payment_status" | "address_check" | "channel";
/** Suggestions offered while typing text values. */
export type SuggestSource = "country" | "currency" | "order_tag" | "product_tag" | "service";
export type FieldGroup = "order" | "contents" | "ship_to" | "customer" | "line";

type Base = { label: string; group: FieldGroup; hint?: string };
/** What a field's spec must say, given the test type the backend gives it. */
type SpecFor<V> = Base &
  (Equal<V, TextTest> extends true
    ? { kind: "text"; suggest?: SuggestSource }
    : Equal<V, NumberTest> extends true
      ? { kind: "number"; unit: NumberUnit }
      : Equal<V, ListTest> extends true
        ? { kind: "list"; suggest?: SuggestSource }
        : Equal<V, FlagTest> extends true
          ? { kind: "flag" }
          : Equal<V, MaybeFlagTest> extends true
            ? { kind: "maybe_flag" }
            : Equal<V, DateTest> extends true
              ? { kind: "date" }
              : Equal<V, ChoiceTest<PaymentStatus>> extends true
                ? { kind: "choice"; options: "payment_status" }
                : Equal<V, ChoiceTest<AddressCheck>> extends true
                  ? { kind: "choice"; options: "address_check" }
                  : Equal<V, ChoiceTest<ChannelId>> extends true
                    ? { kind: "choice"; options: "channel" }
                    : never);

export type FieldSpec = Base & {
  kind: TestKind;
  unit?: NumberUnit;
  options?: ChoiceSource;
  suggest?: SuggestSource;
};

// ---- Condition fields ----------------------------------------------------------------------

const ORDER_FIELD_SPECS = {
  channel: { label: "Channel", group: "order", kind: "choice", options: "channel" },
  total: { label: "Order total", group: "order", kind: "number", unit: "money", hint: "in the order's currency" },
  currency: { label: "Currency", group: "order", kind: "text", suggest: "currency" },
  payment_status: { label: "Payment status", group: "order", kind: "choice", options: "payment_status" },
  tags: { label: "Order tags", group: "order", kind: "list", suggest: "order_tag" },
  requested_service: { label: "Requested service", group: "order", kind: "text", suggest: "service" },
  gift: { label: "Gift", group: "order", kind: "flag" },
  placed_at: { label: "Placed at", group: "order", kind: "date" },
  ship_by: { label: "Ship by", group: "order", kind: "date" },
  internal_notes: { label: "Internal notes", group: "order", kind: "text", hint: "holds when any note passes" },
  line_count: { label: "Number of lines", group: "contents", kind: "number", unit: "count" },
  total_quantity: { label: "Total quantity", group: "contents", kind: "number", unit: "count" },
  total_weight_g: { label: "Total weight", group: "contents", kind: "number", unit: "grams" },
  ship_to_country: { label: "Country", group: "ship_to", kind: "text", suggest: "country", hint: "two-letter code" },
  ship_to_region: { label: "Region / state", group: "ship_to", kind: "text" },
  ship_to_city: { label: "City", group: "ship_to", kind: "text" },
  ship_to_postal_code: { label: "Postal code", group: "ship_to", kind: "text" },
  ship_to_residential: { label: "Residential", group: "ship_to", kind: "maybe_flag" },
  address_check: { label: "Address check", group: "ship_to", kind: "choice", options: "address_check" },
  customer_name: { label: "Customer name", group: "customer", kind: "text" },
  customer_email: { label: "Customer email", group: "customer", kind: "text" },
  customer_notes: { label: "Customer notes", group: "customer", kind: "text" },
} satisfies { [K in OrderFieldKey]: SpecFor<ValueAt<ObjectCondition, K>> };

const LINE_FIELD_SPECS = {
  sku: { label: "SKU", group: "line", kind: "text" },
  name: { label: "Product name", group: "line", kind: "text" },
  product_tags: { label: "Product tags", group: "line", kind: "list", suggest: "product_tag" },
  quantity: { label: "Quantity", group: "line", kind: "number", unit: "count" },
  unit_price: { label: "Unit price", group: "line", kind: "number", unit: "money" },
  unit_weight_g: { label: "Unit weight", group: "line", kind: "number", unit: "grams" },
  weight_g: { label: "Line weight", group: "line", kind: "number", unit: "grams", hint: "unit weight × quantity" },
} satisfies { [K in LineFieldKey]: SpecFor<ValueAt<LineCondition, K>> };

export const ORDER_FIELDS: Record<OrderFieldKey, FieldSpec> = ORDER_FIELD_SPECS;
export const LINE_FIELDS: Record<LineFieldKey, FieldSpec> = LINE_FIELD_SPECS;

export const QUANTIFIERS: Record<QuantifierKey, { label: string; hint: string }> = {
  any_line: { label: "Any line", hint: "some line of the order matches" },
  all_lines: { label: "Every line", hint: "the order has lines and every one matches" },
  no_line: { label: "No line", hint: "no line of the order matches" },
};
exhaustive<Exclude<ConditionKey, GroupKey | QuantifierKey | OrderFieldKey>>();

/** The field picker's sections, in the order people look for things. */
export const FIELD_GROUPS: { group: FieldGroup; label: string }[] = [
  { group: "order", label: "Order" },
  { group: "contents", label: "Contents and lines" },
  { group: "ship_to", label: "Ship-to" },
  { group: "customer", label: "Customer" },
];

// ---- Operators -----------------------------------------------------------------------------

/** The value input an operator needs. */
export type ValueInput =
  | "text"
  | "texts"
  | "pattern"
  | "number"
  | "range"
  | "choice"
  | "choices"
  | "bool"
  | "none"
  | "instant"
  | "days";

/**
 * One operator as the editor offers it. `key` is the JSON key; tests such as `is_blank` take a
 * fixed yes/no and are offered as two operators ("is blank", "is not blank") with `fixed`.
 */
export type OperatorSpec = { id: string; key: string; label: string; input: ValueInput; fixed?: boolean };

type Ops<T> = readonly (Omit<OperatorSpec, "key"> & { key: OwnKey<T> })[];
type Listed<O extends readonly { key: string }[]> = O[number]["key"];

const TEXT_OPS = [
  { id: "equals", key: "equals", label: "is", input: "text" },
  { id: "not_equals", key: "not_equals", label: "is not", input: "text" },
  { id: "one_of", key: "one_of", label: "is one of", input: "texts" },
  { id: "not_one_of", key: "not_one_of", label: "is not one of", input: "texts" },
  { id: "contains", key: "contains", label: "contains", input: "text" },
  { id: "not_contains", key: "not_contains", label: "does not contain", input: "text" },
  { id: "starts_with", key: "starts_with", label: "starts with", input: "text" },
  { id: "ends_with", key: "ends_with", label: "ends with", input: "text" },
  { id: "matches", key: "matches", label: "matches pattern", input: "pattern" },
  { id: "is_blank", key: "is_blank", label: "is blank", input: "none", fixed: true },
  { id: "is_not_blank", key: "is_blank", label: "is not blank", input: "none", fixed: false },
] as const satisfies Ops<TextTest>;
exhaustive<Exclude<OwnKey<TextTest>, Listed<typeof TEXT_OPS>>>();

const NUMBER_OPS = [
  { id: "equals", key: "equals", label: "is", input: "number" },
  { id: "not_equals", key: "not_equals", label: "is not", input: "number" },
  { id: "gte", key: "gte", label: "is at least", input: "number" },
  { id: "gt", key: "gt", label: "is more than", input: "number" },
  { id: "lte", key: "lte", label: "is at most", input: "number" },
  { id: "lt", key: "lt", label: "is less than", input: "number" },
  { id: "between", key: "between", label: "is between", input: "range" },
] as const satisfies Ops<NumberTest>;
exhaustive<Exclude<OwnKey<NumberTest>, Listed<typeof NUMBER_OPS>>>();

const CHOICE_OPS = [
  { id: "equals", key: "equals", label: "is", input: "choice" },
  { id: "not_equals", key: "not_equals", label: "is not", input: "choice" },
  { id: "one_of", key: "one_of", label: "is one of", input: "choices" },
  { id: "not_one_of", key: "not_one_of", label: "is not one of", input: "choices" },
] as const satisfies Ops<ChoiceTest<string>>;
exhaustive<Exclude<OwnKey<ChoiceTest<string>>, Listed<typeof CHOICE_OPS>>>();

const LIST_OPS = [
  { id: "contains", key: "contains", label: "include", input: "text" },
  { id: "not_contains", key: "not_contains", label: "do not include", input: "text" },
  { id: "contains_any", key: "contains_any", label: "include any of", input: "texts" },
  { id: "contains_all", key: "contains_all", label: "include all of", input: "texts" },
  { id: "contains_none", key: "contains_none", label: "include none of", input: "texts" },
  { id: "any_matches", key: "any_matches", label: "include one matching", input: "pattern" },
  { id: "is_blank", key: "is_blank", label: "are empty", input: "none", fixed: true },
  { id: "is_not_blank", key: "is_blank", label: "are not empty", input: "none", fixed: false },
] as const satisfies Ops<ListTest>;
exhaustive<Exclude<OwnKey<ListTest>, Listed<typeof LIST_OPS>>>();

const FLAG_OPS = [{ id: "equals", key: "equals", label: "is", input: "bool" }] as const satisfies Ops<FlagTest>;
exhaustive<Exclude<OwnKey<FlagTest>, Listed<typeof FLAG_OPS>>>();

const MAYBE_FLAG_OPS = [
  { id: "equals", key: "equals", label: "is", input: "bool" },
  { id: "is_unknown", key: "is_unknown", label: "is unknown", input: "none", fixed: true },
  { id: "is_known", key: "is_unknown", label: "is known", input: "none", fixed: false },
] as const satisfies Ops<MaybeFlagTest>;
exhaustive<Exclude<OwnKey<MaybeFlagTest>, Listed<typeof MAYBE_FLAG_OPS>>>();

const DATE_OPS = [
  { id: "within_last_days", key: "within_last_days", label: "is within the last", input: "days" },
  { id: "more_than_days_ago", key: "more_than_days_ago", label: "is more than … ago", input: "days" },
  { id: "within_next_days", key: "within_next_days", label: "is within the next", input: "days" },
  { id: "due_within_days", key: "due_within_days", label: "is due within (overdue too)", input: "days" },
  { id: "before", key: "before", label: "is before", input: "instant" },
  { id: "after", key: "after", label: "is after", input: "instant" },
  { id: "is_blank", key: "is_blank", label: "is not set", input: "none", fixed: true },
  { id: "is_not_blank", key: "is_blank", label: "is set", input: "none", fixed: false },
] as const satisfies Ops<DateTest>;
exhaustive<Exclude<OwnKey<DateTest>, Listed<typeof DATE_OPS>>>();

export const OPERATORS: Record<TestKind, readonly OperatorSpec[]> = {
  text: TEXT_OPS,
  number: NUMBER_OPS,
  choice: CHOICE_OPS,
  list: LIST_OPS,
  flag: FLAG_OPS,
  maybe_flag: MAYBE_FLAG_OPS,
  date: DATE_OPS,
};

/** A field's test as stored: one operator key and its value (`{"starts_with": "SOFA-"}`). */
export type Test = Record<string, unknown>;

/** The operator a stored test uses (the first one of the family when it is unreadable). */
export function operatorOf(kind: TestKind, test: Test): OperatorSpec {
  const ops = OPERATORS[kind];
  const key = Object.keys(test)[0];
  const value = test[key];
  return ops.find((o) => o.key === key && (o.input !== "none" || o.fixed === value)) ?? ops[0];
}

/** The value of a stored test (`"SOFA-"` for `{"starts_with": "SOFA-"}`). */
export function valueOf(test: Test): unknown {
  return test[Object.keys(test)[0]];
}

export type Choice = { value: string; label: string };

/** What a new value of each input starts as, given what the field had before (kept when it fits). */
function convertValue(input: ValueInput, prev: unknown, choices: Choice[], kind: TestKind, key: string): unknown {
  const first = Array.isArray(prev) ? prev[0] : prev;
  switch (input) {
    case "text":
    case "pattern":
      return typeof first === "string" ? first : "";
    case "texts":
      if (Array.isArray(prev)) return prev.filter((v) => typeof v === "string");
      return typeof prev === "string" && prev.trim() ? [prev] : [];
    case "choice":
      return typeof first === "string" && choices.some((c) => c.value === first) ? first : (choices[0]?.value ?? "");
    case "choices":
      if (Array.isArray(prev)) return prev.filter((v) => choices.some((c) => c.value === v));
      return typeof prev === "string" && choices.some((c) => c.value === prev) ? [prev] : [];
    case "number":
      if (typeof prev === "number") return prev;
      if (isRange(prev)) return prev.min;
      return 0;
    case "range":
      if (isRange(prev)) return prev;
      return typeof prev === "number" ? { min: prev, max: prev } : { min: 0, max: 0 };
    case "bool":
      return typeof prev === "boolean" ? prev : true;
    case "days":
      return typeof prev === "number" && Number.isInteger(prev) && prev >= 0 ? prev : kind === "date" && key === "more_than_days_ago" ? 2 : 1;
    case "instant":
      return typeof prev === "string" && !Number.isNaN(Date.parse(prev)) ? prev : startOfTomorrowIso();
    case "none":
      return undefined;
  }
}

function isRange(v: unknown): v is { min: number; max: number } {
  return typeof v === "object" && v !== null && typeof (v as { min?: unknown }).min === "number" && typeof (v as { max?: unknown }).max === "number";
}

function startOfTomorrowIso(): string {
  const d = new Date();
  d.setHours(24, 0, 0, 0);
  return d.toISOString();
}

/** The test for operator `op`, keeping as much of the previous value as still makes sense. */
export function makeTest(kind: TestKind, op: OperatorSpec, prev: unknown, choices: Choice[] = []): Test {
  if (op.input === "none") return { [op.key]: op.fixed ?? true };
  return { [op.key]: convertValue(op.input, prev, choices, kind, op.key) };
}

/** The test a field starts with when picked. */
export function defaultTest(spec: FieldSpec, key: string, choices: Choice[]): Test {
  switch (spec.kind) {
    case "text":
    case "list":
      return makeTest(spec.kind, OPERATORS[spec.kind][0], "", choices);
    case "number":
      return { gte: 0 };
    case "choice":
      return { equals: choices[0]?.value ?? "" };
    case "flag":
    case "maybe_flag":
      return { equals: true };
    case "date":
      return key === "ship_by" ? { due_within_days: 1 } : { within_last_days: 1 };
  }
}

/**
 * The test after switching from field `from` to `to`: the same operator and value when both
 * fields read the same way (country → region), else the new field's default.
 */
export function retargetTest(from: FieldSpec | undefined, to: FieldSpec, toKey: string, test: Test | undefined, choices: Choice[]): Test {
  const same = from && test && from.kind === to.kind && from.unit === to.unit && from.options === to.options;
  return same ? test : defaultTest(to, toKey, choices);
}

// ---- Choice options ------------------------------------------------------------------------

export const ADDRESS_CHECK_LABEL: Record<AddressCheck, string> = {
  valid: "Passes the checks",
  invalid: "Fails the checks",
};

export function paymentChoices(): Choice[] {
  return (Object.keys(PAYMENT_LABEL) as PaymentStatus[]).map((value) => ({ value, label: PAYMENT_LABEL[value] }));
}

export function addressCheckChoices(): Choice[] {
  return (Object.keys(ADDRESS_CHECK_LABEL) as AddressCheck[]).map((value) => ({ value, label: ADDRESS_CHECK_LABEL[value] }));
}

/** Common two-letter country codes, offered while typing (any code may be typed). */
export const COUNTRY_SUGGESTIONS = [
  "US", "CA", "MX", "GB", "IE", "DE", "FR", "NL", "BE", "LU", "AT", "CH", "IT", "ES", "PT", "DK", "SE", "NO", "FI",
  "PL", "CZ", "JP", "KR", "CN", "HK", "SG", "AU", "NZ", "BR", "AR", "CL", "IN", "AE", "IL", "ZA", "PR",
];
export const CURRENCY_SUGGESTIONS = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK", "NOK", "DKK", "PLN", "MXN"];
export const SERVICE_SUGGESTIONS = ["Standard", "Express", "Overnight", "Economy", "Pickup"];

// ---- Actions -------------------------------------------------------------------------------

export type ActionKey = OwnKey<Exclude<Action, string>> | Extract<Action, string>;

/** Every action, its stage (as action.rs assigns them) and how the editor names it. */
export const ACTIONS: Record<ActionKey, { stage: Stage; label: string }> = {
  hold: { stage: "holds", label: "Hold for review" },
  assign_location: { stage: "location", label: "Ship from our location" },
  route_to_partner: { stage: "location", label: "Route to partner" },
  choose_location: { stage: "location", label: "Choose location by stock" },
  set_service: { stage: "service", label: "Set carrier and service" },
  require_signature: { stage: "enhance", label: "Require signature" },
  add_insurance: { stage: "enhance", label: "Add insurance" },
  add_tag: { stage: "enhance", label: "Add tag" },
  add_note: { stage: "enhance", label: "Add note" },
  set_batch_group: { stage: "enhance", label: "Set batch group" },
};

export function actionKey(action: Action): ActionKey {
  return typeof action === "string" ? action : (Object.keys(action)[0] as ActionKey);
}

export function actionsOfStage(stage: Stage): ActionKey[] {
  return (Object.keys(ACTIONS) as ActionKey[]).filter((k) => ACTIONS[k].stage === stage);
}

// ---- Stages --------------------------------------------------------------------------------

/** The fixed run order of the stages. */
export const STAGES: readonly Stage[] = ["holds", "location", "service", "enhance"];
exhaustive<Exclude<Stage, (typeof STAGES)[number]>>();

export const STAGE_INFO: Record<Stage, { label: string; blurb: string }> = {
  holds: { label: "Holds", blurb: "Stop orders for a person to look at: fraud, address, payment, review." },
  location: { label: "Location", blurb: "Choose where the order ships from: our location or a partner." },
  service: { label: "Service", blurb: "Carrier, service and package." },
  enhance: { label: "Enhance", blurb: "Signature, insurance, tags, notes and batch group." },
};
