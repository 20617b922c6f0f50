// One text field and a button: add a tag, add a note, confirm a release or a cancellation.
import { useState, type FormEvent, type ReactNode } from "react";
import { useSubmit, type Submit } from "./useSubmit";

type Props = {
  name: string;
  label: string;
  placeholder?: string;
  submitLabel: string;
  required?: boolean;
  multiline?: boolean;
  danger?: boolean;
  intro?: ReactNode;
  onSubmit: Submit<string>;
  onDone: () => void;
  onCancel: () => void;
};

export function TextActionForm(p: Props) {
  const [text, setText] = useState("");
  const { busy, error, run } = useSubmit(p.onSubmit, p.onDone);
  const blank = text.trim() === "";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (p.required && blank) return;
    void run(text.trim());
  };

  const common = {
    "data-testid": `${p.name}-input`,
    value: text,
    placeholder: p.placeholder,
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
  };

  return (
    <form className="form" onSubmit={submit} data-testid={`${p.name}-form`}>
      {p.intro && <div className="form-intro">{p.intro}</div>}
      <label className="field">
        <span>{p.label}</span>
        {p.multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={p.onCancel}>
          Back
        </button>
        <button
          type="submit"
          className={`button ${p.danger ? "danger" : "primary"}`}
          data-testid={`${p.name}-submit`}
          disabled={busy || (p.required && blank)}
        >
          {p.submitLabel}
        </button>
      </div>
    </form>
  );
}
