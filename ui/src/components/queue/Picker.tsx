// A compact labelled filter that is as wide as its current value: the visible text is ours, the
// native <select> sits invisibly on top so the dropdown and keyboard behaviour stay native.
type Option = { value: string; label: string };

type Props = {
  label: string;
  value: string | null;
  options: Option[];
  anyLabel?: string;
  testId: string;
  /** No "Any" choice (e.g. the sort key always has a value). */
  required?: boolean;
  onChange: (value: string | null) => void;
};

export function Picker({ label, value, options, anyLabel = "Any", testId, required, onChange }: Props) {
  const current = options.find((o) => o.value === value)?.label ?? anyLabel;
  return (
    <label className={`picker ${value !== null && !required ? "is-active" : ""}`}>
      <span className="picker-label">{label}</span>
      <span className="picker-value">{current}</span>
      <svg className="picker-chevron" viewBox="0 0 10 10" aria-hidden>
        <path d="M2.5 4 5 6.5 7.5 4" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <select
        className="picker-select"
        data-testid={testId}
        aria-label={label}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
      >
        {!required && <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
