// The held orders, most urgent first, in the shared virtualised order list; the rows in view are
// reported for their hold info.
import type { ReactNode } from "react";
import { VirtualOrderList, type OrderListState } from "../orderlist/VirtualOrderList";
import { HeldRow } from "./HeldRow";
import type { HoldInfo } from "./useHoldInfo";

type Props = OrderListState & {
  info: (id: string) => HoldInfo | null | undefined;
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
      renderRow={(key, row) => <HeldRow key={key} {...row} info={p.info(row.order.id)} />}
    />
  );
}
