// A rule in its stage: position, name, on/off, how often it matched lately, its problems, and
// the handle and buttons that move it. Opens into the editor.
import { memo, type DragEvent } from "react";
import type { Facets, Rule, RuleHits } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { countBySeverity, type PlacedProblem } from "./draft";
import { RuleEditor } from "./RuleEditor";

/** What a card can ask of the page, by rule key. One stable object, so cards re-render alone. */
export type RuleCommands = {
  toggle: (key: string) => void;
  change: (key: string, rule: Rule) => void;
  move: (key: string, delta: number) => void;
  remove: (key: string) => void;
  duplicate: (key: string) => void;
};

export type DragCommands = {
  start: (key: string) => void;
  over: (key: string) => boolean;
  drop: (key: string) => void;
  end: () => void;
};

type Props = {
  rule: Rule;
  ruleKey: string;
  position: number;
  count: number;
  hits: RuleHits | undefined;
  /** Whether the rule is in the saved ruleset, and whether the draft changed it. */
  saved: boolean;
  edited: boolean;
  problems: PlacedProblem[];
  expanded: boolean;
  facets: Facets;
  dragging: boolean;
  dropTarget: boolean;
  commands: RuleCommands;
  drag: DragCommands;
};

export const RuleCard = memo(function RuleCard(p: Props) {
  const { rule, ruleKey, commands } = p;
  const { errors, warnings } = countBySeverity(p.problems);
  const h7 = p.hits?.last_7_days ?? 0;
  const h30 = p.hits?.last_30_days ?? 0;
  const onDragOver = (e: DragEvent) => {
    if (p.drag.over(ruleKey)) {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
    }
  };
  return (
    <li
      className={`rule-card ${p.expanded ? "is-open" : ""} ${rule.enabled ? "" : "is-off"} ${errors ? "has-error" : ""} ${p.dragging ? "is-dragging" : ""} ${p.dropTarget ? "is-drop-target" : ""}`}
      data-testid={`rule-card-${rule.id}`}
      data-rule-key={ruleKey}
      data-priority={rule.priority}
      onDragOver={onDragOver}
      onDrop={(e) => {
        e.preventDefault();
        p.drag.drop(ruleKey);
      }}
    >
      <div className="rule-head">
        <span
          className="rule-handle"
          draggable
          aria-hidden
          title="Drag to reorder (or use the arrows)"
          data-testid="rule-drag-handle"
          onDragStart={(e) => {
            if (e.dataTransfer) {
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", ruleKey);
            }
            p.drag.start(ruleKey);
          }}
          onDragEnd={p.drag.end}
        >
          ⋮⋮
        </span>
        <span className="rule-pos" title={`Runs ${ordinal(p.position + 1)} in its stage (priority ${rule.priority})`} data-testid="rule-position">
          {p.position + 1}
        </span>
        <button type="button" className="rule-title" aria-expanded={p.expanded} data-testid="rule-toggle" onClick={() => commands.toggle(ruleKey)}>
          <span className="rule-name">{rule.name.trim() || <em className="muted">Unnamed rule</em>}</span>
          {!rule.enabled && <span className="rule-tag">off</span>}
          {rule.stop_processing && (
            <span className="rule-tag" title="Later rules of this stage are skipped when it matches">
              stops stage
            </span>
          )}
          {!p.saved && <span className="rule-tag is-new">new</span>}
          {p.edited && <span className="rule-tag is-edited">edited</span>}
          {errors > 0 && (
            <span className="rule-count is-error" data-testid="rule-error-count">
              {errors} {errors === 1 ? "error" : "errors"}
            </span>
          )}
          {warnings > 0 && (
            <span className="rule-count is-warning" data-testid="rule-warning-count">
              {warnings} {warnings === 1 ? "warning" : "warnings"}
            </span>
          )}
        </button>
        {p.saved && (
          <span className="rule-hits" data-testid="rule-hits" title={`Matched ${formatCount(h7)} orders in the last 7 days, ${formatCount(h30)} in the last 30 days`}>
            {h30 === 0 ? (
              <span className="rule-no-hits" data-testid="rule-no-hits">
                no hits in 30 days
              </span>
            ) : (
              <>
                <b>{formatCount(h7)}</b> 7d · <b>{formatCount(h30)}</b> 30d
              </>
            )}
          </span>
        )}
        <label className="rule-switch" title={rule.enabled ? "Enabled: click to switch off" : "Off: click to enable"}>
          <input
            type="checkbox"
            data-testid="rule-enabled-toggle"
            aria-label={`${rule.name || "Rule"} enabled`}
            checked={rule.enabled}
            onChange={(e) => commands.change(ruleKey, { ...rule, enabled: e.target.checked })}
          />
          <span className="rule-switch-track" aria-hidden />
        </label>
        <span className="rule-move">
          <button type="button" className="icon-button" aria-label="Move up" title="Run earlier" data-testid="rule-move-up" disabled={p.position === 0} onClick={() => commands.move(ruleKey, -1)}>
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Move down"
            title="Run later"
            data-testid="rule-move-down"
            disabled={p.position === p.count - 1}
            onClick={() => commands.move(ruleKey, 1)}
          >
            ↓
          </button>
        </span>
      </div>
      {p.expanded && (
        <RuleEditor
          rule={rule}
          problems={p.problems}
          facets={p.facets}
          onChange={(r) => commands.change(ruleKey, r)}
          onDuplicate={() => commands.duplicate(ruleKey)}
          onDelete={() => commands.remove(ruleKey)}
        />
      )}
    </li>
  );
});

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${s}`;
}
