// The bar over a selection of orders, shared by the queue and the held view: the count, "select
// all loaded", the screen's actions (given as data, in order) and "clear selection". Each order is
// applied or refused on its own by the backend; the outcome banner then says how many of each.
import { useState, type ReactNode } from "react";
import type { ManualAction } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { PopoverButton } from "../common/PopoverButton";
import { TextActionForm } from "../forms/TextActionForm";
import type { Submit } from "../forms/useSubmit";

/** One action of the bar: a button opening a form in a popover, or a button that runs at once. */
export type BulkAction =
  | {
      kind: "popover";
      id: string;
      testId: string;
      buttonLabel: string;
      /** The popover's accessible name. */
      label: string;
      className?: string;
      align?: "left" | "right";
      /** The form inside the popover; `close` closes it. */
      form: (close: () => void) => ReactNode;
    }
  | { kind: "run"; id: string; testId: string; buttonLabel: string; title: string; run: () => Promise<void> };

/** "1 order", "1,204 orders". */
export function ordersLabel(count: number): string {
  return `${formatCount(count)} order${count === 1 ? "" : "s"}`;
}

/** Release now, with an optional note. */
export function releaseAction(orders: string, onRun: Submit<ManualAction>, className?: string): BulkAction {
  return {
    kind: "popover",
    id: "release",
    testId: "bulk-release",
    buttonLabel: "Release…",
    label: `Release ${orders}`,
    className,
    form: (close) => (
      <TextActionForm
        name="bulk-release"
        label="Note (optional)"
        placeholder="Why it can ship now"
        submitLabel={`Release ${orders}`}
        onSubmit={(note) => onRun({ action: "release", note })}
        onDone={close}
        onCancel={close}
      />
    ),
  };
}

/** Run the rules in force again on the selection; `title` says what that does on this screen. */
export function rerunAction(onRerun: () => Promise<void>, title: string): BulkAction {
  return { kind: "run", id: "rerun", testId: "bulk-rerun-rules", buttonLabel: "Re-run rules", title, run: onRerun };
}

/** Release a partner_rejected / out_of_stock / unroutable hold and route the orders again. */
export function rerouteAction(onReroute: () => Promise<void>): BulkAction {
  return {
    kind: "run",
    id: "reroute",
    testId: "bulk-reroute",
    buttonLabel: "Re-route",
    title: "Release the hold and route the selected orders again; never back to a partner that rejected them",
    run: onReroute,
  };
}

/** Cancel, with a reason kept in each order's timeline. */
export function cancelAction(orders: string, onRun: Submit<ManualAction>): BulkAction {
  return {
    kind: "popover",
    id: "cancel",
    testId: "bulk-cancel",
    buttonLabel: "Cancel…",
    label: `Cancel ${orders}`,
    className: "button small danger-text",
    align: "right",
    form: (close) => (
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
    ),
  };
}

/** What a page hands its bulk bar: the selection's size, and what to run on it. */
export type BulkBarProps = {
  count: number;
  loadedCount: number;
  onRun: Submit<ManualAction>;
  /** Re-runs the rules on the selection; the outcome banner reports it. */
  onRerun: () => Promise<void>;
  /** Routes the selection again (held orders whose hold routing can cure); the outcome banner reports it. */
  onReroute: () => Promise<void>;
  onSelectAll: () => void;
  onClear: () => void;
};

type Props = {
  count: number;
  loadedCount: number;
  /** The toolbar's accessible name. */
  label: string;
  actions: BulkAction[];
  onSelectAll: () => void;
  onClear: () => void;
};

export function BulkActionBar({ count, loadedCount, label, actions, onSelectAll, onClear }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const close = () => setOpen(null);
  const toggle = (which: string) => setOpen((o) => (o === which ? null : which));
  const run = async (a: { id: string; run: () => Promise<void> }) => {
    setRunning(a.id);
    try {
      await a.run();
    } finally {
      setRunning(null);
    }
  };

  return (
    <div className="bulkbar" role="toolbar" aria-label={label} data-testid="bulk-bar">
      <span className="bulk-count" data-testid="bulk-count" data-count={count}>
        {formatCount(count)} selected
      </span>
      {count < loadedCount && (
        <button type="button" className="button ghost small" data-testid="bulk-select-all" onClick={onSelectAll}>
          Select all {formatCount(loadedCount)} loaded
        </button>
      )}
      <span className="bulk-sep" />
      {actions.map((a) =>
        a.kind === "popover" ? (
          <PopoverButton
            key={a.id}
            testId={a.testId}
            buttonLabel={a.buttonLabel}
            label={a.label}
            className={a.className}
            align={a.align}
            open={open === a.id}
            onToggle={() => toggle(a.id)}
            onClose={close}
          >
            {a.form(close)}
          </PopoverButton>
        ) : (
          <button
            key={a.id}
            type="button"
            className="button small"
            data-testid={a.testId}
            title={a.title}
            disabled={running === a.id}
            onClick={() => void run(a)}
          >
            {a.buttonLabel}
          </button>
        ),
      )}
      <span className="bulk-spacer" />
      <button type="button" className="button ghost small" data-testid="bulk-clear" onClick={onClear} title="Clear selection (Esc)">
        Clear selection
      </button>
    </div>
  );
}
