// A channel's sync record at a glance: when it last tried and last succeeded, where its cursor
// is, what the last good run brought and what the channel brought in all.
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { agoLabel } from "../../format/relative";
import type { ChannelStatus } from "../../bindings";

function When({ iso, now, never }: { iso: string | null; now: Date; never: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  return <time dateTime={iso} title={fullDateTime(iso)}>{agoLabel(iso, now)}</time>;
}

export function SyncFacts({ channel, now }: { channel: ChannelStatus; now: Date }) {
  const n = formatCount;
  // A failed last attempt makes the last success worth a warning colour: orders may be waiting.
  const stale = channel.last_error !== null && channel.last_sync_at !== channel.last_success_at;
  return (
    <dl className="sync-facts" data-testid="sync-facts">
      <div>
        <dt>Last sync</dt>
        <dd data-testid="last-sync">
          <When iso={channel.last_sync_at} now={now} never="never" />
        </dd>
      </div>
      <div className={stale ? "is-stale" : ""}>
        <dt>Last success</dt>
        <dd data-testid="last-success">
          <When iso={channel.last_success_at} now={now} never="never" />
        </dd>
      </div>
      <div>
        <dt>Last run</dt>
        <dd>
          {n(channel.last_imported)} new · {n(channel.last_updated)} updated
        </dd>
      </div>
      <div>
        <dt>Since added</dt>
        <dd>
          {n(channel.total_imported)} new · {n(channel.total_updated)} updated
        </dd>
      </div>
      <div className="sync-cursor">
        <dt>Cursor</dt>
        <dd className="mono" title={channel.cursor ?? undefined}>
          {channel.cursor ?? <span className="muted">start</span>}
        </dd>
      </div>
    </dl>
  );
}
