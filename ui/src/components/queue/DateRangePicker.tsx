// "Placed" date range: two day inputs plus the presets people actually use.
import { useState } from "react";
import { localDay } from "../../format/dates";
import { Popover } from "../common/Popover";

type Props = {
  from: string | null;
  to: string | null;
  onChange: (from: string | null, to: string | null) => void;
};

function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return localDay(d);
}

function summary(from: string | null, to: string | null): string {
  if (!from && !to) return "Any time";
  if (from && to) return from === to ? from : `${from} – ${to}`;
  return from ? `since ${from}` : `until ${to}`;
}

export function DateRangePicker({ from, to, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  const preset = (days: number) => {
    onChange(daysAgo(days), localDay(new Date()));
    close();
  };
  return (
    <div className="popover-anchor">
      <button
        type="button"
        className={`picker picker-button ${from || to ? "is-active" : ""}`}
        data-testid="filter-placed"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="picker-label">Placed</span>
        <span>{summary(from, to)}</span>
      </button>
      <Popover open={open} onClose={close} label="Placed date range">
        <div className="form">
          <div className="preset-row">
            <button type="button" className="button small" onClick={() => preset(0)}>
              Today
            </button>
            <button type="button" className="button small" onClick={() => preset(6)}>
              7 days
            </button>
            <button type="button" className="button small" onClick={() => preset(29)}>
              30 days
            </button>
          </div>
          <div className="form-row">
            <label className="field">
              <span>From</span>
              <input type="date" data-testid="placed-from" value={from ?? ""} max={to ?? undefined} onChange={(e) => onChange(e.target.value || null, to)} />
            </label>
            <label className="field">
              <span>To</span>
              <input type="date" data-testid="placed-to" value={to ?? ""} min={from ?? undefined} onChange={(e) => onChange(from, e.target.value || null)} />
            </label>
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                onChange(null, null);
                close();
              }}
            >
              Clear
            </button>
            <button type="button" className="button primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      </Popover>
    </div>
  );
}
