// One queue row. Memoised: with thousands of rows scrolled past, only changed ones re-render.
import { memo } from "react";
import { awaitsShipment, HOLD_REASON_LABEL } from "../../domain/labels";
import { fullDateTime, placedLabel, shipByLabel, shipByUrgency } from "../../format/dates";
import { formatMoney } from "../../format/money";
import { StatusBadge } from "../common/StatusBadge";
import { OrderRowFrame, type OrderRowProps } from "../orderlist/OrderRowFrame";

/** One tag fits the column; the rest is a count (the full list is in the tooltip). */
const MAX_TAGS = 1;

function OrderRowImpl(props: OrderRowProps) {
  const { order: o, now } = props;
  const urgency = o.ship_by && awaitsShipment(o.status) ? shipByUrgency(o.ship_by, now) : "ok";
  return (
    <OrderRowFrame {...props} testId="order-row" status={o.status}>
      <div role="gridcell" className="cell cell-dest" title={`${o.ship_city}, ${o.ship_country}`}>
        <span className="city">{o.ship_city}</span>
        <span className="muted">, {o.ship_country}</span>
      </div>
      <div role="gridcell" className="cell cell-items num">
        {o.item_count}
      </div>
      <div role="gridcell" className="cell cell-total num">
        {formatMoney(o.total, o.currency)}
      </div>
      <div role="gridcell" className="cell cell-placed" title={fullDateTime(o.placed_at)}>
        {placedLabel(o.placed_at, now)}
      </div>
      <div
        role="gridcell"
        className={`cell cell-shipby ${urgency !== "ok" ? "is-urgent" : ""}`}
        data-urgency={urgency}
        title={o.ship_by ? `Ship by ${fullDateTime(o.ship_by)}` : undefined}
      >
        {o.ship_by ? shipByLabel(o.ship_by, now) : <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell cell-status">
        <StatusBadge status={o.status} />
      </div>
      <div role="gridcell" className="cell cell-hold">
        {o.hold_reason && <span className={`hold-reason reason-${o.hold_reason}`}>{HOLD_REASON_LABEL[o.hold_reason]}</span>}
      </div>
      <div role="gridcell" className="cell cell-carrier" title={[o.carrier, o.service].filter(Boolean).join(" · ")}>
        {o.carrier ? (
          <>
            {o.carrier}
            {o.service && <span className="muted"> · {o.service}</span>}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="gridcell" className="cell cell-tags" title={o.tags.join(", ")}>
        {o.tags.slice(0, MAX_TAGS).map((t) => (
          <span key={t} className="chip small">
            {t}
          </span>
        ))}
        {o.tags.length > MAX_TAGS && <span className="muted">+{o.tags.length - MAX_TAGS}</span>}
      </div>
    </OrderRowFrame>
  );
}

export const OrderRow = memo(OrderRowImpl);
