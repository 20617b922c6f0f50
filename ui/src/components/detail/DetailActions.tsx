// The manual actions on one order. Buttons that cannot apply to the order's state are disabled
// rather than hidden, so the bar keeps its shape; the backend still has the final word. The one
// exceptions are "Re-run rules", shown only where rules act at all (awaiting payment, on hold,
// ready), and "Re-route", shown only on an order held because a partner rejected it, stock was
// short or no location could take it.
import { useState } from "react";
import { ApiError } from "../../api";
import type { ManualAction, Order } from "../../bindings";
import { canReroute, isFinished } from "../../domain/labels";
import { PopoverButton } from "../common/PopoverButton";
import { HoldForm } from "../forms/HoldForm";
import { TextActionForm } from "../forms/TextActionForm";
import type { Submit } from "../forms/useSubmit";
import { useReportError } from "../shell/errors";
import { rulesActOn } from "./ruleWords";

type Open = "hold" | "cancel" | "tag" | "note" | null;

type Props = {
  order: Order;
  onRun: Submit<ManualAction>;
  /** Runs the rules again on this order; resolves to null, or to why it was refused. */
  onRerun?: () => Promise<string | null>;
  /** Releases its partner_rejected / out_of_stock / unroutable hold and routes it again; resolves to null, or to why it was refused. */
  onReroute?: () => Promise<string | null>;
  editingAddress: boolean;
  onEditAddress: () => void;
};

export function DetailActions({ order, onRun, onRerun, onReroute, editingAddress, onEditAddress }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const toggle = (which: Exclude<Open, null>) => setOpen((o) => (o === which ? null : which));
  const finished = isFinished(order.status);
  const [busy, setBusy] = useState<"release" | "rerun" | "reroute" | null>(null);
  const report = useReportError();
  const oneClick = async (which: "release" | "rerun" | "reroute", run: () => Promise<string | null>) => {
    setBusy(which);
    try {
      const refused = await run();
      if (refused) report(new ApiError("not_allowed", refused));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="detail-actions" role="toolbar" aria-label="Order actions">
      {order.hold ? (
        // Releasing is the everyday, reversible step after a check: one click, no form.
        <button
          type="button"
          className="button small primary"
          data-testid="action-release"
          disabled={busy !== null}
          onClick={() => void oneClick("release", () => onRun({ action: "release", note: "" }))}
        >
          Release
        </button>
      ) : (
        <PopoverButton
          testId="action-hold"
          buttonLabel="Hold…"
          label="Hold order"
          open={open === "hold"}
          onToggle={() => toggle("hold")}
          onClose={close}
          disabled={finished}
        >
          <HoldForm onSubmit={onRun} onDone={close} onCancel={close} />
        </PopoverButton>
      )}
      {onReroute && canReroute(order.status, order.hold?.reason) && (
        <button
          type="button"
          className="button small"
          data-testid="action-reroute"
          title="Release the hold and route the order again; never back to a partner that rejected it"
          disabled={busy !== null}
          onClick={() => void oneClick("reroute", onReroute)}
        >
          {busy === "reroute" ? "Re-routing…" : "Re-route"}
        </button>
      )}
      <button
        type="button"
        className={`button small ${editingAddress ? "is-pressed" : ""}`}
        data-testid="action-edit-address"
        aria-pressed={editingAddress}
        disabled={finished}
        onClick={onEditAddress}
      >
        Edit address
      </button>
      {onRerun && rulesActOn(order.status) && (
        <button
          type="button"
          className="button small"
          data-testid="rerun-rules"
          title="Run the rules in force again on this order; fields a person set stay as they are"
          disabled={busy !== null}
          onClick={() => void oneClick("rerun", onRerun)}
        >
          Re-run rules
        </button>
      )}
      <PopoverButton
        testId="action-add-tag"
        buttonLabel="Add tag…"
        label="Add tag"
        open={open === "tag"}
        onToggle={() => toggle("tag")}
        onClose={close}
        align="right"
      >
        <TextActionForm
          name="tag"
          label="Tag"
          placeholder="e.g. priority"
          submitLabel="Add tag"
          required
          onSubmit={(tag) => onRun({ action: "add_tag", tag })}
          onDone={close}
          onCancel={close}
        />
      </PopoverButton>
      <PopoverButton
        testId="action-add-note"
        buttonLabel="Add note…"
        label="Add internal note"
        open={open === "note"}
        onToggle={() => toggle("note")}
        onClose={close}
        align="right"
      >
        <TextActionForm
          name="note"
          label="Internal note (not sent to the customer)"
          submitLabel="Add note"
          required
          multiline
          onSubmit={(note) => onRun({ action: "add_note", note })}
          onDone={close}
          onCancel={close}
        />
      </PopoverButton>
      <span className="spacer" />
      <PopoverButton
        testId="action-cancel"
        buttonLabel="Cancel…"
        label="Cancel order"
        open={open === "cancel"}
        onToggle={() => toggle("cancel")}
        onClose={close}
        className="button small danger-text"
        disabled={finished}
        align="right"
      >
        <TextActionForm
          name="cancel"
          intro={
            <>
              Cancel <strong>{order.number}</strong>? It will not ship, and the channel is told.
            </>
          }
          label="Reason (kept in the timeline)"
          placeholder="e.g. customer asked to cancel"
          submitLabel="Cancel order"
          danger
          onSubmit={(note) => onRun({ action: "cancel", note })}
          onDone={close}
          onCancel={close}
        />
      </PopoverButton>
    </div>
  );
}
