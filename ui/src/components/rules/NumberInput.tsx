// A number typed as text: what the person types stays on screen while it does not read as a
// number yet (the field is marked), and only numbers that read reach the draft.
import { useEffect, useState } from "react";
import { readNumber, showNumber, UNIT_SUFFIX, unitProblem, type Unit } from "./amounts";

type Props = {
  value: number | null;
  unit: Unit;
  onChange: (value: number | null) => void;
  /** Empty text means "none" (`null`) instead of a mistake. */
  optional?: boolean;
  testId?: string;
  label: string;
  placeholder?: string;
};

export function NumberInput({ value, unit, onChange, optional, testId, label, placeholder }: Props) {
  const [text, setText] = useState(() => (value === null ? "" : showNumber(value, unit)));
  const parsed = text.trim() === "" ? null : readNumber(text, unit);
  const invalid = text.trim() === "" ? !optional : parsed === null;

  // A value changed from outside (another operator, an import) replaces the text.
  useEffect(() => {
    setText((current) => {
      const mine = current.trim() === "" ? null : readNumber(current, unit);
      if (mine === value) return current;
      return value === null ? "" : showNumber(value, unit);
    });
  }, [value, unit]);

  const suffix = UNIT_SUFFIX[unit];
  return (
    <span className={`num-input ${unit === "money" ? "is-money" : ""} ${invalid ? "is-invalid" : ""}`}>
      <input
        type="text"
        inputMode={unit === "money" ? "decimal" : "numeric"}
        data-testid={testId}
        aria-label={label}
        aria-invalid={invalid || undefined}
        title={invalid ? unitProblem(unit) : undefined}
        placeholder={placeholder ?? (unit === "money" ? "0.00" : optional ? "none" : "0")}
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === "") {
            if (optional) onChange(null);
            return;
          }
          const n = readNumber(next, unit);
          if (n !== null) onChange(n);
        }}
        onBlur={() => {
          if (parsed !== null) setText(showNumber(parsed, unit));
        }}
      />
      {suffix && <span className="num-suffix">{suffix}</span>}
    </span>
  );
}
