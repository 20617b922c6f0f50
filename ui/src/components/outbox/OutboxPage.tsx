// Outbox & exceptions: everything Waybill owes to channels (tracking pushes, cancellations, stock)
// that is not delivered yet. Dead effects (retries used up, or refused for good) are the
// exceptions and come first, in red, with Retry (one or all) and Skip with a reason; the ones
// still waiting show when they are tried next and why the last try failed.
import { useState } from "react";
import { formatCount } from "../../format/numbers";
import { useNow } from "../../hooks/useNow";
import type { EffectView } from "../../bindings";
import { EmptyState, Spinner } from "../common/EmptyState";
import { useReportError } from "../shell/errors";
import { EffectTable } from "./EffectTable";
import type { EffectFilter } from "./effectWords";
import { OutboxTotals } from "./OutboxTotals";
import { SkipDialog } from "./SkipDialog";
import { useEffectActions } from "./useEffectActions";
import { useOutbox } from "./useOutbox";
import "../../styles/sync.css";

const FILTERS: { value: EffectFilter; label: string }[] = [
  { value: "open", label: "All open" },
  { value: "dead", label: "Dead" },
  { value: "pending", label: "Pending" },
];

/** `onChanged` tells the shell (its dead-count badge and offline indicator) that the outbox moved. */
export function OutboxPage({ onChanged }: { onChanged?: () => void }) {
  const report = useReportError();
  const now = useNow(5000);
  const { view, failed, refresh } = useOutbox(report);
  const [filter, setFilter] = useState<EffectFilter>("open");
  const [skipping, setSkipping] = useState<EffectView | null>(null);
  const changed = () => {
    refresh();
    onChanged?.();
  };
  const { busyIds, notice, dismiss, retry, skip } = useEffectActions(changed, report);

  const effects = view?.effects ?? [];
  const dead = effects.filter((e) => e.status === "dead");
  const pending = effects.filter((e) => e.status === "pending");
  const showDead = filter !== "pending" && dead.length > 0;
  const showPending = filter !== "dead" && pending.length > 0;
  const counts = view?.counts ?? null;

  return (
    <div className="sync-page outbox-page" data-testid="outbox-page">
      <header className="sync-head">
        <div className="sync-title">
          <h1>Outbox &amp; exceptions</h1>
          <OutboxTotals counts={counts} />
        </div>
        <div className="segmented" role="tablist" aria-label="Show">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              role="tab"
              aria-selected={filter === f.value}
              className={`segment ${filter === f.value ? "is-active" : ""}`}
              data-testid={`outbox-filter-${f.value}`}
              onClick={() => setFilter(f.value)}
            >
              {f.label}
              {counts && f.value !== "open" && <span className="segment-count">{formatCount(counts[f.value])}</span>}
            </button>
          ))}
        </div>
      </header>

      <div className="sync-body">
        {notice && (
          <div className={`banner ${notice.kind === "ok" ? "banner-ok" : "banner-error"}`} role="status" data-testid="outbox-notice">
            <div className="banner-body">{notice.text}</div>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
              ×
            </button>
          </div>
        )}

        {!view && !failed && (
          <div className="sync-loading">
            <Spinner label="Loading the outbox" />
          </div>
        )}
        {!view && failed && <EmptyState title="The outbox could not be read">{failed}</EmptyState>}

        {showDead && (
          <EffectTable
            tone="dead"
            title={
              <>
                {formatCount(dead.length)} dead effect{dead.length === 1 ? "" : "s"} <span className="section-hint">need a person: retry, or skip with a reason</span>
              </>
            }
            effects={dead}
            now={now}
            busyIds={busyIds}
            onRetry={(e) => void retry([e])}
            onSkip={setSkipping}
            actions={
              dead.length > 1 && (
                <button type="button" className="button small" data-testid="retry-all-dead" disabled={busyIds.size > 0} onClick={() => void retry(dead)}>
                  Retry all {formatCount(dead.length)}
                </button>
              )
            }
          />
        )}
        {showPending && (
          <EffectTable
            tone="pending"
            title={
              <>
                {formatCount(pending.length)} waiting to be sent <span className="section-hint">sent by themselves, with retries</span>
              </>
            }
            effects={pending}
            now={now}
            busyIds={busyIds}
            onRetry={(e) => void retry([e])}
            onSkip={setSkipping}
          />
        )}
        {view && !showDead && !showPending && (
          <EmptyState title={filter === "dead" ? "No exceptions" : filter === "pending" ? "Nothing waiting" : "Nothing owed to channels"} testId="outbox-empty">
            {filter === "dead"
              ? "Effects that run out of retries or are refused for good by a channel show up here."
              : "Tracking pushes, cancellations and stock updates wait here until their channel takes them."}
          </EmptyState>
        )}
        {view && effects.length > 0 && counts && counts.pending + counts.dead > effects.length && (
          <p className="muted small">
            Showing the oldest {formatCount(effects.length)} of {formatCount(counts.pending + counts.dead)} open effects; <code>waybill outbox list</code> lists them all.
          </p>
        )}
      </div>

      {skipping && <SkipDialog effect={skipping} onSubmit={(reason) => skip(skipping, reason)} onClose={() => setSkipping(null)} />}
    </div>
  );
}
