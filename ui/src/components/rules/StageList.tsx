// The rules by stage, in the fixed order they run (holds → location → service → enhance), each
// stage in run order. Rules move within their stage by drag and drop or the arrow buttons;
// either way the stage's priorities are rewritten 1, 2, 3…
import { useMemo, useRef, useState } from "react";
import type { Facets, Rule, RuleHits, Stage } from "../../bindings";
import { STAGE_INFO, STAGES } from "../../domain/ruleFields";
import { ruleKeys, runOrder, type PlacedProblem } from "./draft";
import { RuleCard, type DragCommands, type RuleCommands } from "./RuleCard";

type Props = {
  rules: Rule[];
  /** The saved rules by id, to mark new and edited ones. */
  saved: Map<string, Rule>;
  hits: Map<string, RuleHits>;
  problems: Map<string, PlacedProblem[]>;
  expanded: ReadonlySet<string>;
  facets: Facets;
  commands: RuleCommands;
  onAdd: (stage: Stage) => void;
  /** Moves the stage's rule at run position `from` to `to`. */
  onReorder: (stage: Stage, from: number, to: number) => void;
};

const NONE: PlacedProblem[] = [];

export function StageList({ rules, saved, hits, problems, expanded, facets, commands, onAdd, onReorder }: Props) {
  const keys = useMemo(() => ruleKeys(rules), [rules]);
  const stages = useMemo(
    () => STAGES.map((stage) => ({ stage, order: runOrder(rules, stage) })),
    [rules],
  );
  const [drag, setDrag] = useState<{ key: string; over: string | null } | null>(null);

  // Where each rule sits, for the drag handlers (kept in a ref so the handlers stay stable).
  const where = useRef(new Map<string, { stage: Stage; pos: number }>());
  where.current = new Map();
  for (const { stage, order } of stages) order.forEach((index, pos) => where.current.set(keys[index], { stage, pos }));
  const reorder = useRef(onReorder);
  reorder.current = onReorder;

  // The rule being dragged, for the handlers (state only drives the highlight).
  const dragged = useRef<string | null>(null);
  const dragCommands: DragCommands = useMemo(() => {
    const sameStage = (key: string) => {
      const from = dragged.current ? where.current.get(dragged.current) : undefined;
      const to = where.current.get(key);
      return from && to && from.stage === to.stage ? { from, to } : null;
    };
    return {
      start: (key) => {
        dragged.current = key;
        setDrag({ key, over: null });
      },
      over: (key) => {
        if (!sameStage(key)) return false;
        setDrag((d) => (d && d.over !== key ? { ...d, over: key } : d));
        return true;
      },
      drop: (key) => {
        const move = sameStage(key);
        dragged.current = null;
        setDrag(null);
        if (move && move.from.pos !== move.to.pos) reorder.current(move.from.stage, move.from.pos, move.to.pos);
      },
      end: () => {
        dragged.current = null;
        setDrag(null);
      },
    };
  }, []);

  return (
    <div className="stages" data-testid="stage-list">
      {stages.map(({ stage, order }) => (
        <section key={stage} className="stage" data-testid={`stage-${stage}`}>
          <header className="stage-head">
            <h2>{STAGE_INFO[stage].label}</h2>
            <span className="stage-count">{order.length}</span>
            <p className="stage-blurb muted">{STAGE_INFO[stage].blurb}</p>
            <button type="button" className="button small" data-testid={`new-rule-${stage}`} onClick={() => onAdd(stage)}>
              + New rule
            </button>
          </header>
          {order.length === 0 ? (
            <p className="stage-empty muted">No {STAGE_INFO[stage].label.toLowerCase()} rules: this stage changes nothing.</p>
          ) : (
            <ol className="rule-list">
              {order.map((index, pos) => {
                const rule = rules[index];
                const key = keys[index];
                const before = saved.get(rule.id);
                return (
                  <RuleCard
                    key={key}
                    rule={rule}
                    ruleKey={key}
                    position={pos}
                    count={order.length}
                    hits={hits.get(rule.id)}
                    saved={!!before}
                    edited={!!before && JSON.stringify(before) !== JSON.stringify(rule)}
                    problems={problems.get(key) ?? NONE}
                    expanded={expanded.has(key)}
                    facets={facets}
                    dragging={drag?.key === key}
                    dropTarget={!!drag && drag.over === key && drag.key !== key}
                    commands={commands}
                    drag={dragCommands}
                  />
                );
              })}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
