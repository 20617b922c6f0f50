// Actions over the selected held orders: release now, release at a time, re-route (when every
// selected order is held for a reason routing again can cure), re-run the rules, or cancel. The
// outcome banner then says how many of each order went through, and why not.
import type { Submit } from "../forms/useSubmit";
import { type BulkAction, BulkActionBar, cancelAction, type BulkBarProps, ordersLabel, releaseAction, rerouteAction, rerunAction } from "../orderlist/BulkActionBar";
import { ReleaseAtForm, type ReleaseAt } from "./ReleaseAtForm";

type Props = BulkBarProps & {
  onReleaseAt: Submit<ReleaseAt>;
  /** Every selected order is held as partner_rejected, out_of_stock or unroutable. */
  canReroute: boolean;
};

export function HeldBulkBar({ count, loadedCount, onRun, onReleaseAt, onRerun, onReroute, canReroute, onSelectAll, onClear }: Props) {
  const orders = ordersLabel(count);
  const reroute: BulkAction[] = canReroute ? [rerouteAction(onReroute)] : [];
  return (
    <BulkActionBar
      count={count}
      loadedCount={loadedCount}
      label="Bulk actions on held orders"
      onSelectAll={onSelectAll}
      onClear={onClear}
      actions={[
        releaseAction(orders, onRun, "button small primary"),
        {
          kind: "popover",
          id: "release_at",
          testId: "bulk-release-at",
          buttonLabel: "Release at…",
          label: `Release ${orders} at a time`,
          form: (close) => <ReleaseAtForm count={count} onSubmit={onReleaseAt} onDone={close} onCancel={close} />,
        },
        ...reroute,
        rerunAction(onRerun, "Run the rules in force again: holds the rules placed lift when the rules no longer hold the order"),
        cancelAction(orders, onRun),
      ]}
    />
  );
}
