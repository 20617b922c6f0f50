// Fix a ship-to address by hand. The backend checks it; its refusal is shown here and the form
// stays open with what was typed, because the person is mid-correction.
import { useState, type FormEvent } from "react";
import type { Address } from "../../bindings";
import { useSubmit, type Submit } from "./useSubmit";

type Props = { initial: Address; onSubmit: Submit<Address>; onDone: () => void; onCancel: () => void };

type TextKey = Exclude<keyof Address, "residential">;

const FIELDS: { key: TextKey; label: string; wide?: boolean; optional?: boolean }[] = [
  { key: "name", label: "Name", wide: true },
  { key: "company", label: "Company", wide: true, optional: true },
  { key: "line1", label: "Address line 1", wide: true },
  { key: "line2", label: "Address line 2", wide: true, optional: true },
  { key: "city", label: "City" },
  { key: "region", label: "Region / state", optional: true },
  { key: "postal_code", label: "Postal code" },
  { key: "country", label: "Country (ISO code)" },
  { key: "phone", label: "Phone", wide: true, optional: true },
];

export function AddressForm({ initial, onSubmit, onDone, onCancel }: Props) {
  const [draft, setDraft] = useState<Address>(initial);
  const { busy, error, run } = useSubmit(onSubmit, onDone);

  const set = (key: TextKey, value: string, optional?: boolean) =>
    setDraft((d) => ({ ...d, [key]: optional && value.trim() === "" ? null : value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run({ ...draft, country: draft.country.trim().toUpperCase() });
  };

  return (
    <form className="form address-form" onSubmit={submit} data-testid="address-form">
      <div className="form-grid">
        {FIELDS.map((f) => (
          <label key={f.key} className={`field ${f.wide ? "wide" : ""}`}>
            <span>{f.label}</span>
            <input
              type="text"
              data-testid={`address-${f.key}`}
              value={draft[f.key] ?? ""}
              onChange={(e) => set(f.key, e.target.value, f.optional)}
            />
          </label>
        ))}
        <label className="field">
          <span>Residential</span>
          <select
            data-testid="address-residential"
            value={draft.residential === null ? "" : String(draft.residential)}
            onChange={(e) => setDraft((d) => ({ ...d, residential: e.target.value === "" ? null : e.target.value === "true" }))}
          >
            <option value="">Unknown</option>
            <option value="true">Yes</option>
            <option value="false">No (business)</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="address-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Discard
        </button>
        <button type="submit" className="button primary" data-testid="address-submit" disabled={busy}>
          Save address
        </button>
      </div>
    </form>
  );
}
