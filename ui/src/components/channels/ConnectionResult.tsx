// What a connection test found: connected (and how long the channel took to answer) or why not.
import type { ConnectionCheck } from "../../bindings";

/** The backend's message under our own heading: its "connected:" would say the heading twice. */
function detail(check: ConnectionCheck): string {
  return check.ok ? check.message.replace(/^connected\b:?\s*/i, "") : check.message;
}

export function ConnectionResult({ check }: { check: ConnectionCheck }) {
  const text = detail(check);
  const timed = text.includes(`${check.took_ms} ms`);
  return (
    <p className={`connection-result ${check.ok ? "is-ok" : "is-failed"}`} role="status" data-testid="connection-result">
      <strong>{check.ok ? "Connected" : "Could not connect"}</strong>
      {text && <span>{text}</span>}
      {!timed && check.took_ms > 0 && <span className="muted">{check.took_ms} ms</span>}
    </p>
  );
}
