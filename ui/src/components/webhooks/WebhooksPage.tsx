// Webhooks: the endpoints that receive Waybill's events (orders imported, held, released, routed,
// shipped, cancelled; a channel's sync failing), signed the Standard Webhooks way. Each shows how
// delivery to it goes; an endpoint is added with the events it wants (its signing secret is shown
// once, with how to verify it), disabled and enabled, or removed after a confirmation.
import { useState } from "react";
import { useNow } from "../../hooks/useNow";
import type { AddedEndpoint, EndpointView } from "../../bindings";
import { EmptyState, Spinner } from "../common/EmptyState";
import { useReportError } from "../shell/errors";
import { AddEndpointForm } from "./AddEndpointForm";
import { EndpointCard } from "./EndpointCard";
import { RemoveEndpointDialog } from "./RemoveEndpointDialog";
import { SigningSecret } from "./SigningSecret";
import { useEndpointActions } from "./useEndpointActions";
import { useWebhooks } from "./useWebhooks";
import "../../styles/sync.css";
import "../../styles/webhooks.css";
import { NotLoaded } from "../common/NotLoaded";

export function WebhooksPage() {
  const report = useReportError();
  const now = useNow(5000);
  const { view, failed, refresh } = useWebhooks(report);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<AddedEndpoint | null>(null);
  const [removing, setRemoving] = useState<EndpointView | null>(null);
  const { busyId, notice, dismiss, toggle, remove } = useEndpointActions(refresh, report);

  const endpoints = view?.endpoints ?? [];
  const disabled = endpoints.filter((e) => !e.endpoint.enabled).length;

  return (
    <div className="sync-page webhooks-page" data-testid="webhooks-page">
      <header className="sync-head">
        <div className="sync-title">
          <h1>Webhooks</h1>
          {view && (
            <span className="muted" data-testid="webhooks-summary">
              {endpoints.length} endpoint{endpoints.length === 1 ? "" : "s"}
              {disabled > 0 && <span className="summary-error"> · {disabled} disabled</span>}
            </span>
          )}
        </div>
        {!adding && !added && (
          <button type="button" className="button primary small" data-testid="add-endpoint" disabled={!view} onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )}
      </header>

      <div className="sync-body">
        {adding && view && (
          <section className="sync-panel" aria-label="Add an endpoint">
            <h2>Add an endpoint</h2>
            <AddEndpointForm
              eventTypes={view.event_types}
              onCancel={() => setAdding(false)}
              onAdded={(a) => {
                setAdding(false);
                setAdded(a);
                refresh();
              }}
            />
          </section>
        )}
        {added && <SigningSecret added={added} onDone={() => setAdded(null)} />}
        {notice && (
          <div className={`banner ${notice.kind === "ok" ? "banner-ok" : "banner-error"}`} role="status" data-testid="webhooks-notice">
            <div className="banner-body">{notice.text}</div>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
              ×
            </button>
          </div>
        )}

        <NotLoaded
          loaded={view !== null}
          failed={failed}
          loading="Loading the webhook endpoints"
          failedTitle="The webhook endpoints could not be read"
          testId="webhooks-failed"
          onRetry={refresh}
        />
        {view && endpoints.length === 0 && !adding && (
          <EmptyState title="No webhook endpoints" testId="webhooks-empty">
            Add a URL and Waybill sends it the events you pick, signed, as they happen: orders arriving, held, shipped, cancelled, and channels
            whose sync fails.
          </EmptyState>
        )}
        {endpoints.map((e) => (
          <EndpointCard
            key={e.endpoint.id}
            view={e}
            now={now}
            busy={busyId === e.endpoint.id}
            onToggle={(endpoint) => void toggle(endpoint)}
            onRemove={setRemoving}
          />
        ))}
      </div>

      {removing && <RemoveEndpointDialog view={removing} onSubmit={() => remove(removing.endpoint)} onClose={() => setRemoving(null)} />}
    </div>
  );
}
