// "Why": the latest run of the rules on this order. What they decided (and which rule decided
// each thing), which ruleset version ran, when and why it ran, and the full trace on demand.
import { useEffect, useState } from "react";
import type { Order, RulesRun } from "../../bindings";
import { fullDateTime, placedLabel } from "../../format/dates";
import type { NameBook } from "../../format/events";
import { DecisionSummary } from "./DecisionSummary";
import { CAUSE_LABEL, rulesActOn } from "./ruleWords";
import { Section } from "./Section";
import { TraceView } from "./TraceView";

type Props = { run: RulesRun | null; order: Order; names: NameBook; now: Date };

export function RulesWhy({ run, order, names, now }: Props) {
  const [showTrace, setShowTrace] = useState(false);
  // A different order, or a new run of the rules, starts folded again.
  const runKey = run ? `${order.id}|${run.ran_at}` : order.id;
  useEffect(() => setShowTrace(false), [runKey]);

  if (!run) {
    return (
      <Section title="Why" testId="rules-why">
        <p className="muted" data-testid="rules-never-ran">
          {rulesActOn(order.status)
            ? "The rules have not run on this order yet."
            : "The rules have not run on this order: they only act on orders awaiting payment, on hold or ready."}
        </p>
      </Section>
    );
  }

  const ruleCount = run.trace?.rules.length ?? 0;
  return (
    <Section
      title="Why"
      testId="rules-why"
      aside={
        <span className="why-meta" data-testid="rules-run-meta">
          Ruleset v{run.ruleset_version} · ran <time dateTime={run.ran_at} title={fullDateTime(run.ran_at)}>{placedLabel(run.ran_at, now)}</time> ·{" "}
          {CAUSE_LABEL[run.cause]}
        </span>
      }
    >
      <DecisionSummary decision={run.decision} currency={order.currency} names={names} />
      {run.trace ? (
        <div className="why-trace-toggle">
          <button
            type="button"
            className="button ghost small"
            data-testid="trace-toggle"
            aria-expanded={showTrace}
            onClick={() => setShowTrace((s) => !s)}
          >
            {showTrace ? "Hide the full trace" : `Show the full trace · ${ruleCount} rule${ruleCount === 1 ? "" : "s"}`}
          </button>
          {showTrace && <TraceView trace={run.trace} names={names} />}
        </div>
      ) : (
        <p className="muted small">No trace was kept for this run.</p>
      )}
    </Section>
  );
}
