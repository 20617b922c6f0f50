// A list of words as chips: type and press Enter (or a comma) to add, × or Backspace to remove.
// With `choices` the words come from a fixed list instead, added from a menu.
import { useId, useState, type KeyboardEvent } from "react";
import type { Choice } from "../../domain/ruleFields";

type Props = {
  values: string[];
  onChange: (values: string[]) => void;
  label: string;
  testId?: string;
  suggestions?: string[];
  choices?: Choice[];
  placeholder?: string;
};

export function ChipsInput({ values, onChange, label, testId, suggestions = [], choices, placeholder }: Props) {
  const [text, setText] = useState("");
  const listId = useId();
  const labelOf = (v: string) => choices?.find((c) => c.value === v)?.label ?? v;

  const add = (raw: string) => {
    const words = raw
      .split(",")
      .map((w) => w.trim())
      .filter((w) => w !== "" && !values.includes(w));
    if (words.length > 0) onChange([...values, ...new Set(words)]);
    setText("");
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(text);
    } else if (e.key === "Backspace" && text === "" && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };

  const remaining = choices?.filter((c) => !values.includes(c.value)) ?? [];
  return (
    <span className="chips-input" role="group" aria-label={label}>
      {values.map((v) => (
        <span className="chip small" key={v} data-value={v}>
          {labelOf(v)}
          <button type="button" className="chip-x" aria-label={`Remove ${labelOf(v)}`} onClick={() => onChange(values.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      {choices ? (
        <select
          className="chips-add"
          data-testid={testId}
          aria-label={`Add to ${label}`}
          value=""
          disabled={remaining.length === 0}
          onChange={(e) => e.target.value && onChange([...values, e.target.value])}
        >
          <option value="">{remaining.length === 0 ? "All chosen" : "Add…"}</option>
          {remaining.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : (
        <>
          <input
            type="text"
            data-testid={testId}
            aria-label={`Add to ${label}`}
            list={suggestions.length > 0 ? listId : undefined}
            placeholder={values.length === 0 ? (placeholder ?? "Type, then Enter") : ""}
            value={text}
            onChange={(e) => (e.target.value.includes(",") ? add(e.target.value) : setText(e.target.value))}
            onKeyDown={onKey}
            onBlur={() => text.trim() && add(text)}
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </>
      )}
    </span>
  );
}
