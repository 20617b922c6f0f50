// The virtualised queue: the shared order list with the queue's columns and rows.
import { EmptyState } from "../common/EmptyState";
import { VirtualOrderList, type OrderListState } from "../orderlist/VirtualOrderList";
import { OrderRow } from "./OrderRow";

type Props = OrderListState & {
  emptyTitle: string;
  emptyHint: string;
  /** The status tab, so narrow layouts can keep the column that matters there (hold reason). */
  tab: string;
};

export function OrderList(p: Props) {
  return (
    <VirtualOrderList
      {...p}
      overscan={12}
      label="Orders"
      testId="order-list"
      selectAllTestId="select-all"
      selectAllLabel="Select all loaded orders"
      columns={
        <>
          <div role="columnheader" className="cell cell-number">Order</div>
          <div role="columnheader" className="cell cell-customer">Customer</div>
          <div role="columnheader" className="cell cell-dest">Destination</div>
          <div role="columnheader" className="cell cell-items num">Items</div>
          <div role="columnheader" className="cell cell-total num">Total</div>
          <div role="columnheader" className="cell cell-placed">Placed</div>
          <div role="columnheader" className="cell cell-shipby">Ship by</div>
          <div role="columnheader" className="cell cell-status">Status</div>
          <div role="columnheader" className="cell cell-hold">Hold</div>
          <div role="columnheader" className="cell cell-carrier">Carrier</div>
          <div role="columnheader" className="cell cell-tags">Tags</div>
        </>
      }
      skeleton={{ rows: 12, fade: 0.07, label: "Loading orders" }}
      loaderText="Loading more orders…"
      empty={
        <EmptyState title={p.emptyTitle} testId="queue-empty">
          {p.emptyHint}
        </EmptyState>
      }
      renderRow={(key, row) => <OrderRow key={key} {...row} />}
    />
  );
}
