// Actions over the selected held orders: release now, release at a time, re-run the rules, or
// cancel. The outcome banner then says how many of each order went through, and why not.
import { useState } from "react";
import type { ManualAction } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { PopoverButton } from "../common/PopoverButton";
import { TextActionForm } from "../forms/TextActionForm";
import type { Submit } from "../forms/useSubmit";
import { ReleaseAtForm, type ReleaseAt } from "./ReleaseAtForm";

type Open = "release" | "release_at" | "cancel" | null;

type Props = {
  count: number;
  loadedCount: number;
  onRun: Submit<ManualAction>;
  onReleaseAt: Submit<ReleaseAt>;
  onRerun: () => Promise<void>;
  onSelectAll: () => void;
  onClear: () => void;
};

export function HeldBulkBar({ count, loadedCount, onRun, onReleaseAt, onRerun, onSelectAll, onClear }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [rerunning, setRerunning] = useState(false);
  const close = () => setOpen(null);
  const toggle = (which: Exclude<Open, null>) => setOpen((o) => (o === which ? null : which));
  const orders = `${formatCount(count)} order${count === 1 ? "" : "s"}`;
  const rerun = async () => {
    setRerunning(true);
    try {
      await onRerun();
    } finally {
      setRerunning(false);
    }
  };

  return (
    <div className="bulkbar" role="toolbar" aria-label="Bulk actions on held orders" data-testid="bulk-bar">
      <span className="bulk-count" data-testid="bulk-count" data-count={count}>
        {formatCount(count)} selected
      </span>
      {count < loadedCount && (
        <button type="button" className="button ghost small" data-testid="bulk-select-all" onClick={onSelectAll}>
          Select all {formatCount(loadedCount)} loaded
        </button>
      )}
      <span className="bulk-sep" />
      <PopoverButton
        testId="bulk-release"
        buttonLabel="Release…"
        label={`Release ${orders}`}
        className="button small primary"
        open={open === "release"}
        onToggle={() => toggle("release")}
        onClose={close}
      >
        <TextActionForm
          name="bulk-release"
          label="Note (optional)"
          placeholder="Why it can ship now"
          submitLabel={`Release ${orders}`}
          onSubmit={(note) => onRun({ action: "release", note })}
          onDone={close}
          onCancel={close}
        />
      </PopoverButton>
      <PopoverButton
        testId="bulk-release-at"
        buttonLabel="Release at…"
        label={`Release ${orders} at a time`}
        open={open === "release_at"}
        onToggle={() => toggle("release_at")}
        onClose={close}
      >
        <ReleaseAtForm count={count} onSubmit={onReleaseAt} onDone={close} onCancel={close} />
      </PopoverButton>
      <button
        type="button"
        className="button small"
        data-testid="bulk-rerun-rules"
        title="Run the rules in force again: holds the rules placed lift when the rules no longer hold the order"
        disabled={rerunning}
        onClick={() => void rerun()}
      >
        Re-run rules
      </button>
      <PopoverButton
        testId="bulk-cancel"
        buttonLabel="Cancel…"
        label={`Cancel ${orders}`}
        open={open === "cancel"}
        onToggle={() => toggle("cancel")}
        onClose={close}
        className="button small danger-text"
        align="right"
      >
        <TextActionForm
          name="bulk-cancel"
          intro={
            <>
              Cancel <strong>{orders}</strong>? Cancelled orders are not shipped and this cannot be undone here.
            </>
          }
          label="Reason (kept in each order's timeline)"
          placeholder="e.g. customer asked to cancel"
          submitLabel={`Cancel ${orders}`}
          danger
          onSubmit={(note) => onRun({ action: "cancel", note })}
          onDone={close}
          onCancel={close}
        />
      </PopoverButton>
      <span className="bulk-spacer" />
      <button type="button" className="button ghost small" data-testid="bulk-clear" onClick={onClear} title="Clear selection (Esc)">
        Clear selection
      </button>
    </div>
  );
}
