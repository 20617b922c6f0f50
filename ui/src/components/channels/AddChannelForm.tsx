// Adding a channel: pick a kind, fill the fields the backend asks for that kind, try the
// connection before saving, then save. Missing required fields are named next to them before
// anything is sent; the backend's refusal is shown above the buttons and, when it names a
// field, next to that field too.
import { useState, type FormEvent } from "react";
import { api, ApiError, isFatal } from "../../api";
import type { ChannelKind } from "../../bindings";
import type { ChannelForm, ChannelStatus, ConnectionCheck, CredentialStoreInfo } from "../../bindings";
import { useReportError } from "../shell/errors";
import { ConnectionResult } from "./ConnectionResult";
import { CredentialNotice } from "./CredentialNotice";
import { FormFieldInput } from "./FormFieldInput";
import { buildNewChannel, NAME_KEY, placeRefusal, type Draft } from "./newChannel";

type Props = {
  forms: ChannelForm[];
  credentials: CredentialStoreInfo;
  onSaved: (channel: ChannelStatus) => void;
  onCancel: () => void;
};

type Problems = Record<string, string>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const EMPTY: Draft = { name: "", values: {} };

export function AddChannelForm({ forms, credentials, onSaved, onCancel }: Props) {
  const report = useReportError();
  const [kind, setKind] = useState<ChannelKind | null>(forms[0]?.kind ?? null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [busy, setBusy] = useState<"test" | "save" | null>(null);
  const form = forms.find((f) => f.kind === kind) ?? null;

  if (!form) return <p className="muted">No kind of channel can be added here.</p>;

  const edit = (key: string, value: string) => {
    setDraft((d) => (key === NAME_KEY ? { ...d, name: value } : { ...d, values: { ...d.values, [key]: value } }));
    setProblems(({ [key]: _, ...rest }) => rest);
    setCheck(null);
  };

  const chooseKind = (next: ChannelKind) => {
    setKind(next);
    setDraft((d) => ({ name: d.name, values: {} }));
    setProblems({});
    setError(null);
    setCheck(null);
  };

  /** The channel to send, or null with every missing field marked. */
  const built = () => {
    const b = buildNewChannel(form, draft);
    if (b.ok) return b.channel;
    setProblems(Object.fromEntries(b.missing.map((key) => [key, "Required"])));
    setError(`Fill in ${b.missing.length === 1 ? "the required field" : `the ${b.missing.length} required fields`} first.`);
    return null;
  };

  const refused = (err: unknown) => {
    if (isFatal(err)) report(err);
    if (!(err instanceof ApiError && err.code === "invalid_input")) return setError(message(err));
    const { field, text } = placeRefusal(err.message, form.fields);
    setError(text);
    if (field) setProblems((p) => ({ ...p, [field]: text }));
  };

  const test = async () => {
    const channel = built();
    if (!channel) return;
    setBusy("test");
    setError(null);
    setCheck(null);
    try {
      setCheck(await api.testConnection(channel));
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const channel = built();
    if (!channel) return;
    setBusy("save");
    setError(null);
    try {
      const saved = await api.addChannel(channel);
      setDraft(EMPTY);
      setCheck(null);
      onSaved(saved);
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  };

  const hasSecrets = form.fields.some((f) => f.secret);

  return (
    <form className="form add-channel" onSubmit={save} noValidate data-testid="add-channel-form" aria-label="Add a channel">
      <div className="kind-picker" role="radiogroup" aria-label="Kind of channel">
        {forms.map((f) => (
          <button
            key={f.kind}
            type="button"
            role="radio"
            aria-checked={f.kind === kind}
            className={`button small ${f.kind === kind ? "is-pressed" : ""}`}
            data-testid={`kind-${f.kind}`}
            onClick={() => chooseKind(f.kind)}
          >
            {f.label}
          </button>
        ))}
      </div>

      <div className="channel-fields">
        <FormFieldInput
          field={{ key: NAME_KEY, label: "Name", secret: false, required: true, placeholder: "e.g. Outdoor Co. EU store", help: "How the queue and the CLI will call this channel." }}
          value={draft.name}
          problem={problems[NAME_KEY] ?? null}
          onChange={(v) => edit(NAME_KEY, v)}
        />
        {form.fields.map((field) => (
          <FormFieldInput
            key={`${form.kind}:${field.key}`}
            field={field}
            value={draft.values[field.key] ?? ""}
            problem={problems[field.key] ?? null}
            onChange={(v) => edit(field.key, v)}
          />
        ))}
      </div>

      {hasSecrets && <CredentialNotice info={credentials} />}
      {check && <ConnectionResult check={check} />}
      {error && (
        <p className="form-error" role="alert" data-testid="add-channel-error">
          {error}
        </p>
      )}

      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button" data-testid="add-channel-test" disabled={busy !== null} onClick={test}>
          {busy === "test" ? "Testing…" : "Test connection"}
        </button>
        <button type="submit" className="button primary" data-testid="add-channel-save" disabled={busy !== null}>
          {busy === "save" ? "Saving…" : "Save channel"}
        </button>
      </div>
    </form>
  );
}
