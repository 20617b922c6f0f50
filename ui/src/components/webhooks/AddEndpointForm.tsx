// Adding an endpoint: the URL that receives the events and the events it subscribes to, from the
// list the backend offers (each with what it means). A bad URL or no event is named next to its
// field before anything is sent; the backend's refusal is placed the same way.
import { useState, type FormEvent } from "react";
import { api, ApiError, isFatal } from "../../api";
import type { AddedEndpoint, EventTypeInfo } from "../../bindings";
import { useReportError } from "../shell/errors";
import { placeEndpointRefusal, urlProblem, type EndpointField } from "./endpointDraft";

type Props = {
  eventTypes: EventTypeInfo[];
  onAdded: (added: AddedEndpoint) => void;
  onCancel: () => void;
};

type Problems = Partial<Record<EndpointField, string>>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function AddEndpointForm({ eventTypes, onAdded, onCancel }: Props) {
  const report = useReportError();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (name: string, on: boolean) => {
    // Kept in the backend's order, whatever order they were ticked in.
    setEvents((picked) => eventTypes.map((t) => t.name).filter((n) => (n === name ? on : picked.includes(n))));
    setProblems(({ events: _, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Problems = {};
    const badUrl = urlProblem(url);
    if (badUrl) found.url = badUrl;
    if (events.length === 0) found.events = "Pick at least one event to send.";
    setProblems(found);
    if (Object.keys(found).length > 0) return setError(null);
    setBusy(true);
    setError(null);
    try {
      onAdded(await api.addWebhookEndpoint(url.trim(), events));
    } catch (err) {
      if (isFatal(err)) report(err);
      if (!(err instanceof ApiError && err.code === "invalid_input")) return setError(message(err));
      const { field, text } = placeEndpointRefusal(err.message);
      if (field) setProblems({ [field]: text });
      else setError(text);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form add-endpoint" onSubmit={submit} noValidate data-testid="add-endpoint-form" aria-label="Add an endpoint">
      <div className={`field channel-field ${problems.url ? "has-problem" : ""}`}>
        <label htmlFor="endpoint-url">
          URL<span className="required-mark" aria-label="required">*</span>
        </label>
        <input
          id="endpoint-url"
          data-testid="endpoint-url"
          type="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="https://hooks.example.com/waybill"
          value={url}
          aria-invalid={problems.url ? true : undefined}
          aria-describedby={problems.url ? "endpoint-url-problem" : "endpoint-url-help"}
          onChange={(e) => {
            setUrl(e.target.value);
            setProblems(({ url: _, ...rest }) => rest);
          }}
        />
        {problems.url ? (
          <small id="endpoint-url-problem" className="field-problem" role="alert" data-testid="endpoint-url-problem">
            {problems.url}
          </small>
        ) : (
          <small id="endpoint-url-help" className="field-help">
            Waybill POSTs each event here as JSON, signed, and retries until it answers 2xx.
          </small>
        )}
      </div>

      <fieldset className={`endpoint-events-picker ${problems.events ? "has-problem" : ""}`} data-testid="endpoint-events">
        <legend>
          Events<span className="required-mark" aria-label="required">*</span>
        </legend>
        {eventTypes.map((t) => (
          <label key={t.name} className="event-option">
            <input type="checkbox" data-testid={`event-${t.name}`} checked={events.includes(t.name)} onChange={(e) => toggle(t.name, e.target.checked)} />
            <span className="mono">{t.name}</span>
            <span className="muted">{t.description}</span>
          </label>
        ))}
        {problems.events && (
          <small className="field-problem" role="alert" data-testid="endpoint-events-problem">
            {problems.events}
          </small>
        )}
      </fieldset>

      {error && (
        <p className="form-error" role="alert" data-testid="add-endpoint-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="add-endpoint-save" disabled={busy}>
          {busy ? "Adding…" : "Add endpoint"}
        </button>
      </div>
    </form>
  );
}
