// Readable, dismissable error messages in the corner; they never block the queue.
import type { ErrorCode } from "../../bindings";

export type Toast = { id: number; message: string; code: ErrorCode };

const TITLE: Partial<Record<ErrorCode, string>> = {
  not_found: "Not found",
  invalid_input: "Not accepted",
  not_allowed: "Not allowed",
  conflict: "Changed elsewhere",
  internal: "Something went wrong",
};

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className="toast" role="alert" data-testid="error-toast" data-code={t.code}>
          <div className="toast-body">
            <strong>{TITLE[t.code] ?? "Error"}</strong>
            <span>{t.message}</span>
            {t.code === "conflict" && <span className="muted">Reload the order and try again.</span>}
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
