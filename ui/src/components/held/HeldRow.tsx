// One held order: who and what, why it is held and for how long, and how long is left before
// its ship-by date. Memoised like the queue's rows.
import { memo, type CSSProperties, type MouseEvent } from "react";
import type { OrderSummary } from "../../bindings";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import { fullDateTime } from "../../format/dates";
import { heldFor, releasesIn, slaOf } from "./sla";
import type { HoldInfo } from "./useHoldInfo";

type Props = {
  order: OrderSummary;
  /** `undefined` while being read. */
  info: HoldInfo | null | undefined;
  index: number;
  style: CSSProperties;
  focused: boolean;
  selected: boolean;
  open: boolean;
  now: Date;
  onToggle: (id: string, range: boolean) => void;
  onOpen: (id: string) => void;
};

function HeldRowImpl({ order: o, info, index, style, focused, selected, open, now, onToggle, onOpen }: Props) {
  const sla = slaOf(o.ship_by, now);
  const reason = info?.reason ?? o.hold_reason;
  const toggle = (e: MouseEvent) => {
    e.stopPropagation();
    onToggle(o.id, e.shiftKey);
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`row held-row ${focused ? "is-focused" : ""} ${selected ? "is-selected" : ""} ${open ? "is-open" : ""}`}
      style={style}
      data-testid="held-row"
      data-order-id={o.id}
      data-order-number={o.number}
      onClick={() => onOpen(o.id)}
    >
      <div role="gridcell" className="cell cell-check" onClick={toggle} onMouseDown={(e) => e.shiftKey && e.preventDefault()}>
        <input type="checkbox" tabIndex={-1} checked={selected} onChange={() => {}} aria-label={`Select order ${o.number}`} />
      </div>
      <div role="gridcell" className="cell cell-number" title={o.number}>
        {o.number}
      </div>
      <div role="gridcell" className="cell cell-customer" title={o.customer_name}>
        {o.customer_name}
      </div>
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
    </div>
  );
}

export const HeldRow = memo(HeldRowImpl);
