// Put orders on hold: a typed reason, a note for whoever picks it up, an optional release time.
import { useState, type FormEvent } from "react";
import type { HoldReason, ManualAction } from "../../bindings";
import { HOLD_REASONS, HOLD_REASON_LABEL } from "../../domain/labels";
import { localInputToIso } from "../../format/dates";
import { useSubmit, type Submit } from "./useSubmit";

type Props = { onSubmit: Submit<ManualAction>; onDone: () => void; onCancel: () => void; count?: number };

export function HoldForm({ onSubmit, onDone, onCancel, count }: Props) {
  const [reason, setReason] = useState<HoldReason>("manual_review");
  const [note, setNote] = useState("");
  const [releaseAt, setReleaseAt] = useState("");
  const { busy, error, run } = useSubmit(onSubmit, onDone);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run({ action: "hold", reason, note: note.trim(), release_at: localInputToIso(releaseAt) });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="hold-form">
      <label className="field">
        <span>Reason</span>
        <select data-testid="hold-reason" value={reason} onChange={(e) => setReason(e.target.value as HoldReason)}>
          {HOLD_REASONS.map((r) => (
            <option key={r} value={r}>
              {HOLD_REASON_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Note</span>
        <textarea
          data-testid="hold-note"
          rows={2}
          value={note}
          placeholder="What should happen before it ships?"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <label className="field">
        <span>
          Release automatically <span className="muted">(optional)</span>
        </span>
        <input data-testid="hold-release-at" type="datetime-local" value={releaseAt} onChange={(e) => setReleaseAt(e.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="button primary" data-testid="hold-submit" disabled={busy}>
          {count && count > 1 ? `Hold ${count} orders` : "Hold"}
        </button>
      </div>
    </form>
  );
}
