// A table of open effects under a heading; the dead ones and the waiting ones each get one.
import type { ReactNode } from "react";
import type { EffectView } from "../../bindings";
import { EffectRow } from "./EffectRow";

type Props = {
  title: ReactNode;
  tone: "dead" | "pending";
  effects: EffectView[];
  now: Date;
  busyIds: ReadonlySet<number>;
  onRetry: (effect: EffectView) => void;
  onSkip: (effect: EffectView) => void;
  actions?: ReactNode;
};

export function EffectTable({ title, tone, effects, now, busyIds, onRetry, onSkip, actions }: Props) {
  return (
    <section className={`effect-section is-${tone}`} data-testid={`effects-${tone}`}>
      <header className="effect-section-head">
        <h2>{title}</h2>
        {actions}
      </header>
      <div className="effect-scroll">
        <table className="effect-table">
          {/* Fixed widths so the dead and the waiting tables line up; the error takes the rest. */}
          <colgroup>
            <col className="col-kind" />
            <col className="col-order" />
            <col className="col-channel" />
            <col className="col-tries" />
            <col className="col-next" />
            <col />
            <col className="col-created" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Order</th>
              <th scope="col">Channel</th>
              <th scope="col" className="num">
                Tries
              </th>
              <th scope="col">Next try</th>
              <th scope="col">Last error</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {effects.map((e) => (
              <EffectRow key={e.id} effect={e} now={now} busy={busyIds.has(e.id)} onRetry={onRetry} onSkip={onSkip} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
