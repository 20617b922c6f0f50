// The layout of a page made of an order list and the order detail beside it: the page's header,
// its bar (bulk actions while orders are selected), the last bulk outcome, the list, and the
// detail panel of the open order.
import type { ReactNode } from "react";
import { OrderDetailPanel } from "../detail/OrderDetailPanel";
import { BulkOutcomeBanner } from "../queue/BulkOutcomeBanner";
import type { OrderListPage } from "./useOrderListPage";

type Props = {
  page: OrderListPage;
  now: Date;
  /** The page's class; its main column is `${name}-main`. */
  name: string;
  /** A `<section>` with this test id, or a plain `<div>` without one. */
  testId?: string;
  head: ReactNode;
  bar: ReactNode;
  children: ReactNode;
};

export function OrderListLayout({ page, now, name, testId, head, bar, children }: Props) {
  const className = `${name} ${page.openId ? "has-detail" : ""}`;
  const body = (
    <>
      <div className={`${name}-main`}>
        {head}
        {bar}
        {page.outcome && <BulkOutcomeBanner action={page.outcome.action} outcome={page.outcome.outcome} onDismiss={page.dismissOutcome} />}
        {children}
      </div>
      {page.openId && (
        <OrderDetailPanel
          detail={page.detail.detail}
          loading={page.detail.loading}
          names={page.names}
          now={now}
          onClose={page.closeDetail}
          onRun={page.runOne}
          onRerun={page.rerunOne}
          onReroute={page.rerouteOne}
          onConfirmShipment={page.confirmShipmentOne}
          carriers={page.carriers}
        />
      )}
    </>
  );
  return testId ? (
    <section className={className} data-testid={testId}>
      {body}
    </section>
  ) : (
    <div className={className}>{body}</div>
  );
}
