// Editing a saved channel: its kind's form filled with what is stored (secret inputs empty, saying
// "unchanged"), a connection test with the changed settings before saving, then save. Missing
// fields are marked before anything is sent; the backend's refusal is shown above the buttons and
// next to the field it names.
import { useEffect, useState, type FormEvent } from "react";
import { api, isFatal } from "../../api";
import type { ChannelSettings, ChannelStatus, CredentialStoreInfo } from "../../bindings";
import { Spinner } from "../common/EmptyState";
import { useReportError } from "../shell/errors";
import { buildEdit, draftFrom, secretPlaceholder } from "./channelEdit";
import { ConnectionResult } from "./ConnectionResult";
import { CredentialNotice } from "./CredentialNotice";
import { FormFieldInput } from "./FormFieldInput";
import { NAME_KEY } from "./newChannel";
import { useChannelDraft } from "./useChannelDraft";

type Props = {
  channel: ChannelStatus;
  credentials: CredentialStoreInfo | null;
  onSaved: (channel: ChannelStatus) => void;
  onCancel: () => void;
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function EditChannelForm({ channel, credentials, onSaved, onCancel }: Props) {
  const report = useReportError();
  const [stored, setStored] = useState<ChannelSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { draft, setDraft, problems, error, check, setCheck, busy, edit, markMissing, attempt } = useChannelDraft({
    name: channel.name,
    values: {},
  });

  useEffect(() => {
    let live = true;
    api.channelSettings(channel.id).then(
      (s) => {
        if (!live) return;
        setStored(s);
        setDraft(draftFrom(s));
      },
      (err: unknown) => {
        if (!live) return;
        if (isFatal(err)) report(err);
        setLoadError(message(err));
      },
    );
    return () => {
      live = false;
    };
  }, [channel.id, report]);

  if (loadError) {
    return (
      <div className="edit-channel" data-testid="edit-channel-form">
        <p className="form-error" role="alert" data-testid="edit-channel-error">
          {loadError}
        </p>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={onCancel}>
            Close
          </button>
        </div>
      </div>
    );
  }
  if (!stored) return <Spinner label="Loading the channel's settings" />;

  const fields = stored.form.fields;
  const scope = `edit-${channel.id}`;

  /** The changes to send, or null with every missing field marked. */
  const built = () => {
    const b = buildEdit(stored, draft);
    if (b.ok) return b.edit;
    markMissing(b.missing);
    return null;
  };

  const test = async () => {
    const changes = built();
    if (!changes) return;
    await attempt("test", fields, async () => setCheck(await api.testChannelEdit(channel.id, changes)));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const changes = built();
    if (!changes) return;
    await attempt("save", fields, async () => onSaved(await api.updateChannel(channel.id, changes)));
  };

  // A file channel has nothing to connect to; its form is only its name.
  const hasApi = channel.kind !== "csv";
  const hasSecrets = fields.some((f) => f.secret);

  return (
    <form className="form add-channel edit-channel" onSubmit={save} noValidate data-testid="edit-channel-form" aria-label={`Edit ${channel.name}`}>
      <div className="channel-fields">
        <FormFieldInput
          field={{ key: NAME_KEY, label: "Name", secret: false, required: true, placeholder: "", help: "How the queue and the CLI call this channel." }}
          value={draft.name}
          problem={problems[NAME_KEY] ?? null}
          onChange={(v) => edit(NAME_KEY, v)}
          scope={scope}
        />
        {fields.map((field) => (
          <FormFieldInput
            key={field.key}
            field={{ ...field, placeholder: secretPlaceholder(field, stored.secrets_set) }}
            value={draft.values[field.key] ?? ""}
            problem={problems[field.key] ?? null}
            onChange={(v) => edit(field.key, v)}
            scope={scope}
          />
        ))}
      </div>

      {hasSecrets && (
        <p className="field-help">A secret left empty keeps the one stored; type a new one to replace it.</p>
      )}
      {hasSecrets && credentials && <CredentialNotice info={credentials} />}
      {check && <ConnectionResult check={check} />}
      {error && (
        <p className="form-error" role="alert" data-testid="edit-channel-error">
          {error}
        </p>
      )}

      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        {hasApi && (
          <button type="button" className="button" data-testid="edit-channel-test" disabled={busy !== null} onClick={test}>
            {busy === "test" ? "Testing…" : "Test connection"}
          </button>
        )}
        <button type="submit" className="button primary" data-testid="edit-channel-save" disabled={busy !== null}>
          {busy === "save" ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
