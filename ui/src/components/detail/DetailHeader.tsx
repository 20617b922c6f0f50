// Who, where from, when: the order number, its status and the dates that drive the work.
import type { OrderDetail } from "../../bindings";
import { awaitsShipment, CHANNEL_KIND_LABEL, PAYMENT_LABEL } from "../../domain/labels";
import { fullDateTime, placedLabel, shipByLabel, shipByUrgency } from "../../format/dates";
import { StatusBadge } from "../common/StatusBadge";

export function DetailHeader({ detail, now, onClose }: { detail: OrderDetail; now: Date; onClose: () => void }) {
  const o = detail.order;
  const urgency = o.ship_by && awaitsShipment(o.status) ? shipByUrgency(o.ship_by, now) : "ok";
  return (
    <header className="detail-head">
      <div className="detail-title">
        <h2 data-testid="detail-number">{o.number}</h2>
        <StatusBadge status={o.status} testId="detail-status" />
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close order (Esc)" title="Close (Esc)" data-testid="detail-close" onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="detail-meta">
        <div>
          <dt>Channel</dt>
          <dd title={`${CHANNEL_KIND_LABEL[detail.channel.kind]} · external id ${o.external_id}`}>
            {detail.channel.name} <span className="muted">· {o.channel_status}</span>
          </dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd title={fullDateTime(o.placed_at)}>{placedLabel(o.placed_at, now)}</dd>
        </div>
        <div>
          <dt>Ship by</dt>
          <dd className={urgency !== "ok" ? "is-urgent" : ""} title={o.ship_by ? fullDateTime(o.ship_by) : undefined}>
            {o.ship_by ? shipByLabel(o.ship_by, now) : "—"}
          </dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>{PAYMENT_LABEL[o.payment_status]}</dd>
        </div>
      </dl>
    </header>
  );
}
