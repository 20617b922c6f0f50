// What a connection test found: connected (and how long the channel took to answer) or why not.
import type { ConnectionCheck } from "../../sync-contract";

export function ConnectionResult({ check }: { check: ConnectionCheck }) {
  return (
    <p className={`connection-result ${check.ok ? "is-ok" : "is-failed"}`} role="status" data-testid="connection-result">
      <strong>{check.ok ? "Connected" : "Could not connect"}</strong>
      <span>{check.message}</span>
      <span className="muted">{check.took_ms} ms</span>
    </p>
  );
}
