// One held order: who and what, why it is held and for how long, and how long is left before
// its ship-by date. Memoised like the queue's rows.
import { memo } from "react";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import { fullDateTime } from "../../format/dates";
import { OrderRowFrame, type OrderRowProps } from "../orderlist/OrderRowFrame";
import { heldFor, releasesIn, slaOf } from "./sla";
import type { HoldInfo } from "./useHoldInfo";

type Props = OrderRowProps & {
  /** `undefined` while being read. */
  info: HoldInfo | null | undefined;
};

function HeldRowImpl({ info, ...row }: Props) {
  const { order: o, now } = row;
  const sla = slaOf(o.ship_by, now);
  const reason = info?.reason ?? o.hold_reason;
  return (
    <OrderRowFrame {...row} className="held-row" testId="held-row">
      <div role="gridcell" className="cell cell-reason">
        {reason && <span className={`hold-reason reason-${reason}`}>{HOLD_REASON_LABEL[reason]}</span>}
      </div>
      <div role="gridcell" className="cell cell-age" data-testid="held-age" title={info ? `Held since ${fullDateTime(info.placedAt)}` : undefined}>
        {info ? heldFor(info.placedAt, now) : <span className="muted">{info === undefined ? "…" : "—"}</span>}
      </div>
      <div
        role="gridcell"
        className={`cell cell-sla sla-${sla.level}`}
        data-testid="held-sla"
        data-sla={sla.level}
        title={o.ship_by ? `Ship by ${fullDateTime(o.ship_by)}` : "No ship-by date"}
      >
        {sla.text}
      </div>
      <div role="gridcell" className="cell cell-why" data-testid="held-why" title={info ? `${info.by}: ${info.note}` : undefined}>
        {info === undefined ? (
          <span className="muted">…</span>
        ) : info === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            <span className="held-why-by">{info.by}</span>
            <span className="held-why-note">{info.note || (reason ? HOLD_REASON_LABEL[reason] : "")}</span>
            {info.releaseAt && (
              <span className="held-release-chip" title={`Releases automatically ${fullDateTime(info.releaseAt)}`}>
                {releasesIn(info.releaseAt, now)}
              </span>
            )}
          </>
        )}
      </div>
    </OrderRowFrame>
  );
}

export const HeldRow = memo(HeldRowImpl);
