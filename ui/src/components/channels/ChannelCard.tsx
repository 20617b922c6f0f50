// One channel: what it is, where its sync stands and why it failed, what the last sync could not
// import, and its actions with their outcome right under them; Edit opens its kind's form, filled.
import { useState } from "react";
import { CHANNEL_KIND_LABEL } from "../../domain/labels";
import type { ChannelStatus, CredentialStoreInfo } from "../../bindings";
import { useReportError } from "../shell/errors";
import { channelState } from "./channelState";
import { ConnectionResult } from "./ConnectionResult";
import { EditChannelForm } from "./EditChannelForm";
import { RejectedOrders } from "./RejectedOrders";
import { SyncFacts } from "./SyncFacts";
import { SyncReportLine } from "./SyncReportLine";
import { useChannelActions, type ChannelAction } from "./useChannelActions";

type Props = {
  channel: ChannelStatus;
  now: Date;
  onChanged: () => void;
  /** Its kind has a form (the demo storefront has none). */
  editable?: boolean;
  credentials?: CredentialStoreInfo | null;
};

const FAILED: Record<ChannelAction, string> = {
  sync: "Sync failed",
  pause: "Could not change the schedule",
  test: "Could not test the connection",
};

export function ChannelCard({ channel, now, onChanged, editable = false, credentials = null }: Props) {
  const report = useReportError();
  const actions = useChannelActions(channel, onChanged, report);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const state = channelState(channel, now);
  const { outcome, busy } = actions;
  // File and demo channels have no API: nothing to pause or test.
  const hasApi = channel.kind !== "csv" && channel.kind !== "demo";
  const shop = channel.settings.find((s) => /domain|url|host/i.test(s.key))?.value;

  return (
    <article className={`channel-card tone-${state.tone}`} data-testid="channel-card" data-channel-id={channel.id} aria-label={channel.name}>
      <header className="channel-head">
        <div className="channel-title">
          <h2>{channel.name}</h2>
          <span className="channel-kind">{CHANNEL_KIND_LABEL[channel.kind]}</span>
          {shop && <span className="channel-shop mono">{shop}</span>}
        </div>
        <div className="channel-state" data-testid="channel-state">
          <span className={`state-badge state-${state.tone}`}>{state.label}</span>
          {state.detail && <span className="state-detail">{state.detail}</span>}
        </div>
      </header>

      {channel.last_error && (
        <p className="channel-error" role="alert" data-testid="channel-error">
          <strong>Last sync failed:</strong> {channel.last_error}
        </p>
      )}

      <SyncFacts channel={channel} now={now} />
      <RejectedOrders rejected={channel.rejected} />

      <div className="channel-actions">
        {channel.kind !== "csv" && (
        <button
          type="button"
          className="button small"
          data-testid="sync-now"
          disabled={busy !== null || !channel.configured}
          title={channel.configured ? undefined : "Nothing to sync with: no credentials are stored for this channel"}
          onClick={actions.syncNow}
        >
          {busy === "sync" ? "Syncing…" : "Sync now"}
        </button>
        )}
        {hasApi && (
          <>
            <button type="button" className="button small" data-testid="toggle-paused" disabled={busy !== null} onClick={actions.togglePaused}>
              {channel.paused ? "Resume" : "Pause"}
            </button>
            <button type="button" className="button small ghost" data-testid="test-channel" disabled={busy !== null} onClick={actions.test}>
              {busy === "test" ? "Testing…" : "Test connection"}
            </button>
          </>
        )}
        {editable && !editing && (
          <button
            type="button"
            className="button small ghost"
            data-testid="edit-channel"
            disabled={busy !== null}
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )}
        {saved && (
          <p className="connection-result is-ok" role="status" data-testid="channel-saved">
            <strong>Saved</strong>
            <span>the next sync uses the new settings</span>
          </p>
        )}
        {outcome && (
          <div className="channel-outcome">
            {outcome.kind === "synced" && <SyncReportLine report={outcome.report} />}
            {outcome.kind === "tested" && <ConnectionResult check={outcome.check} />}
            {outcome.kind === "failed" && (
              <p className="connection-result is-failed" role="alert" data-testid="action-error">
                <strong>{FAILED[outcome.action]}</strong>
                <span>{outcome.message}</span>
              </p>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={actions.dismiss}>
              ×
            </button>
          </div>
        )}
      </div>

      {editing && (
        <EditChannelForm
          channel={channel}
          credentials={credentials}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            onChanged();
          }}
        />
      )}
    </article>
  );
}
