// Removing an endpoint is for good: what it is still owed goes with it, so the person confirms,
// knowing how much that is.
import { useEffect, useRef } from "react";
import type { EndpointView } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { useSubmit, type Submit } from "../forms/useSubmit";

type Props = { view: EndpointView; onSubmit: Submit<null>; onClose: () => void };

export function RemoveEndpointDialog({ view, onSubmit, onClose }: Props) {
  const { busy, error, run } = useSubmit(onSubmit, onClose);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const owed = view.deliveries.pending + view.deliveries.dead;

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="remove-endpoint-title"
        data-testid="remove-endpoint-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="form">
          <h2 id="remove-endpoint-title">Remove this endpoint?</h2>
          <p className="form-intro">
            Waybill stops sending events to <strong className="mono">{view.endpoint.url}</strong> and forgets its signing secret.{" "}
            {owed > 0 ? (
              <strong data-testid="remove-endpoint-owed">
                {formatCount(owed)} undelivered message{owed === 1 ? " is" : "s are"} dropped with it.
              </strong>
            ) : (
              "Nothing is waiting for it."
            )}{" "}
            To pause it instead, disable it.
          </p>
          {error && (
            <p className="form-error" role="alert" data-testid="remove-endpoint-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button ref={cancel} type="button" className="button ghost" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button danger" data-testid="remove-endpoint-confirm" disabled={busy} onClick={() => void run(null)}>
              Remove endpoint
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
