// Every problem of the draft in one list above the stages: counts, then each problem with its
// rule; "Show" opens the rule where the problem is marked.
import type { Problem, Rule } from "../../bindings";
import { countBySeverity, shortMessage, type ProblemMap } from "./draft";

type Props = {
  problems: Problem[];
  placed: ProblemMap;
  rules: Rule[];
  keys: string[];
  checking: boolean;
  error: string | null;
  onShow: (key: string) => void;
};

export function ProblemSummary({ problems, placed, rules, keys, checking, error, onShow }: Props) {
  const { errors, warnings } = countBySeverity(problems);
  if (!error && problems.length === 0) {
    return (
      <div className="problem-summary is-clean" data-testid="problem-summary" data-errors={0} data-warnings={0}>
        {checking ? <span className="muted small">Checking…</span> : <span className="muted small">No problems found.</span>}
      </div>
    );
  }
  const nameOf = (key: string) => {
    const rule = rules[keys.indexOf(key)];
    return rule?.name.trim() || "Unnamed rule";
  };
  return (
    <div className={`problem-summary ${errors > 0 || error ? "has-errors" : "has-warnings"}`} data-testid="problem-summary" data-errors={errors} data-warnings={warnings}>
      <div className="problem-counts">
        {error ? (
          <strong>The draft could not be checked</strong>
        ) : (
          <strong>
            {errors > 0 && `${errors} ${errors === 1 ? "error" : "errors"}`}
            {errors > 0 && warnings > 0 && ", "}
            {warnings > 0 && `${warnings} ${warnings === 1 ? "warning" : "warnings"}`}
          </strong>
        )}
        <span className="muted small">
          {error ? error : errors > 0 ? "Fix the errors to save; warnings may stay." : "The rules can be saved; the warnings say what to fix."}
        </span>
        {checking && <span className="muted small">Checking…</span>}
      </div>
      {!error && (
        <ul className="problem-list">
          {[...placed.byRule.entries()].flatMap(([key, list]) =>
            list.map((p, i) => (
              <li key={`${key}-${i}`} className={`rule-problem rule-problem-${p.severity}`} data-testid="summary-problem" data-code={p.code}>
                <span className="rule-problem-mark" aria-label={p.severity === "error" ? "Error" : "Warning"}>
                  {p.severity === "error" ? "!" : "?"}
                </span>
                <span className="problem-rule">{nameOf(key)}</span>
                <span className="problem-text">{shortMessage(p)}</span>
                <button type="button" className="button small ghost" onClick={() => onShow(key)}>
                  Show
                </button>
              </li>
            )),
          )}
          {placed.general.map((p, i) => (
            <li key={`general-${i}`} className={`rule-problem rule-problem-${p.severity}`} data-testid="summary-problem" data-code={p.code}>
              <span className="rule-problem-mark">{p.severity === "error" ? "!" : "?"}</span>
              <span className="problem-text">{p.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
