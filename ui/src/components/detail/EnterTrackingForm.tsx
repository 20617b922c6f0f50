// A partner's confirmation entered by hand, opened under its shipment: the carrier (the carriers
// the workspace knows offered as suggestions) and the tracking number. Submitting records the
// whole shipment shipped in that one parcel. A missing value is named beside its field before
// anything is sent; the backend's refusal keeps the form open with what was typed, on the field
// it names (`tracking: …`), or above the buttons when it names none (the shipment is no longer
// open). Enter submits, Esc closes.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import type { ShipmentView } from "../../bindings";
import { buildConfirmation, placeTrackingRefusal, type TrackingDraft, type TrackingField, type TrackingProblems } from "./enterTracking";

/** Resolves to null when recorded, or to the backend's refusal. */
export type ConfirmShipment = (carrier: string, tracking: string) => Promise<string | null>;

type Props = {
  shipment: ShipmentView;
  /** Carriers the workspace already knows, offered as suggestions. */
  carriers: string[];
  /** What the carrier field starts with (the order's carrier), if anything. */
  initialCarrier: string | null;
  onSubmit: ConfirmShipment;
  onClose: () => void;
  /** Closed by Cancel or Esc rather than by a recorded shipment. */
  onCancel: () => void;
};

export function EnterTrackingForm({ shipment, carriers, initialCarrier, onSubmit, onClose, onCancel }: Props) {
  const [draft, setDraft] = useState<TrackingDraft>(() => ({ carrier: initialCarrier ?? "", tracking: "" }));
  const [problems, setProblems] = useState<TrackingProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const carrierRef = useRef<HTMLInputElement>(null);
  const trackingRef = useRef<HTMLInputElement>(null);
  // With the carrier already filled in, the tracking number is what is left to type.
  useEffect(() => (initialCarrier ? trackingRef : carrierRef).current?.focus(), [initialCarrier]);

  const id = (field: string) => `tracking-${shipment.id}-${field}`;

  const set = (field: TrackingField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setProblems(({ [field]: _, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const built = buildConfirmation(draft);
    if (!built.ok) {
      setProblems(built.problems);
      setError(null);
      return;
    }
    setProblems({});
    setError(null);
    setBusy(true);
    let refused: string | null;
    try {
      refused = await onSubmit(built.carrier, built.tracking);
    } catch (err) {
      refused = err instanceof Error ? err.message : String(err);
    } finally {
      setBusy(false);
    }
    if (refused === null) return onClose();
    const { field, text } = placeTrackingRefusal(refused);
    if (field) {
      setProblems({ [field]: text });
      (field === "carrier" ? carrierRef : trackingRef).current?.focus();
    } else {
      setError(text);
    }
  };

  const field = (name: TrackingField, label: string, input: { ref: RefObject<HTMLInputElement | null>; placeholder: string; list?: string }) => {
    const problem = problems[name];
    return (
      <div className={`field ${problem ? "has-problem" : ""}`}>
        <label htmlFor={id(name)}>
          {label}
          <span className="required-mark" aria-label="required">
            *
          </span>
        </label>
        <input
          ref={input.ref}
          id={id(name)}
          type="text"
          autoComplete="off"
          spellCheck={false}
          data-testid={`tracking-${name}`}
          placeholder={input.placeholder}
          list={input.list}
          value={draft[name]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? id(`${name}-problem`) : undefined}
          onChange={(e) => set(name, e.target.value)}
        />
        {problem && (
          <small id={id(`${name}-problem`)} className="field-problem" role="alert" data-testid={`tracking-${name}-problem`}>
            {problem}
          </small>
        )}
      </div>
    );
  };

  const units = shipment.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <form
      className="form tracking-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="tracking-form"
      aria-label={`Enter tracking for the shipment from ${shipment.location_name}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p className="muted small">
        Records the shipment shipped in one parcel ({units} unit{units === 1 ? "" : "s"}): they leave {shipment.location_name}'s stock and the tracking is sent to the channel.
      </p>
      <div className="tracking-fields">
        {field("carrier", "Carrier", { ref: carrierRef, placeholder: "e.g. UPS", list: carriers.length > 0 ? id("carriers") : undefined })}
        {carriers.length > 0 && (
          <datalist id={id("carriers")}>
            {carriers.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        )}
        {field("tracking", "Tracking number", { ref: trackingRef, placeholder: "e.g. 1Z999AA10123456784" })}
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="tracking-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary small" data-testid="tracking-submit" disabled={busy}>
          {busy ? "Saving…" : "Mark shipped"}
        </button>
      </div>
    </form>
  );
}
