// Settling an effect by hand (the tracking was already typed into the channel's admin, the
// order no longer exists there): the effect is marked done without being sent, so a reason is
// required and kept with it.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { EffectView } from "../../bindings";
import { useSubmit, type Submit } from "../forms/useSubmit";
import { effectSubject } from "./effectWords";

type Props = { effect: EffectView; onSubmit: Submit<string>; onClose: () => void };

export function SkipDialog({ effect, onSubmit, onClose }: Props) {
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, run } = useSubmit(onSubmit, onClose);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === "") return setProblem("Say why it is skipped: the reason stays with the effect.");
    setProblem(null);
    void run(reason.trim());
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="skip-title"
        data-testid="skip-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <form className="form" onSubmit={submit} noValidate>
          <h2 id="skip-title">Skip this effect?</h2>
          <p className="form-intro">
            Waybill marks {effectSubject(effect)} as done <strong>without sending it</strong>. Do this only when the channel
            already has it, or no longer needs it.
          </p>
          <label className="field">
            <span>
              Reason <span className="required-mark">*</span>
            </span>
            <textarea
              ref={input}
              rows={3}
              data-testid="skip-reason"
              value={reason}
              required
              aria-invalid={problem ? true : undefined}
              placeholder="e.g. tracking entered on Shopify by hand"
              onChange={(e) => {
                setReason(e.target.value);
                setProblem(null);
              }}
            />
          </label>
          {(problem ?? error) && (
            <p className="form-error" role="alert" data-testid="skip-error">
              {problem ?? error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button ghost" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button danger" data-testid="skip-submit" disabled={busy}>
              Skip effect
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
