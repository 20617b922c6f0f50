// One endpoint: where events go and which, whether it is enabled (and if not, why), how delivery
// to it is going (waiting, dead, delivered, the last delivery and the latest failure), and the
// person's actions.
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { agoLabel } from "../../format/relative";
import type { EndpointView, WebhookEndpoint } from "../../bindings";

type Props = {
  view: EndpointView;
  now: Date;
  busy: boolean;
  onToggle: (endpoint: WebhookEndpoint) => void;
  onRemove: (view: EndpointView) => void;
};

function tone(view: EndpointView): "ok" | "off" | "error" {
  if (!view.endpoint.enabled) return "off";
  return view.deliveries.dead > 0 || view.deliveries.last_error ? "error" : "ok";
}

export function EndpointCard({ view, now, busy, onToggle, onRemove }: Props) {
  const { endpoint, deliveries } = view;
  const t = tone(view);
  return (
    <article className={`channel-card endpoint-card tone-${t}`} data-testid="endpoint-card" data-endpoint-id={endpoint.id} aria-label={endpoint.url}>
      <header className="channel-head">
        <div className="channel-title">
          <h2 className="mono endpoint-url">{endpoint.url}</h2>
        </div>
        <div className="channel-state" data-testid="endpoint-state">
          {endpoint.enabled ? (
            <span className={`state-badge state-${t}`}>{t === "error" ? "Failing" : "Enabled"}</span>
          ) : (
            <>
              <span className="state-badge state-off">Disabled</span>
              <span className="state-detail">{endpoint.disabled_reason ?? "by a person"}</span>
            </>
          )}
        </div>
      </header>

      <ul className="endpoint-events" aria-label="Events sent" data-testid="endpoint-events-list">
        {endpoint.events.map((e) => (
          <li key={e} className="event-chip mono">
            {e}
          </li>
        ))}
      </ul>

      {!endpoint.enabled && deliveries.pending > 0 && (
        <p className="muted small" data-testid="endpoint-waiting">
          {formatCount(deliveries.pending)} message{deliveries.pending === 1 ? " waits" : "s wait"} for it to be enabled again.
        </p>
      )}
      {deliveries.last_error && (
        <p className="channel-error" data-testid="endpoint-error">
          <strong>Last failure:</strong> {deliveries.last_error}
        </p>
      )}

      <dl className="sync-facts">
        <div>
          <dt>Waiting</dt>
          <dd data-testid="endpoint-pending">{formatCount(deliveries.pending)}</dd>
        </div>
        <div className={deliveries.dead > 0 ? "is-stale" : undefined}>
          <dt>Dead</dt>
          <dd data-testid="endpoint-dead">{formatCount(deliveries.dead)}</dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>{formatCount(deliveries.delivered)}</dd>
        </div>
        <div>
          <dt>Last delivery</dt>
          <dd data-testid="endpoint-last-delivery">
            {deliveries.last_delivered_at ? (
              <time dateTime={deliveries.last_delivered_at} title={fullDateTime(deliveries.last_delivered_at)}>
                {agoLabel(deliveries.last_delivered_at, now)}
              </time>
            ) : (
              "never"
            )}
          </dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>
            <time dateTime={endpoint.created_at} title={fullDateTime(endpoint.created_at)}>
              {agoLabel(endpoint.created_at, now)}
            </time>
          </dd>
        </div>
      </dl>

      {deliveries.dead > 0 && (
        <p className="muted small" data-testid="endpoint-dead-help">
          {deliveries.dead === 1 ? "One message was" : `${formatCount(deliveries.dead)} messages were`} given up on: retry or skip{" "}
          {deliveries.dead === 1 ? "it" : "them"} in the{" "}
          <a className="order-link" href="#outbox">
            Outbox
          </a>
          .
        </p>
      )}

      <div className="channel-actions">
        <button type="button" className="button small" data-testid="toggle-endpoint" disabled={busy} onClick={() => onToggle(endpoint)}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button small ghost" data-testid="remove-endpoint" disabled={busy} onClick={() => onRemove(view)}>
          Remove…
        </button>
      </div>
    </article>
  );
}
