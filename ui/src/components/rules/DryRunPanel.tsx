// Replays the draft over recent stored orders and shows what saving it would change: how many
// orders, which fields, and each changed order field by field. Nothing changes until Save.
import { useState } from "react";
import { api } from "../../api";
import type { DryRunReport, Facets, OrderStatus, Ruleset } from "../../bindings";
import { STATUS_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import { ChangeList } from "./ChangeList";
import { fieldLabel } from "./changes";

/** The statuses rules act on; a dry run may look at one of them or all. */
const STATUSES: OrderStatus[] = ["awaiting_payment", "on_hold", "ready"];
const LIMITS = [100, 1_000, 10_000, 100_000];

type Props = { draft: Ruleset; facets: Facets; blocked: string | null };

export function DryRunPanel({ draft, facets, blocked }: Props) {
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [limit, setLimit] = useState(1_000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: DryRunReport; rules: Ruleset } | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult({ report: await api.dryRun(draft, { status, limit }), rules: draft });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="side-panel" data-testid="dry-run">
      <p className="muted small">See which recent orders this draft would change if it were saved and the rules ran again. Nothing changes until you save.</p>
      <div className="side-controls">
        <label className="picker-inline">
          <span className="muted small">Orders</span>
          <select data-testid="dry-run-status" value={status ?? ""} onChange={(e) => setStatus((e.target.value || null) as OrderStatus | null)}>
            <option value="">all open</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s].toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="picker-inline">
          <span className="muted small">most recent</span>
          <select data-testid="dry-run-limit" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {formatCount(n)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button primary small" data-testid="dry-run-button" disabled={busy || !!blocked} title={blocked ?? undefined} onClick={() => void run()}>
          {busy ? "Running…" : "Dry run"}
        </button>
      </div>
      {blocked && <p className="side-blocked">{blocked}</p>}
      {error && (
        <p className="form-error" role="alert" data-testid="dry-run-error">
          {error}
        </p>
      )}
      {result && <DryRunReportView report={result.report} facets={facets} stale={result.rules !== draft} />}
    </div>
  );
}

function DryRunReportView({ report, facets, stale }: { report: DryRunReport; facets: Facets; stale: boolean }) {
  return (
    <div className="dry-report" data-testid="dry-run-report">
      <div className="dry-summary">
        <span data-testid="dry-run-changed">
          <b>{formatCount(report.changed)}</b> of {formatCount(report.evaluated)} orders would change
        </span>
        <span className="muted small" data-testid="dry-run-elapsed">
          {formatCount(report.elapsed_ms)} ms
        </span>
        {stale && <span className="stale-note">the draft changed since</span>}
      </div>
      {report.by_field.length > 0 && (
        <ul className="chips dry-fields" aria-label="Orders changed per field">
          {report.by_field.map((f) => (
            <li key={f.field} className="chip small" data-testid="dry-run-field" data-field={f.field}>
              {fieldLabel(f.field)} <b>{formatCount(f.orders)}</b>
            </li>
          ))}
        </ul>
      )}
      {report.changed === 0 ? (
        <p className="muted small">No order would change.</p>
      ) : (
        <>
          {report.orders.length < report.changed && (
            <p className="muted small">
              Showing the {formatCount(report.orders.length)} most recent of {formatCount(report.changed)} changed orders.
            </p>
          )}
          <table className="dry-table">
            <thead>
              <tr>
                <th>Order</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {report.orders.map((o) => (
                <tr key={o.order_id} data-testid="dry-run-order" data-order-id={o.order_id}>
                  <td>
                    <b>{o.number}</b>
                    <div>
                      <span className={`badge status-${o.status}`}>{STATUS_LABEL[o.status]}</span>
                    </div>
                  </td>
                  <td>
                    <ChangeList changes={o.changes} facets={facets} />
                    {o.rules.length > 0 && <div className="muted small dry-rules">by {o.rules.join(", ")}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.problems.length > 0 && <p className="muted small">{report.problems.length} warning(s) about the draft; see the problems above.</p>}
    </div>
  );
}
