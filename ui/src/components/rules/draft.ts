// Pure operations on a draft ruleset: ids, run order within a stage, reordering, new rules, and
// placing validation problems on the rule, condition or action their path points to.
import type { Action, Condition, Facets, Problem, Rule, Ruleset, Stage } from "../../bindings";
import { actionsOfStage, type ActionKey } from "../../domain/ruleFields";

// ---- Ids -----------------------------------------------------------------------------------

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID: 10 characters of milliseconds, 16 of randomness, Crockford base32. */
export function ulid(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let random = "";
  for (const b of bytes) random += CROCKFORD[b % 32];
  return time + random;
}

export function newRuleId(): string {
  return `rul_${ulid()}`;
}

/** Whether `id` reads as `prefix_` + a ULID, as the backend requires of every id. */
export function isId(id: unknown, prefix: string): id is string {
  return typeof id === "string" && new RegExp(`^${prefix}_[0-7][${CROCKFORD}]{25}$`, "i").test(id);
}

// ---- Keys and order ------------------------------------------------------------------------

/**
 * A stable key per rule for React and for placing problems: its id, with `~2`, `~3`… for a
 * repeated id (an imported file may repeat one; validation says so).
 */
export function ruleKeys(rules: readonly Rule[]): string[] {
  const seen = new Map<string, number>();
  return rules.map((r) => {
    const n = (seen.get(r.id) ?? 0) + 1;
    seen.set(r.id, n);
    return n === 1 ? r.id : `${r.id}~${n}`;
  });
}

/** Indices of a stage's rules in the order they run: by priority, then list position. */
export function runOrder(rules: readonly Rule[], stage: Stage): number[] {
  return rules
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.stage === stage)
    .sort((a, b) => a.r.priority - b.r.priority || a.i - b.i)
    .map(({ i }) => i);
}

/** Moves the stage's rule at run position `from` to position `to`; priorities become 1, 2, 3… */
export function moveRule(rules: readonly Rule[], stage: Stage, from: number, to: number): Rule[] {
  const order = runOrder(rules, stage);
  if (from === to || from < 0 || to < 0 || from >= order.length || to >= order.length) return [...rules];
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const next = [...rules];
  order.forEach((index, pos) => {
    if (next[index].priority !== pos + 1) next[index] = { ...next[index], priority: pos + 1 };
  });
  return next;
}

// ---- New rules -----------------------------------------------------------------------------

export const STAGE_NOUN: Record<Stage, string> = {
  holds: "hold",
  location: "location",
  service: "service",
  enhance: "enhance",
};

/** A first action for a stage, filled from what the workspace has (null when nothing fits). */
export function defaultAction(kind: ActionKey, facets: Facets): Action | null {
  const own = facets.locations.find((l) => l.kind === "warehouse" || l.kind === "store");
  const partner = facets.locations.find((l) => l.kind !== "warehouse" && l.kind !== "store");
  switch (kind) {
    case "hold":
      return { hold: { reason: "manual_review", note: "" } };
    case "assign_location":
      return own ? { assign_location: { location_id: own.id } } : null;
    case "route_to_partner":
      return partner ? { route_to_partner: { location_id: partner.id } } : null;
    case "choose_location":
      return { choose_location: { strategy: "nearest_in_stock" } };
    case "set_service":
      return { set_service: { carrier: facets.carriers[0] ?? "", service: "" } };
    case "require_signature":
      return "require_signature";
    case "add_insurance":
      return { add_insurance: "order_value" };
    case "add_tag":
      return { add_tag: { tag: "" } };
    case "add_note":
      return { add_note: { note: "" } };
    case "set_batch_group":
      return { set_batch_group: { group: "" } };
  }
}

export function firstActionFor(stage: Stage, facets: Facets): Action | null {
  for (const kind of actionsOfStage(stage)) {
    const a = defaultAction(kind, facets);
    if (a) return a;
  }
  return null;
}

/**
 * A new rule at the end of its stage. Its one condition and its action start blank on purpose:
 * validation points at what to fill in, and nothing runs until the ruleset is saved.
 */
export function newRule(stage: Stage, rules: readonly Rule[], facets: Facets): Rule {
  const last = Math.max(0, ...rules.filter((r) => r.stage === stage).map((r) => r.priority));
  const action = firstActionFor(stage, facets);
  const when: Condition = { all: [{ ship_to_country: { equals: "" } }] };
  return {
    id: newRuleId(),
    name: `New ${STAGE_NOUN[stage]} rule`,
    stage,
    priority: last + 1,
    enabled: true,
    stop_processing: false,
    when,
    then: action ? [action] : [],
  };
}

/** A copy right after the original in run order, with a new id. */
export function duplicateRule(rule: Rule, id = newRuleId()): Rule {
  return { ...structuredClone(rule), id, name: `${rule.name} (copy)` };
}

export function sameRules(a: Ruleset | null, b: Ruleset | null): boolean {
  return JSON.stringify(a?.rules ?? null) === JSON.stringify(b?.rules ?? null);
}

// ---- Problems ------------------------------------------------------------------------------

/** A problem placed inside its rule: `at` is the path below `rules[i]` (`when.all[1]`, `then[0]`, `name`, or ""). */
export type PlacedProblem = Problem & { at: string };

export type ProblemMap = {
  /** By rule key. */
  byRule: Map<string, PlacedProblem[]>;
  /** Problems about the ruleset as a whole (`version`) or a rule no longer in the draft. */
  general: Problem[];
};

/**
 * Places each problem on a rule. Paths index the rules of the ruleset that was validated, so
 * they are read against that snapshot and carried over by key: a problem stays on its rule
 * while the manager keeps typing.
 */
export function placeProblems(problems: readonly Problem[], validated: readonly Rule[], current: readonly Rule[]): ProblemMap {
  const snapshotKeys = ruleKeys(validated);
  const currentKeys = new Set(ruleKeys(current));
  const byRule = new Map<string, PlacedProblem[]>();
  const general: Problem[] = [];
  for (const p of problems) {
    const m = /^rules\[(\d+)\](?:\.(.*))?$/.exec(p.path);
    const key = m ? snapshotKeys[Number(m[1])] : undefined;
    if (!m || key === undefined || !currentKeys.has(key)) {
      general.push(p);
      continue;
    }
    const list = byRule.get(key) ?? [];
    list.push({ ...p, at: m[2] ?? "" });
    byRule.set(key, list);
  }
  return { byRule, general };
}

/** The message without the `rule "X" at rules[3].when: ` lead, for showing beside the thing itself. */
export function shortMessage(p: Problem): string {
  const marker = `at ${p.path}: `;
  const i = p.message.indexOf(marker);
  return i >= 0 ? p.message.slice(i + marker.length) : p.message;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === "error") errors++;
  return { errors, warnings: problems.length - errors };
}

/** Every path the editor shows a condition at, so problems elsewhere show at the rule. */
export function conditionPaths(cond: unknown, path: string, out: Set<string> = new Set()): Set<string> {
  out.add(path);
  if (typeof cond !== "object" || cond === null) return out;
  const key = Object.keys(cond)[0];
  const value = (cond as Record<string, unknown>)[key];
  if ((key === "all" || key === "any") && Array.isArray(value)) {
    value.forEach((c, i) => conditionPaths(c, `${path}.${key}[${i}]`, out));
  } else if (key === "not" || key === "any_line" || key === "all_lines" || key === "no_line") {
    conditionPaths(value, `${path}.${key}`, out);
  }
  return out;
}
