// The held orders, most urgent first, in the shared virtualised order list; the rows in view are
// reported for their hold info.
import type { ReactNode } from "react";
import type { OrderSummary } from "../../bindings";
import { VirtualOrderList } from "../orderlist/VirtualOrderList";
import { HeldRow } from "./HeldRow";
import type { HoldInfo } from "./useHoldInfo";

type Props = {
  rows: OrderSummary[];
  hasMore: boolean;
  loading: boolean;
  loaded: boolean;
  loadMore: () => void;
  info: (id: string) => HoldInfo | null | undefined;
  focusedIndex: number;
  selected: ReadonlySet<string>;
  openId: string | null;
  now: Date;
  onToggle: (id: string, range: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  onRange: (first: number, last: number) => void;
  empty: ReactNode;
};

export function HeldList(p: Props) {
  return (
    <VirtualOrderList
      {...p}
      overscan={8}
      className="held-list"
      headClassName="held-row"
      label="Held orders"
      testId="held-list"
      selectAllTestId="held-select-all"
      selectAllLabel="Select all loaded held orders"
      columns={
        <>
          <div role="columnheader" className="cell cell-number">Order</div>
          <div role="columnheader" className="cell cell-customer">Customer</div>
          <div role="columnheader" className="cell cell-reason">Reason</div>
          <div role="columnheader" className="cell cell-age" title="How long the order has been held">Held</div>
          <div role="columnheader" className="cell cell-sla" title="Time left before the ship-by date">Ship-by</div>
          <div role="columnheader" className="cell cell-why">Why</div>
        </>
      }
      skeleton={{ rows: 10, fade: 0.08, label: "Loading held orders" }}
      loaderText="Loading more held orders…"
      renderRow={(o, { key, index, style, focused }) => (
        <HeldRow
          key={key}
          order={o}
          info={p.info(o.id)}
          index={index}
          style={style}
          focused={focused}
          selected={p.selected.has(o.id)}
          open={o.id === p.openId}
          now={p.now}
          onToggle={p.onToggle}
          onOpen={p.onOpen}
        />
      )}
    />
  );
}
