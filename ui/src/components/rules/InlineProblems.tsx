// Problems shown right where they are: under the rule, condition or action their path names.
import type { Problem } from "../../bindings";
import { shortMessage } from "./draft";

export function InlineProblems({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inline-problems">
      {problems.map((p, i) => (
        <li key={`${p.path}-${p.code}-${i}`} className={`rule-problem rule-problem-${p.severity}`} data-testid="inline-problem" data-path={p.path} data-code={p.code}>
          <span className="rule-problem-mark" aria-label={p.severity === "error" ? "Error" : "Warning"}>
            {p.severity === "error" ? "!" : "?"}
          </span>
          {shortMessage(p)}
        </li>
      ))}
    </ul>
  );
}
