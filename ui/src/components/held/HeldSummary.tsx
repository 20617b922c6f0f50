// The held-orders header totals: how many are held, how many already missed ship-by, how many
// must ship within a day.
import type { HeldOverview } from "../../bindings";
import { formatCount } from "../../format/numbers";

export function HeldSummary({ overview }: { overview: HeldOverview | null }) {
  const n = (v: number | undefined) => (v === undefined ? "–" : formatCount(v));
  return (
    <dl className="held-totals" aria-label="Held orders in total">
      <div>
        <dt>Held</dt>
        <dd data-testid="held-total">{n(overview?.total)}</dd>
      </div>
      <div className={overview && overview.overdue > 0 ? "is-overdue" : ""}>
        <dt>Overdue</dt>
        <dd data-testid="held-overdue">{n(overview?.overdue)}</dd>
      </div>
      <div className={overview && overview.due_today > 0 ? "is-soon" : ""}>
        <dt>Due within 24 h</dt>
        <dd data-testid="held-due-today">{n(overview?.due_today)}</dd>
      </div>
    </dl>
  );
}
