// One field of a channel's form (adding or editing) as the backend describes it: secrets are
// password inputs (never echoed, never autofilled), required ones are marked, help sits under the
// input, and a problem (missing, or what the backend said) sits next to it.
import type { FormField } from "../../bindings";

type Props = {
  field: FormField;
  value: string;
  problem: string | null;
  onChange: (value: string) => void;
  /** Keeps input ids apart when several channels' forms are open at once. */
  scope?: string;
};

export function FormFieldInput({ field, value, problem, onChange, scope }: Props) {
  const testId = `channel-field-${field.key}`;
  const id = scope ? `${scope}-${testId}` : testId;
  const helpId = field.help ? `${id}-help` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  return (
    <div className={`field channel-field ${problem ? "has-problem" : ""}`} data-testid={testId}>
      <label htmlFor={id}>
        {field.label}
        {field.required ? (
          <span className="required-mark" title="Required" aria-label="required">
            *
          </span>
        ) : (
          <span className="muted"> (optional)</span>
        )}
        {field.secret && <span className="secret-mark">secret</span>}
      </label>
      <input
        id={id}
        name={field.key}
        type={field.secret ? "password" : "text"}
        autoComplete={field.secret ? "new-password" : "off"}
        spellCheck={false}
        value={value}
        placeholder={field.placeholder}
        required={field.required}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[helpId, problemId].filter(Boolean).join(" ") || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {field.help && (
        <small id={helpId} className="field-help">
          {field.help}
        </small>
      )}
      {problem && (
        <small id={problemId} className="field-problem" role="alert">
          {problem}
        </small>
      )}
    </div>
  );
}
