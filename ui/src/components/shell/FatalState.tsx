// A full-window explanation for the database problems the queue cannot work around.
import type { ErrorCode } from "../../bindings";
import type { ApiError } from "../../api";

const EXPLAIN: Partial<Record<ErrorCode, { title: string; what: string; todo: string[] }>> = {
  database_locked: {
    title: "The workspace is busy",
    what: "Another program is holding the order database open for writing, so Waybill cannot read or save orders right now.",
    todo: [
      "Close other Waybill windows, or stop a running waybill command (import, bench, serve).",
      "Then try again. Nothing was lost: changes are only saved when the database is free.",
    ],
  },
  database_corrupt: {
    title: "The order database is damaged",
    what: "Waybill found the database file unreadable and stopped, so it cannot make the damage worse.",
    todo: [
      "Quit Waybill and keep a copy of the database file (below) for support.",
      "Restore your latest backup, or move the file aside and re-import orders from your channels.",
    ],
  },
  database_read_only: {
    title: "The order database is read-only",
    what: "Waybill can see the orders but is not allowed to save changes to the database file.",
    todo: [
      "Check that the disk is not full and that the file and its folder are writable by you.",
      "If the workspace is on a network share or a mounted image, copy it to a local disk.",
    ],
  },
  database_too_new: {
    title: "This workspace needs a newer Waybill",
    what: "The database was last opened by a newer version of Waybill, which changed its layout.",
    todo: ["Update Waybill to the latest version, then open the workspace again.", "Older versions never modify it, so your orders are safe."],
  },
};

export function FatalState({ error }: { error: ApiError }) {
  const e = EXPLAIN[error.code] ?? { title: "Waybill cannot continue", what: error.message, todo: [] };
  return (
    <main className="fatal" role="alert" data-testid="fatal-state" data-code={error.code}>
      <div className="fatal-card">
        <div className="fatal-mark" aria-hidden>!</div>
        <h1>{e.title}</h1>
        <p>{e.what}</p>
        {e.todo.length > 0 && (
          <ol>
            {e.todo.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ol>
        )}
        <p className="fatal-detail">
          <span className="muted">Details:</span> <code>{error.message}</code>
        </p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </main>
  );
}
