// Actions over the selected held orders: release now, release at a time, re-run the rules, or
// cancel. The outcome banner then says how many of each order went through, and why not.
import type { Submit } from "../forms/useSubmit";
import { BulkActionBar, cancelAction, type BulkBarProps, ordersLabel, releaseAction, rerunAction } from "../orderlist/BulkActionBar";
import { ReleaseAtForm, type ReleaseAt } from "./ReleaseAtForm";

type Props = BulkBarProps & { onReleaseAt: Submit<ReleaseAt> };

export function HeldBulkBar({ count, loadedCount, onRun, onReleaseAt, onRerun, onSelectAll, onClear }: Props) {
  const orders = ordersLabel(count);
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
        rerunAction(onRerun, "Run the rules in force again: holds the rules placed lift when the rules no longer hold the order"),
        cancelAction(orders, onRun),
      ]}
    />
  );
}
