// The outbox header totals: waiting to be sent, dead (needing a person), delivered.
import { formatCount } from "../../format/numbers";
import type { OutboxCounts } from "../../bindings";

export function OutboxTotals({ counts }: { counts: OutboxCounts | null }) {
  const n = (v: number | undefined) => (v === undefined ? "–" : formatCount(v));
  return (
    <dl className="sync-totals" aria-label="Outbox in total">
      <div>
        <dt>Pending</dt>
        <dd data-testid="outbox-pending">{n(counts?.pending)}</dd>
      </div>
      <div className={counts && counts.dead > 0 ? "is-dead" : ""}>
        <dt>Dead</dt>
        <dd data-testid="outbox-dead">{n(counts?.dead)}</dd>
      </div>
      <div>
        <dt>Done</dt>
        <dd data-testid="outbox-done">{n(counts?.done)}</dd>
      </div>
    </dl>
  );
}
