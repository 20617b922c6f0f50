// Reading a rules file: JSON text → a Ruleset the editor can hold, or every shape problem with
// its path. The backend refuses a draft it cannot read as a whole (one terse message), so the
// shape is checked here first, the way the backend's reader does (one key per condition, known
// fields and operators, values of the right type, ids that parse). What only the data shows
// (empty groups, unknown locations…) is left to `validateRuleset`, once the draft is loaded.
import type { Problem, ProblemCode, Ruleset } from "../../bindings";
import { HOLD_REASONS } from "../../domain/labels";
import {
  ACTIONS,
  addressCheckChoices,
  LINE_FIELDS,
  OPERATORS,
  ORDER_FIELDS,
  paymentChoices,
  QUANTIFIERS,
  STAGES,
  type FieldSpec,
  type OperatorSpec,
} from "../../domain/ruleFields";
import { isId } from "./draft";

export type ReadResult = { ok: true; ruleset: Ruleset } | { ok: false; problems: Problem[] };

/** The file as it will be saved: pretty JSON, the shape the backend reads and writes. */
export function rulesetToJson(ruleset: Ruleset): string {
  return `${JSON.stringify(ruleset, null, 2)}\n`;
}

export function readRulesetJson(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [problem("invalid_json", "", `The file is not valid JSON: ${why}`)] };
  }
  const problems: Problem[] = [];
  new Reader(problems).ruleset(data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ruleset: data as Ruleset };
}

function problem(code: ProblemCode, path: string, message: string, rule?: { id: unknown; name: unknown }): Problem {
  return {
    severity: "error",
    code,
    rule_id: typeof rule?.id === "string" ? rule.id : null,
    rule_name: typeof rule?.name === "string" ? rule.name : null,
    path,
    message: path ? `${path}: ${message}` : message,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `a ${typeof v}`);

class Reader {
  private rule?: { id: unknown; name: unknown };
  constructor(private problems: Problem[]) {}

  private push(code: ProblemCode, path: string, message: string) {
    this.problems.push(problem(code, path, message, this.rule));
  }

  /** Checks an object's keys: every required one present, none unknown. */
  private keys(o: Obj, path: string, required: string[], optional: string[] = []): boolean {
    let ok = true;
    for (const k of required) {
      if (!(k in o)) {
        this.push("missing_field", path, `\`${k}\` is missing`);
        ok = false;
      }
    }
    for (const k of Object.keys(o)) {
      if (!required.includes(k) && !optional.includes(k)) {
        this.push("unknown_field", join(path, k), `\`${k}\` is not a known key here (expected ${[...required, ...optional].map((x) => `\`${x}\``).join(", ")})`);
        ok = false;
      }
    }
    return ok;
  }

  private single(v: unknown, path: string, what: string): [string, unknown] | null {
    if (!isObj(v) || Object.keys(v).length !== 1) {
      this.push("wrong_type", path, `${what} must be an object with exactly one key, not ${isObj(v) ? `${Object.keys(v).length} keys` : kindOf(v)}`);
      return null;
    }
    const key = Object.keys(v)[0];
    return [key, v[key]];
  }

  ruleset(data: unknown) {
    if (!isObj(data)) {
      this.push("wrong_type", "", `A rules file holds an object with \`version\` and \`rules\`, not ${kindOf(data)}`);
      return;
    }
    this.keys(data, "", ["rules"], ["version"]);
    if ("version" in data && !(isInt(data.version) && data.version >= 0)) this.push("wrong_type", "version", "must be a whole number");
    if (!("rules" in data)) return;
    if (!Array.isArray(data.rules)) {
      this.push("wrong_type", "rules", `must be a list of rules, not ${kindOf(data.rules)}`);
      return;
    }
    data.rules.forEach((r, i) => this.ruleAt(r, `rules[${i}]`));
    this.rule = undefined;
    // The editor writes the version it is based on; a file's own version is not kept.
    if (!("version" in data)) (data as Obj).version = 0;
  }

  private ruleAt(r: unknown, path: string) {
    this.rule = isObj(r) ? { id: r.id, name: r.name } : undefined;
    if (!isObj(r)) {
      this.push("wrong_type", path, `a rule must be an object, not ${kindOf(r)}`);
      return;
    }
    this.keys(r, path, ["id", "name", "stage", "priority", "enabled", "stop_processing", "when", "then"]);
    if ("id" in r && !isId(r.id, "rul")) {
      this.push("wrong_type", join(path, "id"), `\`${String(r.id)}\` is not a valid rule id (expected \`rul_\` followed by a 26-character ULID)`);
    }
    if ("name" in r && typeof r.name !== "string") this.push("wrong_type", join(path, "name"), "must be text");
    if ("stage" in r && !STAGES.includes(r.stage as never)) {
      this.push("wrong_type", join(path, "stage"), `\`${String(r.stage)}\` is not a stage (expected ${STAGES.join(", ")})`);
    }
    if ("priority" in r && !isInt(r.priority)) this.push("wrong_type", join(path, "priority"), "must be a whole number");
    for (const k of ["enabled", "stop_processing"]) {
      if (k in r && typeof r[k] !== "boolean") this.push("wrong_type", join(path, k), "must be true or false");
    }
    if ("when" in r) this.condition(r.when, join(path, "when"), "order");
    if ("then" in r) {
      if (!Array.isArray(r.then)) this.push("wrong_type", join(path, "then"), `must be a list of actions, not ${kindOf(r.then)}`);
      else r.then.forEach((a, i) => this.action(a, `${path}.then[${i}]`));
    }
  }

  private condition(c: unknown, path: string, scope: "order" | "line"): void {
    if (scope === "order" && c === "always") return;
    const entry = this.single(c, path, scope === "order" ? 'A condition ("always" or one field)' : "A line condition");
    if (!entry) return;
    const [key, value] = entry;
    const at = join(path, key);
    if (key === "all" || key === "any") {
      if (!Array.isArray(value)) this.push("wrong_type", at, `must be a list of conditions, not ${kindOf(value)}`);
      else value.forEach((child, i) => this.condition(child, `${path}.${key}[${i}]`, scope));
      return;
    }
    if (key === "not") return this.condition(value, at, scope);
    if (scope === "order" && key in QUANTIFIERS) return this.condition(value, at, "line");
    const fields: Record<string, FieldSpec> = scope === "order" ? ORDER_FIELDS : LINE_FIELDS;
    const spec = fields[key];
    if (!spec) {
      const what = scope === "order" ? "condition field" : "line field";
      this.push("unknown_field", at, `\`${key}\` is not a ${what}`);
      return;
    }
    this.test(spec, value, at);
  }

  private test(spec: FieldSpec, test: unknown, path: string) {
    const entry = this.single(test, path, `The test of ${spec.label.toLowerCase()}`);
    if (!entry) return;
    const [key, value] = entry;
    const ops = OPERATORS[spec.kind].filter((o) => o.key === key);
    if (ops.length === 0) {
      const allowed = [...new Set(OPERATORS[spec.kind].map((o) => o.key))].join(", ");
      this.push("operator_not_allowed", join(path, key), `\`${key}\` does not apply to ${spec.label.toLowerCase()} (use one of ${allowed})`);
      return;
    }
    const why = valueProblem(spec, ops[0], value);
    if (why) this.push("wrong_type", join(path, key), why);
  }

  private action(a: unknown, path: string): void {
    if (a === "require_signature") return;
    if (typeof a === "string") {
      if (a in ACTIONS) this.push("wrong_type", path, `\`${a}\` needs its settings: {"${a}": {…}}`);
      else this.push("unknown_field", path, `\`${a}\` is not an action`);
      return;
    }
    const entry = this.single(a, path, "An action");
    if (!entry) return;
    const [key, v] = entry;
    const at = join(path, key);
    const text = (o: Obj, k: string) => {
      if (k in o && typeof o[k] !== "string") this.push("wrong_type", join(at, k), "must be text");
    };
    if (key === "add_insurance") {
      if (v === "order_value") return;
      if (!isObj(v) || !this.keys(v, at, ["amount"])) {
        if (!isObj(v)) this.push("wrong_type", at, 'must be "order_value" or {"amount": minor units}');
        return;
      }
      if (!isInt(v.amount)) this.push("wrong_type", join(at, "amount"), "must be a whole number of minor units (cents)");
      return;
    }
    if (!(key in ACTIONS) || key === "require_signature") {
      this.push("unknown_field", at, `\`${key}\` is not an action`);
      return;
    }
    if (!isObj(v)) {
      this.push("wrong_type", at, `must be an object, not ${kindOf(v)}`);
      return;
    }
    switch (key) {
      case "hold":
        this.keys(v, at, ["reason"], ["note", "release_after_minutes"]);
        if ("reason" in v && !HOLD_REASONS.includes(v.reason as never)) this.push("wrong_type", join(at, "reason"), `\`${String(v.reason)}\` is not a hold reason`);
        text(v, "note");
        if (v.release_after_minutes != null && !(isInt(v.release_after_minutes) && v.release_after_minutes >= 0)) {
          this.push("wrong_type", join(at, "release_after_minutes"), "must be a whole number of minutes");
        }
        return;
      case "assign_location":
      case "route_to_partner":
        this.keys(v, at, ["location_id"]);
        if ("location_id" in v && !(typeof v.location_id === "string" && v.location_id.startsWith("loc_"))) {
          this.push("wrong_type", join(at, "location_id"), `\`${String(v.location_id)}\` is not a location id`);
        }
        return;
      case "choose_location":
        // The strategy's own fields are checked when the rules are saved (validate.rs).
        if (!["fixed", "ranked", "nearest_in_stock", "fewest_shipments", "split_by_availability"].includes(String(v.strategy))) {
          this.push("wrong_type", join(at, "strategy"), `\`${String(v.strategy)}\` is not a location strategy`);
        }
        return;
      case "set_service":
        this.keys(v, at, ["carrier", "service"], ["package"]);
        text(v, "carrier");
        text(v, "service");
        if (v.package != null) text(v, "package");
        return;
      case "add_tag":
        this.keys(v, at, ["tag"]);
        return text(v, "tag");
      case "add_note":
        this.keys(v, at, ["note"]);
        return text(v, "note");
      case "set_batch_group":
        this.keys(v, at, ["group"]);
        return text(v, "group");
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Why `value` does not fit operator `op` of field `spec`, or null. */
function valueProblem(spec: FieldSpec, op: OperatorSpec, value: unknown): string | null {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
  switch (op.input) {
    case "text":
    case "pattern":
      return typeof value === "string" ? null : `needs text, not ${kindOf(value)}`;
    case "texts":
      return strings(value) ? null : "needs a list of texts";
    case "number":
      return isInt(value) ? null : `needs a whole number${spec.unit === "money" ? " of minor units (cents)" : ""}, not ${kindOf(value)}`;
    case "range":
      return isObj(value) && isInt(value.min) && isInt(value.max) && Object.keys(value).length === 2 ? null : 'needs {"min": n, "max": n} with whole numbers';
    case "bool":
    case "none":
      return typeof value === "boolean" ? null : "needs true or false";
    case "days":
      return isInt(value) && value >= 0 ? null : "needs a whole number of days";
    case "instant":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? null : "needs a date and time (RFC 3339, e.g. 2024-06-01T00:00:00Z)";
    case "choice":
    case "choices": {
      const values = op.input === "choice" ? [value] : value;
      if (!Array.isArray(values) || !values.every((x) => typeof x === "string")) return op.input === "choice" ? "needs one value" : "needs a list of values";
      const known = spec.options === "payment_status" ? paymentChoices() : spec.options === "address_check" ? addressCheckChoices() : null;
      const bad = values.find((x) => (known ? !known.some((c) => c.value === x) : !x.startsWith("chn_")));
      if (bad === undefined) return null;
      return known ? `\`${bad}\` is not one of ${known.map((c) => c.value).join(", ")}` : `\`${bad}\` is not a channel id`;
    }
  }
}
