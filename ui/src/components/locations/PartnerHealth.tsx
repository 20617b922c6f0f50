// How a partner is keeping up: backlog, the oldest hand-off it has not acknowledged, its last
// success, error rate, SLA breaches, and its latest hand-offs.
//
// PENDING BACKEND: the command that reports this (`partnersView`) is not in bindings.ts yet, so
// every card renders the placeholder below. When it lands, map its answer onto
// `PartnerHealthFacts` (or replace the type with the generated one) in LocationsPage and pass it
// as `health`; nothing else here needs to change. No numbers are made up in the meantime.
import type { ShipmentStatus } from "../../bindings";
import { SHIPMENT_STATUS_LABEL } from "../../domain/labels";
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { agoLabel } from "../../format/relative";

/** What the card shows about one partner (the shape the screen needs from `partnersView`). */
export type PartnerHealthFacts = {
  /** Hand-offs waiting to be sent or acknowledged. */
  backlog: number;
  oldest_unacknowledged_at: string | null;
  last_success_at: string | null;
  /** Share of recent exchanges that failed, 0–1. */
  error_rate: number;
  sla_breaches: number;
  handoffs: { order_id: string; order_number: string; status: ShipmentStatus; at: string }[];
};

const HANDOFFS_SHOWN = 5;

export function PartnerHealth({ health, now }: { health?: PartnerHealthFacts | null; now: Date }) {
  if (!health) {
    return (
      <div className="partner-health is-pending" data-testid="partner-health" data-state="pending">
        <strong>Partner health</strong>
        <span className="muted small">Backlog, unacknowledged hand-offs, last success, error rate and SLA breaches will show here once Waybill reports them.</span>
      </div>
    );
  }
  const h = health;
  const when = (iso: string | null, never: string) =>
    iso ? (
      <time dateTime={iso} title={fullDateTime(iso)}>
        {agoLabel(iso, now)}
      </time>
    ) : (
      <span className="muted">{never}</span>
    );
  return (
    <div className="partner-health" data-testid="partner-health" data-state="reported">
      <dl className="partner-facts">
        <div>
          <dt>Backlog</dt>
          <dd>{formatCount(h.backlog)}</dd>
        </div>
        <div className={h.oldest_unacknowledged_at ? "is-warn" : ""}>
          <dt>Oldest unacknowledged</dt>
          <dd>{when(h.oldest_unacknowledged_at, "none")}</dd>
        </div>
        <div>
          <dt>Last success</dt>
          <dd>{when(h.last_success_at, "never")}</dd>
        </div>
        <div className={h.error_rate > 0.05 ? "is-warn" : ""}>
          <dt>Error rate</dt>
          <dd>{Math.round(h.error_rate * 100)} %</dd>
        </div>
        <div className={h.sla_breaches > 0 ? "is-bad" : ""}>
          <dt>SLA breaches</dt>
          <dd>{formatCount(h.sla_breaches)}</dd>
        </div>
      </dl>
      {h.handoffs.length > 0 && (
        <ul className="partner-handoffs" aria-label="Latest hand-offs">
          {h.handoffs.slice(0, HANDOFFS_SHOWN).map((x) => (
            <li key={x.order_id}>
              <a className="order-link" href={`#orders/${x.order_id}`}>
                {x.order_number}
              </a>
              <span className={`shipment-status shipment-${x.status}`}>{SHIPMENT_STATUS_LABEL[x.status]}</span>
              <span className="muted">{when(x.at, "")}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
