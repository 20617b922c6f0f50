// The value part of a condition, shaped by its operator: text, a list of texts, a pattern, a
// number in the field's unit (money as an amount), a range, a choice or several, yes/no, a date
// or a number of days. Operators with a fixed value ("is blank") need no input.
import { useId } from "react";
import type { Choice, FieldSpec, OperatorSpec } from "../../domain/ruleFields";
import { dayStartIso, localDay } from "../../format/dates";
import { ChipsInput } from "./ChipsInput";
import { NumberInput } from "./NumberInput";

type Props = {
  spec: FieldSpec;
  op: OperatorSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  choices: Choice[];
  suggestions: string[];
};

export const VALUE_TESTID = "condition-value-input";

const asText = (v: unknown) => (typeof v === "string" ? v : "");
const asTexts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const asNumber = (v: unknown) => (typeof v === "number" ? v : 0);

export function ValueInput({ spec, op, value, onChange, choices, suggestions }: Props) {
  const listId = useId();
  const label = `${spec.label} value`;
  switch (op.input) {
    case "none":
      return null;
    case "text":
    case "pattern":
      return (
        <>
          <input
            type="text"
            className="value-text"
            data-testid={VALUE_TESTID}
            aria-label={label}
            list={suggestions.length > 0 ? listId : undefined}
            placeholder={op.input === "pattern" ? "e.g. BT*  9021?  [0-4]*" : spec.hint}
            title={op.input === "pattern" ? "* any run of characters, ? one character, [a-z] a class, [!0-9] not in it" : undefined}
            value={asText(value)}
            onChange={(e) => onChange(e.target.value)}
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </>
      );
    case "texts":
      return <ChipsInput values={asTexts(value)} onChange={onChange} label={label} testId={VALUE_TESTID} suggestions={suggestions} />;
    case "choices":
      return <ChipsInput values={asTexts(value)} onChange={onChange} label={label} testId={VALUE_TESTID} choices={choices} />;
    case "choice":
      return (
        <select data-testid={VALUE_TESTID} aria-label={label} value={asText(value)} onChange={(e) => onChange(e.target.value)}>
          {!choices.some((c) => c.value === value) && <option value={asText(value)}>{asText(value) || "Choose…"}</option>}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case "number":
      return (
        <NumberInput value={asNumber(value)} unit={spec.unit ?? "count"} onChange={(n) => onChange(n ?? 0)} testId={VALUE_TESTID} label={label} />
      );
    case "range": {
      const range = typeof value === "object" && value !== null ? (value as { min?: unknown; max?: unknown }) : {};
      const min = asNumber(range.min);
      const max = asNumber(range.max);
      const unit = spec.unit ?? "count";
      return (
        <span className="range-input">
          <NumberInput value={min} unit={unit} onChange={(n) => onChange({ min: n ?? 0, max })} testId={VALUE_TESTID} label={`${spec.label} from`} />
          <span className="muted">and</span>
          <NumberInput value={max} unit={unit} onChange={(n) => onChange({ min, max: n ?? 0 })} testId="condition-value-max" label={`${spec.label} to`} />
        </span>
      );
    }
    case "bool":
      return (
        <select data-testid={VALUE_TESTID} aria-label={label} value={value === false ? "no" : "yes"} onChange={(e) => onChange(e.target.value === "yes")}>
          <option value="yes">yes</option>
          <option value="no">no</option>
        </select>
      );
    case "days":
      return <NumberInput value={asNumber(value)} unit="days" onChange={(n) => onChange(n ?? 0)} testId={VALUE_TESTID} label={`${spec.label} days`} />;
    case "instant": {
      const day = typeof value === "string" && !Number.isNaN(Date.parse(value)) ? localDay(new Date(value)) : "";
      return (
        <input
          type="date"
          data-testid={VALUE_TESTID}
          aria-label={label}
          title="Midnight at the start of this day, local time"
          value={day}
          onChange={(e) => e.target.value && onChange(dayStartIso(e.target.value))}
        />
      );
    }
  }
}
