// Keep the selected orders on hold until a time, then let them go by themselves. Each order keeps
// its reason and (unless a new one is typed) its note; the backend sets a timed hold by holding
// the order again with `release_at`.
import { useState, type FormEvent } from "react";
import { localInputToIso } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { useSubmit, type Submit } from "../forms/useSubmit";

export type ReleaseAt = { releaseAt: string; note: string | null };

type Props = { count: number; onSubmit: Submit<ReleaseAt>; onDone: () => void; onCancel: () => void };

const HOUR = 3_600_000;

/** A Date as a datetime-local input value (local time, minutes). */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function presets(now: Date): { label: string; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return [
    { label: "In 1 h", at: new Date(now.getTime() + HOUR) },
    { label: "In 4 h", at: new Date(now.getTime() + 4 * HOUR) },
    { label: "Tomorrow 9:00", at: tomorrow },
  ];
}

export function ReleaseAtForm({ count, onSubmit, onDone, onCancel }: Props) {
  const [when, setWhen] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, run } = useSubmit(onSubmit, onDone);
  const orders = `${formatCount(count)} order${count === 1 ? "" : "s"}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = localInputToIso(when);
    if (!iso) return setProblem("Choose when the orders should be released.");
    if (Date.parse(iso) <= Date.now()) return setProblem("Choose a time in the future.");
    setProblem(null);
    void run({ releaseAt: iso, note: note.trim() === "" ? null : note.trim() });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="release-at-form">
      <div className="form-intro">
        <strong>{orders}</strong> stay on hold for their current reason and release themselves at this time. The holds become
        yours: rules will not change them.
      </div>
      <label className="field">
        <span>Release at</span>
        <input data-testid="release-at-input" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <div className="preset-row">
        {presets(new Date()).map((p) => (
          <button key={p.label} type="button" className="button small" onClick={() => setWhen(toLocalInput(p.at))}>
            {p.label}
          </button>
        ))}
      </div>
      <label className="field">
        <span>
          New note <span className="muted">(optional; empty keeps each order's note)</span>
        </span>
        <input data-testid="release-at-note" type="text" value={note} placeholder="e.g. waiting for the customer's reply" onChange={(e) => setNote(e.target.value)} />
      </label>
      {(problem ?? error) && (
        <p className="form-error" role="alert" data-testid="form-error">
          {problem ?? error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="button primary" data-testid="release-at-submit" disabled={busy || when === ""}>
          Set release time
        </button>
      </div>
    </form>
  );
}
