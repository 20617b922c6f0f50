// What every order row shares, in the queue and the held view alike: the row itself (focus,
// selection, open state; a click opens the order), the checkbox cell (shift-click extends the
// selection) and the order number and customer cells. The screen adds its own cells after these.
import type { CSSProperties, MouseEvent, ReactNode } from "react";
import type { OrderSummary } from "../../bindings";

/** The props a row component gets from its list. */
export type OrderRowProps = {
  order: OrderSummary;
  index: number;
  style: CSSProperties;
  focused: boolean;
  selected: boolean;
  open: boolean;
  now: Date;
  onToggle: (id: string, range: boolean) => void;
  onOpen: (id: string) => void;
};

type Props = Omit<OrderRowProps, "now"> & {
  /** Extra classes of the row. */
  className?: string;
  testId: string;
  /** `data-status`, where the screen's tests read it. */
  status?: string;
  children: ReactNode;
};

export function OrderRowFrame({ order: o, index, style, focused, selected, open, onToggle, onOpen, className, testId, status, children }: Props) {
  const toggle = (e: MouseEvent) => {
    e.stopPropagation();
    onToggle(o.id, e.shiftKey);
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`row ${className ? `${className} ` : ""}${focused ? "is-focused" : ""} ${selected ? "is-selected" : ""} ${open ? "is-open" : ""}`}
      style={style}
      data-testid={testId}
      data-order-id={o.id}
      data-order-number={o.number}
      data-status={status}
      onClick={() => onOpen(o.id)}
    >
      <div
        role="gridcell"
        className="cell cell-check"
        onClick={toggle}
        // Shift-click extends the selection of orders, not a selection of text.
        onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      >
        <input type="checkbox" tabIndex={-1} checked={selected} onChange={() => {}} aria-label={`Select order ${o.number}`} />
      </div>
      <div role="gridcell" className="cell cell-number" title={o.number}>
        {o.number}
      </div>
      <div role="gridcell" className="cell cell-customer" title={o.customer_name}>
        {o.customer_name}
      </div>
      {children}
    </div>
  );
}
