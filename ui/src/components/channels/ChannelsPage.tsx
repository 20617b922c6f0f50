// Channels: every storefront and marketplace Waybill syncs with, where each one's sync stands
// (schedule, last attempt and success, cursor, what it brought, why it failed, what it could not
// import) with sync now, pause / resume, a connection test and editing its settings; and adding a
// channel.
import { useState } from "react";
import { useNow } from "../../hooks/useNow";
import { EmptyState, Spinner } from "../common/EmptyState";
import { useReportError } from "../shell/errors";
import { AddChannelForm } from "./AddChannelForm";
import { ChannelCard } from "./ChannelCard";
import { useChannelsOverview } from "./useChannelsOverview";
import "../../styles/sync.css";
import { NotLoaded } from "../common/NotLoaded";

export function ChannelsPage() {
  const report = useReportError();
  // Relative times ("next in 40s") need a clock finer than a minute here.
  const now = useNow(5000);
  const { overview, failed, refresh } = useChannelsOverview(report);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const failing = overview?.channels.filter((c) => c.configured && !c.paused && c.last_error).length ?? 0;

  return (
    <div className="sync-page channels-page" data-testid="channels-page">
      <header className="sync-head">
        <div className="sync-title">
          <h1>Channels</h1>
          {overview && (
            <span className="muted" data-testid="channels-summary">
              {overview.channels.length} channel{overview.channels.length === 1 ? "" : "s"}
              {failing > 0 && <span className="summary-error"> · {failing} failing</span>}
            </span>
          )}
        </div>
        {!adding && (
          <button type="button" className="button primary small" data-testid="add-channel" disabled={!overview} onClick={() => setAdding(true)}>
            Add channel
          </button>
        )}
      </header>

      <div className="sync-body">
        {adding && overview && (
          <section className="sync-panel add-channel-panel" aria-label="Add a channel">
            <h2>Add a channel</h2>
            <AddChannelForm
              forms={overview.forms}
              credentials={overview.credentials}
              onCancel={() => setAdding(false)}
              onSaved={(ch) => {
                setAdding(false);
                setAdded(ch.name);
                refresh();
              }}
            />
          </section>
        )}
        {added && (
          <div className="banner banner-ok" role="status">
            <div className="banner-body">
              <span>
                <strong>{added}</strong> was added. Its first sync starts on its schedule, or now with <em>Sync now</em>.
              </span>
            </div>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setAdded(null)}>
              ×
            </button>
          </div>
        )}

        <NotLoaded
          loaded={overview !== null}
          failed={failed}
          loading="Loading channels"
          failedTitle="Channels could not be read"
          testId="channels-failed"
          onRetry={refresh}
        />
        {overview && overview.channels.length === 0 && !adding && (
          <EmptyState title="No channels yet" testId="channels-empty">
            Add a Shopify or WooCommerce store, or a CSV feed, and its orders land in the queue.
          </EmptyState>
        )}
        {overview?.channels.map((ch) => (
          <ChannelCard
            key={ch.id}
            channel={ch}
            now={now}
            onChanged={refresh}
            editable={overview.forms.some((f) => f.kind === ch.kind)}
            credentials={overview.credentials}
          />
        ))}
      </div>
    </div>
  );
}
