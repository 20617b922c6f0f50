// Changing one SKU's stock at one location by hand, opened under its row: adjust by an amount
// with a reason (received, damaged, …; "other" needs a note), or set what a count found. What
// the shelf will hold afterwards is shown before saving; problems are named beside their field
// and nothing is sent until they are fixed. The backend's refusal keeps the form open.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { LocationColumn, SkuStock, StockChange } from "../../bindings";
import { ADJUSTMENT_REASONS, ADJUSTMENT_REASON_LABEL, LOCATION_KIND_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import { useSubmit, type Submit } from "../forms/useSubmit";
import { buildStockChange, parseAmount, type AdjustDraft, type AdjustMode, type AdjustProblems } from "./adjustDraft";

type Props = {
  row: SkuStock;
  locations: LocationColumn[];
  onSubmit: Submit<StockChange>;
  onClose: () => void;
};

const MODES: { value: AdjustMode; label: string }[] = [
  { value: "adjust", label: "Adjust by" },
  { value: "count", label: "Set count" },
];

/** Where a person most likely changes stock: the location holding most of it, else the first. */
function firstLocation(row: SkuStock, locations: LocationColumn[]): string {
  const held = [...row.locations].sort((a, b) => b.on_hand - a.on_hand)[0];
  return held?.location_id ?? locations[0]?.id ?? "";
}

export function AdjustForm({ row, locations, onSubmit, onClose }: Props) {
  const [draft, setDraft] = useState<AdjustDraft>(() => ({ location_id: firstLocation(row, locations), mode: "adjust", amount: "", reason: "", note: "" }));
  const [problems, setProblems] = useState<AdjustProblems>({});
  const { busy, error, run } = useSubmit(onSubmit, onClose);
  const amountRef = useRef<HTMLInputElement>(null);
  useEffect(() => amountRef.current?.focus(), []);

  const onHand = row.locations.find((l) => l.location_id === draft.location_id)?.on_hand ?? 0;
  const amount = parseAmount(draft.amount, draft.mode === "adjust");
  const after = amount === null ? null : draft.mode === "count" ? amount : onHand + amount;
  const id = (field: string) => `adjust-${row.sku}-${field}`;

  const set = <K extends keyof AdjustDraft>(key: K, value: AdjustDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setProblems(({ [key as keyof AdjustProblems]: _, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const built = buildStockChange(row.sku, draft, onHand);
    if (!built.ok) return setProblems(built.problems);
    setProblems({});
    void run(built.change);
  };

  const problem = (field: keyof AdjustProblems) =>
    problems[field] && (
      <small id={id(`${field}-problem`)} className="field-problem" role="alert">
        {problems[field]}
      </small>
    );

  return (
    <form
      className="form adjust-form"
      onSubmit={submit}
      noValidate
      data-testid="adjust-form"
      aria-label={`Adjust stock of ${row.sku}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="adjust-fields">
        <div className="field">
          <label htmlFor={id("location")}>Location</label>
          <select id={id("location")} data-testid="adjust-location" value={draft.location_id} onChange={(e) => set("location_id", e.target.value)}>
            {locations.map((l) => {
              const s = row.locations.find((x) => x.location_id === l.id);
              return (
                <option key={l.id} value={l.id}>
                  {l.name} · {s ? `${formatCount(s.on_hand)} on hand` : `${LOCATION_KIND_LABEL[l.kind].toLowerCase()}, none yet`}
                </option>
              );
            })}
          </select>
          {problem("location_id")}
        </div>

        <div className="field">
          <span id={id("mode")}>Change</span>
          <div className="segmented" role="radiogroup" aria-labelledby={id("mode")}>
            {MODES.map((m) => (
              <button
                key={m.value}
                type="button"
                role="radio"
                aria-checked={draft.mode === m.value}
                className={`segment ${draft.mode === m.value ? "is-active" : ""}`}
                data-testid={`adjust-mode-${m.value}`}
                onClick={() => set("mode", m.value)}
              >
                {m.label}
              </button>
            ))}
          </div>
        </div>

        <div className={`field adjust-amount ${problems.amount ? "has-problem" : ""}`}>
          <label htmlFor={id("amount")}>{draft.mode === "adjust" ? "Units (+ in, − out)" : "Units on the shelf"}</label>
          <input
            ref={amountRef}
            id={id("amount")}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            data-testid="adjust-amount"
            placeholder={draft.mode === "adjust" ? "e.g. 12 or -3" : "e.g. 40"}
            value={draft.amount}
            aria-invalid={problems.amount ? true : undefined}
            aria-describedby={problems.amount ? id("amount-problem") : id("after")}
            onChange={(e) => set("amount", e.target.value)}
          />
          {problem("amount") || (
            <small id={id("after")} className="field-help" data-testid="adjust-after">
              {formatCount(onHand)} on hand{after !== null && after >= 0 && after !== onHand ? ` → ${formatCount(after)}` : ""}
            </small>
          )}
        </div>

        {draft.mode === "adjust" ? (
          <>
            <div className={`field ${problems.reason ? "has-problem" : ""}`}>
              <label htmlFor={id("reason")}>
                Reason<span className="required-mark" aria-label="required">*</span>
              </label>
              <select
                id={id("reason")}
                data-testid="adjust-reason"
                value={draft.reason}
                required
                aria-invalid={problems.reason ? true : undefined}
                onChange={(e) => set("reason", e.target.value as AdjustDraft["reason"])}
              >
                <option value="">Choose…</option>
                {ADJUSTMENT_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {ADJUSTMENT_REASON_LABEL[r]}
                  </option>
                ))}
              </select>
              {problem("reason")}
            </div>
            <div className={`field adjust-note ${problems.note ? "has-problem" : ""}`}>
              <label htmlFor={id("note")}>
                Note
                {draft.reason === "other" ? <span className="required-mark" aria-label="required">*</span> : <span className="muted"> (optional)</span>}
              </label>
              <input
                id={id("note")}
                type="text"
                data-testid="adjust-note"
                placeholder={draft.reason === "damaged" ? "e.g. crushed in transit, PO 4471" : "What happened"}
                value={draft.note}
                aria-invalid={problems.note ? true : undefined}
                onChange={(e) => set("note", e.target.value)}
              />
              {problem("note")}
            </div>
          </>
        ) : (
          <p className="adjust-count-hint muted small">Recorded as a count. Units reserved for orders stay reserved whatever the shelf says.</p>
        )}
      </div>

      {error && (
        <p className="form-error" role="alert" data-testid="adjust-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost small" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary small" data-testid="adjust-submit" disabled={busy}>
          {busy ? "Saving…" : draft.mode === "adjust" ? "Save adjustment" : "Save count"}
        </button>
      </div>
    </form>
  );
}
