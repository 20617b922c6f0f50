// Adding a place orders ship from: a warehouse or store of ours, or a partner. A missing name or
// an unreadable capacity is named before anything is sent; the backend's refusal (a country that
// is no two-letter code, a name already taken) is shown above the buttons and on its field.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError, isFatal } from "../../api";
import type { LocationKind } from "../../bindings";
import { isPartner, LOCATION_KIND_LABEL } from "../../domain/labels";
import { useReportError } from "../shell/errors";
import { buildNewLocation, EMPTY_LOCATION, placeLocationRefusal, type LocationDraft, type LocationField, type LocationProblems } from "./newLocation";

type Props = { onSaved: (name: string) => void; onCancel: () => void };

const KINDS: LocationKind[] = ["warehouse", "store", "third_party_logistics", "amazon_mcf", "drop_ship_vendor"];

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function AddLocationForm({ onSaved, onCancel }: Props) {
  const report = useReportError();
  const [draft, setDraft] = useState<LocationDraft>(EMPTY_LOCATION);
  const [problems, setProblems] = useState<LocationProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.focus(), []);

  const edit = (key: keyof LocationDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    const field: LocationField = key === "capacity" ? "daily_capacity" : key;
    setProblems(({ [field]: _, ...rest }) => rest);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildNewLocation(draft);
    if (!built.ok) {
      setProblems(built.problems);
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.addLocation(built.location);
      setDraft(EMPTY_LOCATION);
      onSaved(built.location.name);
    } catch (err) {
      if (isFatal(err)) report(err);
      if (!(err instanceof ApiError)) return setError(message(err));
      const { field, text } = placeLocationRefusal(err.message);
      setError(text);
      if (field) setProblems((p) => ({ ...p, [field]: text }));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof LocationDraft, problemKey: LocationField, label: string, input: { placeholder?: string; required?: boolean; help?: string; wide?: boolean }) => {
    const id = `location-field-${problemKey}`;
    const problem = problems[problemKey];
    return (
      <div className={`field location-field ${problem ? "has-problem" : ""} ${input.wide ? "wide" : ""}`} data-testid={id}>
        <label htmlFor={id}>
          {label}
          {input.required ? (
            <span className="required-mark" aria-label="required">
              *
            </span>
          ) : (
            <span className="muted"> (optional)</span>
          )}
        </label>
        <input
          ref={key === "name" ? nameRef : undefined}
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft[key]}
          placeholder={input.placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : input.help ? `${id}-help` : undefined}
          onChange={(e) => edit(key, e.target.value)}
        />
        {input.help && !problem && (
          <small id={`${id}-help`} className="field-help">
            {input.help}
          </small>
        )}
        {problem && (
          <small id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </small>
        )}
      </div>
    );
  };

  return (
    <form className="form add-location" onSubmit={save} noValidate data-testid="add-location-form" aria-label="Add a location">
      <div className="location-fields">
        {field("name", "name", "Name", { placeholder: "e.g. Newark DC", required: true })}
        <div className={`field location-field ${problems.kind ? "has-problem" : ""}`} data-testid="location-field-kind">
          <label htmlFor="location-field-kind-select">Kind</label>
          <select id="location-field-kind-select" value={draft.kind} onChange={(e) => edit("kind", e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {LOCATION_KIND_LABEL[k]}
              </option>
            ))}
          </select>
          {problems.kind && (
            <small className="field-problem" role="alert">
              {problems.kind}
            </small>
          )}
        </div>
        {field("postal_code", "postal_code", "Postal code", { placeholder: "07114", help: "Routing picks the nearest location by it." })}
        {field("country", "country", "Country", { placeholder: "US", required: true, help: "Two-letter code." })}
        {field("capacity", "daily_capacity", "Shipments a day", { placeholder: "No limit", help: "Routing sends no more than this a day; empty for no limit." })}
      </div>
      {isPartner(draft.kind) && (
        <p className="muted small" data-testid="partner-settings-hint">
          This form takes no connection settings for the partner's adapter (endpoint, folder, account). To connect one, add it with{" "}
          <code>waybill locations add … --set key=value</code> instead.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="add-location-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="add-location-save" disabled={busy}>
          {busy ? "Saving…" : "Save location"}
        </button>
      </div>
    </form>
  );
}
