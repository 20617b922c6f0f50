// Words for a run of the rules on one order (the "Why" section): stages, outcomes, causes, and
// which orders the rules act on. Mirrors RULE_STATUSES in crates/app/src/rules and the enums in
// crates/core/src/rules/{run,trace}.rs.
import type { OrderDetail, OrderStatus, OwnedField, RuleOutcome, RunCause, Stage } from "../../bindings";
import type { NameBook } from "../../format/events";

/** Rules only act on orders still in our hands; re-running them on any other order is refused. */
export const RULE_STATUSES: readonly OrderStatus[] = ["awaiting_payment", "on_hold", "ready"];

export function rulesActOn(status: OrderStatus): boolean {
  return RULE_STATUSES.includes(status);
}

/** The stages in the order they always run. */
export const STAGES: readonly Stage[] = ["holds", "location", "service", "enhance"];

export const STAGE_LABEL: Record<Stage, string> = {
  holds: "Holds",
  location: "Location",
  service: "Carrier & service",
  enhance: "Extras",
};

export const OUTCOME_LABEL: Record<RuleOutcome, string> = {
  matched: "matched",
  not_matched: "not matched",
  skipped: "skipped",
  disabled: "switched off",
};

export const CAUSE_LABEL: Record<RunCause, string> = {
  imported: "when the order arrived",
  channel_update: "after the channel changed the order",
  rerun: "re-run after a person's request or edit",
  released: "after the hold was lifted",
};

export const OWNED_FIELD_LABEL: Record<OwnedField, string> = {
  ship_to: "Ship-to address",
  location: "Location",
  carrier: "Carrier",
  service: "Service",
  options: "Extras (signature, insurance, batch)",
  tags: "Tags",
  hold: "Hold",
};

/** The nesting of a condition from its path: `when` 0, `when.all[1]` 1, `when.all[1].any[0]` 2. */
export function conditionDepth(path: string): number {
  return Math.max(0, path.split(".").length - 1);
}

/**
 * Rule texts name locations and channels by id (`route to partner loc_…`, `channel is chn_…`);
 * people know them by name. Ids the book does not know stay as they are.
 */
export function withNames(text: string, names: NameBook): string {
  return text
    .replace(/\bloc_[0-9A-Za-z]+\b/g, (id) => names.locationName(id))
    .replace(/\bchn_[0-9A-Za-z]+\b/g, (id) => names.channelName(id));
}

/** The name of the rule that placed the order's hold, if a rule did and the latest run names it. */
export function holdRuleName(detail: OrderDetail): string | null {
  const by = detail.order.hold?.placed_by ?? "";
  if (!by.startsWith("rule:")) return null;
  const id = by.slice("rule:".length);
  const run = detail.rules;
  if (!run) return null;
  if (run.decision.hold?.rule_id === id) return run.decision.hold.rule_name;
  return run.decision.fired.find((f) => f.rule_id === id)?.name ?? run.trace?.rules.find((r) => r.rule_id === id)?.name ?? null;
}
