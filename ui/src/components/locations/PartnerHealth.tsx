// How a partner is keeping up, from `partnersView`: a setup problem first when its adapter cannot
// be built, then its backlog, the oldest hand-off it has not acknowledged (red past 24 h: an SLA
// breach), its last successful exchange, the error rate of the last hour, SLA breaches, its last
// error, and its latest hand-offs on demand.
import type { PartnerHealth as PartnerReport } from "../../bindings";
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { clockTime, elapsedLabel } from "../../format/relative";
import { PartnerHandoffs } from "./PartnerHandoffs";
import { acknowledgementLate } from "./partnerSla";

/** "17 %", "<1 %" for a failure in many, "0 %". */
export function errorRateLabel(rate: number | null, failures: number): string {
  const pct = (rate ?? 0) * 100;
  if (failures > 0 && pct < 1) return "<1 %";
  return `${Math.round(pct)} %`;
}

type Props = {
  /** `undefined` while partner health is being read; `null` when the backend reported none for it. */
  health: PartnerReport | null | undefined;
  /** Why partner health could not be read, when it could not. */
  failed?: string | null;
  now: Date;
};

function Ago({ iso, now, never }: { iso: string | null; now: Date; never: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  return (
    <time dateTime={iso} title={fullDateTime(iso)}>
      {elapsedLabel(iso, now)}
    </time>
  );
}

export function PartnerHealth({ health, failed, now }: Props) {
  if (!health) {
    const text = failed
      ? `Partner health could not be read: ${failed}`
      : health === null
        ? "Waybill reported no health for this partner yet."
        : "Reading partner health…";
    return (
      <div className="partner-health is-pending" data-testid="partner-health" data-state={failed ? "failed" : health === null ? "missing" : "loading"}>
        <span className="muted small">{text}</span>
      </div>
    );
  }
  const h = health;
  const oldestLate = acknowledgementLate(h.oldest_unacknowledged_at, now);
  const rate = h.error_rate ?? 0;
  // The last error still stands when nothing succeeded after it.
  const failing = h.last_error_at !== null && (h.last_success_at === null || h.last_success_at < h.last_error_at);
  return (
    <div className="partner-health" data-testid="partner-health" data-state="reported">
      {h.problem && (
        <p className="partner-problem" data-testid="partner-problem">
          <strong>Setup problem:</strong> {h.problem}
        </p>
      )}
      <dl className="partner-facts">
        <div data-testid="partner-backlog" title="Shipments it holds (handed off or accepted) and hand-offs still to deliver">
          <dt>Backlog</dt>
          <dd>{formatCount(h.backlog)}</dd>
        </div>
        <div
          className={oldestLate ? "is-bad" : ""}
          data-testid="partner-oldest"
          data-late={oldestLate}
          title={oldestLate ? "Not acknowledged within 24 hours: an SLA breach" : "The oldest hand-off the partner has not acknowledged"}
        >
          <dt>Oldest unacknowledged</dt>
          <dd>
            <Ago iso={h.oldest_unacknowledged_at} now={now} never="none" />
            {oldestLate && <span className="visually-hidden"> (over 24 h)</span>}
          </dd>
        </div>
        <div className={failing ? "is-warn" : ""} data-testid="partner-last-success">
          <dt>Last success</dt>
          <dd>
            <Ago iso={h.last_success_at} now={now} never="never" />
          </dd>
        </div>
        <div
          className={rate > 0.05 ? "is-warn" : ""}
          data-testid="partner-error-rate"
          title={h.window_start ? `Failed exchanges since ${clockTime(h.window_start)} (the last hour)` : "No exchanges in the last hour"}
        >
          <dt>Error rate</dt>
          <dd>
            {h.exchanges === 0 ? <span className="muted">—</span> : errorRateLabel(h.error_rate, h.failures)}
            <small className="partner-fact-sub">
              {h.exchanges === 0 ? "no exchanges" : `${formatCount(h.failures)} of ${formatCount(h.exchanges)} failed`}
            </small>
          </dd>
        </div>
        <div
          className={h.sla_breaches > 0 ? "is-bad" : ""}
          data-testid="partner-sla"
          title="Hand-offs not acknowledged within 24 h, and accepted shipments not shipped within 72 h"
        >
          <dt>SLA breaches</dt>
          <dd>{formatCount(h.sla_breaches)}</dd>
        </div>
      </dl>
      <p className="partner-backlog-detail muted small" data-testid="partner-backlog-detail">
        {formatCount(h.counts.handed_off)} awaiting acknowledgement · {formatCount(h.counts.accepted)} accepted · {formatCount(h.pending_handoffs)} to hand off
        {h.dead_handoffs > 0 && (
          <>
            {" · "}
            <a className="partner-dead" href="#outbox" title="Hand-offs given up on: retry or skip them in the Outbox">
              {formatCount(h.dead_handoffs)} given up
            </a>
          </>
        )}
      </p>
      {h.last_error && (
        <p className={`partner-last-error ${failing ? "is-current" : ""}`} data-testid="partner-last-error">
          <span className="muted">
            Last error
            {h.last_error_at && (
              <>
                {" "}
                <Ago iso={h.last_error_at} now={now} never="" />
              </>
            )}
            :
          </span>{" "}
          {h.last_error}
        </p>
      )}
      {h.last_sync_at && (
        <p className="muted small" data-testid="partner-last-sync">
          Statuses last read <Ago iso={h.last_sync_at} now={now} never="" />
        </p>
      )}
      <PartnerHandoffs location={h.id} name={h.name} now={now} />
    </div>
  );
}
