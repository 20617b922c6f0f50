// Adding a channel: pick a kind, fill the fields the backend asks for that kind, try the
// connection before saving, then save. Missing required fields are named next to them before
// anything is sent; the backend's refusal is shown above the buttons and, when it names a
// field, next to that field too.
import { useState, type FormEvent } from "react";
import { api } from "../../api";
import type { ChannelKind } from "../../bindings";
import type { ChannelForm, ChannelStatus, CredentialStoreInfo } from "../../bindings";
import { ConnectionResult } from "./ConnectionResult";
import { CredentialNotice } from "./CredentialNotice";
import { FormFieldInput } from "./FormFieldInput";
import { buildNewChannel, NAME_KEY, type Draft } from "./newChannel";
import { useChannelDraft } from "./useChannelDraft";

type Props = {
  forms: ChannelForm[];
  credentials: CredentialStoreInfo;
  onSaved: (channel: ChannelStatus) => void;
  onCancel: () => void;
};

const EMPTY: Draft = { name: "", values: {} };

export function AddChannelForm({ forms, credentials, onSaved, onCancel }: Props) {
  const [kind, setKind] = useState<ChannelKind | null>(forms[0]?.kind ?? null);
  const { draft, setDraft, problems, setProblems, error, setError, check, setCheck, busy, edit, markMissing, attempt } =
    useChannelDraft(EMPTY);
  const form = forms.find((f) => f.kind === kind) ?? null;

  if (!form) return <p className="muted">No kind of channel can be added here.</p>;

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
    markMissing(b.missing);
    return null;
  };

  const test = async () => {
    const channel = built();
    if (!channel) return;
    await attempt("test", form.fields, async () => setCheck(await api.testConnection(channel)));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const channel = built();
    if (!channel) return;
    await attempt("save", form.fields, async () => {
      const saved = await api.addChannel(channel);
      setDraft(EMPTY);
      setCheck(null);
      onSaved(saved);
    });
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
