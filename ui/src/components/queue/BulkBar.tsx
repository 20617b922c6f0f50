// The queue's actions over the selected orders: hold, release, tag, re-run the rules, cancel.
import { HoldForm } from "../forms/HoldForm";
import { TextActionForm } from "../forms/TextActionForm";
import { BulkActionBar, cancelAction, type BulkBarProps, ordersLabel, releaseAction, rerunAction } from "../orderlist/BulkActionBar";

export function BulkBar({ count, loadedCount, onRun, onRerun, onSelectAll, onClear }: BulkBarProps) {
  const orders = ordersLabel(count);
  return (
    <BulkActionBar
      count={count}
      loadedCount={loadedCount}
      label="Bulk actions"
      onSelectAll={onSelectAll}
      onClear={onClear}
      actions={[
        {
          kind: "popover",
          id: "hold",
          testId: "bulk-hold",
          buttonLabel: "Hold…",
          label: `Hold ${orders}`,
          form: (close) => <HoldForm count={count} onSubmit={onRun} onDone={close} onCancel={close} />,
        },
        releaseAction(orders, onRun),
        {
          kind: "popover",
          id: "tag",
          testId: "bulk-add-tag",
          buttonLabel: "Add tag…",
          label: `Tag ${orders}`,
          form: (close) => (
            <TextActionForm
              name="bulk-tag"
              label="Tag"
              placeholder="e.g. priority"
              submitLabel={`Tag ${orders}`}
              required
              onSubmit={(tag) => onRun({ action: "add_tag", tag })}
              onDone={close}
              onCancel={close}
            />
          ),
        },
        rerunAction(onRerun, "Run the rules in force again on the selected orders; orders past ready are refused"),
        cancelAction(orders, onRun),
      ]}
    />
  );
}
