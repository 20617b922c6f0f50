// One rule opened for editing: name, on/off, stop processing, conditions and actions, with each
// problem shown where it is.
import { useMemo, useState } from "react";
import type { Facets, Rule } from "../../bindings";
import { STAGE_INFO } from "../../domain/ruleFields";
import { ActionEditor } from "./ActionEditor";
import { ConditionBuilder, type BuilderContext } from "./ConditionBuilder";
import { conditionPaths, type PlacedProblem } from "./draft";
import { InlineProblems } from "./InlineProblems";

type Props = {
  rule: Rule;
  problems: PlacedProblem[];
  facets: Facets;
  onChange: (rule: Rule) => void;
  onDuplicate: () => void;
  onDelete: () => void;
};

export function RuleEditor({ rule, problems, facets, onChange, onDuplicate, onDelete }: Props) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const at = (path: string) => problems.filter((p) => p.at === path);
  const ctx: BuilderContext = useMemo(() => ({ facets, problemsAt: (path: string) => problems.filter((p) => p.at === path) }), [facets, problems]);

  // Problems whose path the form shows nowhere (the rule as a whole, its id…) show at the top.
  const shown = useMemo(() => {
    const paths = conditionPaths(rule.when, "when");
    paths.add("name");
    paths.add("then");
    rule.then.forEach((_, i) => paths.add(`then[${i}]`));
    return paths;
  }, [rule.when, rule.then]);
  const elsewhere = problems.filter((p) => !shown.has(p.at));

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <InlineProblems problems={elsewhere} />
      <div className="rule-fields">
        <label className="field rule-name">
          <span>Name</span>
          <input
            type="text"
            data-testid="rule-name-input"
            value={rule.name}
            placeholder="What people will read in traces and timelines"
            onChange={(e) => onChange({ ...rule, name: e.target.value })}
          />
        </label>
        <label className="rule-check">
          <input type="checkbox" data-testid="rule-enabled-input" checked={rule.enabled} onChange={(e) => onChange({ ...rule, enabled: e.target.checked })} />
          Enabled
        </label>
        <label className="rule-check" title={`When this rule matches, the later rules of the ${STAGE_INFO[rule.stage].label.toLowerCase()} stage are skipped; other stages still run.`}>
          <input
            type="checkbox"
            data-testid="rule-stop-input"
            checked={rule.stop_processing}
            onChange={(e) => onChange({ ...rule, stop_processing: e.target.checked })}
          />
          Stop processing the stage when it matches
        </label>
      </div>
      <InlineProblems problems={at("name")} />

      <section className="rule-part">
        <h4>When</h4>
        <ConditionBuilder value={rule.when} onChange={(when) => onChange({ ...rule, when })} ctx={ctx} />
      </section>

      <section className="rule-part">
        <h4>Then</h4>
        <ActionEditor stage={rule.stage} actions={rule.then} facets={facets} onChange={(then) => onChange({ ...rule, then })} problemsAt={ctx.problemsAt} />
      </section>

      <footer className="rule-foot">
        <code className="rule-id muted" title="Rule id">
          {rule.id}
        </code>
        <span className="spacer" />
        <button type="button" className="button small ghost" data-testid="duplicate-rule" onClick={onDuplicate}>
          Duplicate
        </button>
        {confirmDelete ? (
          <>
            <span className="small">Delete this rule?</span>
            <button type="button" className="button small danger" data-testid="confirm-delete-rule" onClick={onDelete}>
              Delete
            </button>
            <button type="button" className="button small ghost" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="button small ghost danger-text" data-testid="delete-rule" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        )}
      </footer>
    </div>
  );
}
