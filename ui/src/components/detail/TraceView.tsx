// The full story of one run of the rules, stage by stage: every rule considered and what became
// of it, each condition with the value it saw and its result, each action with its effect.
import type { ActionTrace, ConditionTrace, RuleTrace, TraceReport } from "../../bindings";
import type { NameBook } from "../../format/events";
import { conditionDepth, OUTCOME_LABEL, STAGE_LABEL, STAGES, withNames } from "./ruleWords";

type Props = { trace: TraceReport; names: NameBook };

export function TraceView({ trace, names }: Props) {
  const nameOf = new Map(trace.rules.map((r) => [r.rule_id, r.name]));
  const stages = STAGES.map((stage) => ({ stage, rules: trace.rules.filter((r) => r.stage === stage) })).filter((s) => s.rules.length > 0);
  if (stages.length === 0) return <p className="muted">The ruleset had no rules when this ran.</p>;
  return (
    <div className="why-trace" data-testid="rules-trace">
      {stages.map(({ stage, rules }) => {
        const matched = rules.filter((r) => r.outcome === "matched").length;
        return (
          <section key={stage} className="why-stage" data-stage={stage}>
            <h4>
              {STAGE_LABEL[stage]}
              <span className="muted">
                {" "}
                · {matched} of {rules.length} matched
              </span>
            </h4>
            <ol className="why-rules">
              {rules.map((r) => (
                <TraceRule key={r.rule_id} rule={r} stoppedByName={r.stopped_by ? (nameOf.get(r.stopped_by) ?? r.stopped_by) : null} names={names} />
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}

/** The condition that decided a rule that did not match: its first false leaf, else its first false one. */
function decidingFailure(conditions: ConditionTrace[]): ConditionTrace | null {
  const failed = conditions.filter((c) => c.result === false);
  return failed.find((c) => c.saw != null) ?? failed[0] ?? null;
}

function TraceRule({ rule, stoppedByName, names }: { rule: RuleTrace; stoppedByName: string | null; names: NameBook }) {
  const conditions = rule.conditions ?? [];
  const actions = rule.actions ?? [];
  const evaluated = rule.outcome === "matched" || rule.outcome === "not_matched";
  const failure = rule.outcome === "not_matched" ? decidingFailure(conditions) : null;
  const head = (
    <>
      <span className={`why-outcome why-outcome-${rule.outcome}`} data-testid="trace-outcome">
        {OUTCOME_LABEL[rule.outcome]}
      </span>
      <span className="why-rule-name">{rule.name}</span>
      <span className="why-priority muted" title="Priority within the stage: lower runs first">
        #{rule.priority}
      </span>
      {rule.outcome === "skipped" && (
        <span className="why-stopped-by muted" data-testid="trace-stopped-by">
          stopped by {stoppedByName ?? "an earlier rule"}
        </span>
      )}
      {rule.stopped_processing && <span className="why-stop">stopped the rest of the stage</span>}
      {failure && (
        <span className="why-not muted">
          ✗ {withNames(failure.test, names)}
          {failure.saw != null && <> (saw {withNames(failure.saw, names)})</>}
        </span>
      )}
    </>
  );
  const body = evaluated && (conditions.length > 0 || actions.length > 0);
  return (
    <li className={`why-rule is-${rule.outcome}`} data-testid="trace-rule" data-rule-id={rule.rule_id} data-outcome={rule.outcome}>
      {body ? (
        <details open={rule.outcome === "matched"}>
          <summary className="why-rule-head">{head}</summary>
          <Conditions conditions={conditions} names={names} />
          {actions.length > 0 && <Actions actions={actions} names={names} />}
        </details>
      ) : (
        <div className="why-rule-head">{head}</div>
      )}
    </li>
  );
}

function Conditions({ conditions, names }: { conditions: ConditionTrace[]; names: NameBook }) {
  return (
    <ul className="why-conds" aria-label="Conditions">
      {conditions.map((c) => {
        const state = c.result === null ? "skipped" : c.result ? "pass" : "fail";
        return (
          <li
            key={c.path}
            className={`why-cond is-${state}`}
            style={{ paddingLeft: `${conditionDepth(c.path) * 14}px` }}
            data-testid="trace-condition"
            data-result={state}
            title={c.path}
          >
            <span className="why-mark" aria-label={state === "pass" ? "holds" : state === "fail" ? "does not hold" : "not needed"}>
              {state === "pass" ? "✓" : state === "fail" ? "✗" : "–"}
            </span>
            <span className="why-body">
              <span className="why-test">{withNames(c.test, names)}</span>
              {c.saw != null && (
                <span className="why-saw" data-testid="trace-saw">
                  saw <code>{withNames(c.saw, names)}</code>
                </span>
              )}
              {c.result === null && <span className="why-saw muted">not needed</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function effectText(a: ActionTrace): string {
  if (a.effect === "kept") return a.note ?? "kept: set by a person";
  if (a.effect === "unroutable") return a.note ? `unroutable: ${a.note}` : "unroutable";
  if (a.overridden_by) return `overridden by ${a.overridden_by.rule_name} (${a.overridden_by.action})`;
  return a.note ? `applied · ${a.note}` : "applied";
}

function Actions({ actions, names }: { actions: ActionTrace[]; names: NameBook }) {
  return (
    <ul className="why-actions" aria-label="Actions">
      {actions.map((a, i) => {
        const state = a.effect === "applied" && a.overridden_by ? "overridden" : a.effect;
        return (
          <li key={i} className={`why-action is-${state}`} data-testid="trace-action" data-effect={state}>
            <span className="why-arrow" aria-hidden>
              →
            </span>
            <span className="why-body">
              <span className="why-action-text">{withNames(a.action, names)}</span>
              <span className="why-effect">{withNames(effectText(a), names)}</span>
              {(a.overrides ?? []).length > 0 && (
                <span className="why-overrides muted">
                  replaces {(a.overrides ?? []).map((o) => `${o.rule_name} (${withNames(o.action, names)})`).join(", ")}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
