// Actions over the selected orders. Each order is applied or refused on its own by the backend;
// the outcome banner then says how many of each, and why.
import { useState } from "react";
import type { ManualAction } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { PopoverButton } from "../common/PopoverButton";
import { HoldForm } from "../forms/HoldForm";
import { TextActionForm } from "../forms/TextActionForm";
import type { Submit } from "../forms/useSubmit";

type Open = "hold" | "release" | "cancel" | "tag" | null;

type Props = {
  count: number;
  loadedCount: number;
  onRun: Submit<ManualAction>;
  /** Re-runs the rules on the selection; the outcome banner reports it. */
  onRerun: () => Promise<void>;
  onSelectAll: () => void;
  onClear: () => void;
};

export function BulkBar({ count, loadedCount, onRun, onRerun, onSelectAll, onClear }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [rerunning, setRerunning] = useState(false);
  const rerun = async () => {
    setRerunning(true);
    try {
      await onRerun();
    } finally {
      setRerunning(false);
    }
  };
  const close = () => setOpen(null);
  const toggle = (which: Exclude<Open, null>) => setOpen((o) => (o === which ? null : which));
  const orders = `${formatCount(count)} order${count === 1 ? "" : "s"}`;

  return (
    <div className="bulkbar" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
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
        testId="bulk-hold"
        buttonLabel="Hold…"
        label={`Hold ${orders}`}
        open={open === "hold"}
        onToggle={() => toggle("hold")}
        onClose={close}
      >
        <HoldForm count={count} onSubmit={onRun} onDone={close} onCancel={close} />
      </PopoverButton>
      <PopoverButton
        testId="bulk-release"
        buttonLabel="Release…"
        label={`Release ${orders}`}
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
        testId="bulk-add-tag"
        buttonLabel="Add tag…"
        label={`Tag ${orders}`}
        open={open === "tag"}
        onToggle={() => toggle("tag")}
        onClose={close}
      >
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
      </PopoverButton>
      <button
        type="button"
        className="button small"
        data-testid="bulk-rerun-rules"
        title="Run the rules in force again on the selected orders; orders past ready are refused"
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
