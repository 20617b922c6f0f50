// A location's day: shipments routed to it today against what it can take, as a bar, with the
// capacity edited in place (an empty box is no limit). Enter saves, Escape leaves it as it was.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { LocationView } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { useSubmit, type Submit } from "../forms/useSubmit";
import { CAPACITY_PROBLEM, parseCapacity } from "./newLocation";

type Props = { location: LocationView; onSave: Submit<number | null> };

export type Load = { tone: "ok" | "busy" | "full"; percent: number };

/** How full the day is: busy from 85 %, full at capacity (a capacity of 0 is full at once). */
export function dayLoad(today: number, capacity: number): Load {
  const ratio = capacity === 0 ? (today > 0 ? Infinity : 1) : today / capacity;
  return { tone: ratio >= 1 ? "full" : ratio >= 0.85 ? "busy" : "ok", percent: Math.min(100, Math.round(ratio * 100)) };
}

export function CapacityBar({ location, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const cap = location.daily_capacity;
  const today = location.shipments_today;
  const n = formatCount;
  const close = () => {
    setEditing(false);
    setTimeout(() => editButton.current?.focus(), 0);
  };

  if (editing) return <CapacityEditor location={location} onSave={onSave} onClose={close} />;

  const load = cap === null ? null : dayLoad(today, cap);
  return (
    <div className="capacity" data-testid="capacity">
      <div className="capacity-line">
        <span className="capacity-label">Today</span>
        <span className="capacity-text" data-testid="capacity-text">
          {cap === null ? (
            <>
              {n(today)} shipment{today === 1 ? "" : "s"} · <span className="muted">no daily limit</span>
            </>
          ) : (
            <>
              {n(today)} of {n(cap)} a day
              {today > cap && <span className="capacity-over"> · {n(today - cap)} over</span>}
            </>
          )}
        </span>
        <button
          ref={editButton}
          type="button"
          className="button ghost small capacity-edit"
          data-testid="capacity-edit"
          aria-label={`Edit the daily capacity of ${location.name}`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
      </div>
      {!load && <div className="capacity-bar is-unlimited" aria-hidden />}
      {load && (
        <div
          className={`capacity-bar load-${load.tone}`}
          role="meter"
          aria-label={`Shipments today at ${location.name}`}
          aria-valuemin={0}
          aria-valuemax={cap ?? undefined}
          aria-valuenow={Math.min(today, cap ?? today)}
          aria-valuetext={`${n(today)} of ${n(cap ?? 0)}`}
          data-tone={load.tone}
        >
          <span style={{ width: `${load.percent}%` }} />
        </div>
      )}
    </div>
  );
}

function CapacityEditor({ location, onSave, onClose }: Props & { onClose: () => void }) {
  const [text, setText] = useState(location.daily_capacity === null ? "" : String(location.daily_capacity));
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, run } = useSubmit(onSave, onClose);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const id = `capacity-${location.id}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = parseCapacity(text);
    if (value === undefined) return setProblem(CAPACITY_PROBLEM);
    setProblem(null);
    void run(value);
  };

  return (
    <form
      className="capacity capacity-editor"
      onSubmit={submit}
      noValidate
      data-testid="capacity-form"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="capacity-line">
        <label className="capacity-label" htmlFor={id}>
          Shipments a day
        </label>
        <input
          ref={input}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          className="capacity-input"
          data-testid="capacity-input"
          placeholder="No limit"
          value={text}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" className="button primary small" data-testid="capacity-save" disabled={busy}>
          Save
        </button>
        <button type="button" className="button ghost small" onClick={onClose}>
          Cancel
        </button>
      </div>
      {(problem ?? error) ? (
        <small className="field-problem" role="alert" data-testid="capacity-error">
          {problem ?? error}
        </small>
      ) : (
        <small className="field-help">Empty for no limit.</small>
      )}
    </form>
  );
}
