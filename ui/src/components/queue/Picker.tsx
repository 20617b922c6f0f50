// A compact labelled select for one filter; highlighted while it narrows the list.
type Option = { value: string; label: string };

type Props = {
  label: string;
  value: string | null;
  options: Option[];
  anyLabel?: string;
  testId: string;
  onChange: (value: string | null) => void;
};

export function Picker({ label, value, options, anyLabel = "Any", testId, onChange }: Props) {
  return (
    <label className={`picker ${value !== null ? "is-active" : ""}`}>
      <span className="picker-label">{label}</span>
      <select data-testid={testId} value={value ?? ""} onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
