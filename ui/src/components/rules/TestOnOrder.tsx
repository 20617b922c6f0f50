// Try the draft (or the rules in force) on one stored order: find it by number, customer, email
// or SKU, then see the decision, what would change and the full trace. Nothing is saved.
import { useEffect, useState } from "react";
import { api } from "../../api";
import type { Facets, OrderSummary, Ruleset, RuleTest } from "../../bindings";
import { STATUS_LABEL } from "../../domain/labels";
import { formatMoney } from "../../format/money";
import { useDebounced } from "../../hooks/useDebounced";
import { TraceView } from "./TraceView";

export const ORDER_SEARCH_DEBOUNCE_MS = 250;

type Props = { draft: Ruleset; version: number; facets: Facets; blocked: string | null };
type Which = "draft" | "saved";

export function TestOnOrder({ draft, version, facets, blocked }: Props) {
  const [text, setText] = useState("");
  const search = useDebounced(text.trim(), ORDER_SEARCH_DEBOUNCE_MS);
  const [found, setFound] = useState<OrderSummary[] | null>(null);
  const [order, setOrder] = useState<OrderSummary | null>(null);
  const [which, setWhich] = useState<Which>("draft");
  const [result, setResult] = useState<{ test: RuleTest; rules: Ruleset | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!search) {
      setFound(null);
      return;
    }
    let live = true;
    const filter = { status: null, channel_id: null, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search };
    api.listOrders({ filter, sort: "placed_at", descending: true, after: null, limit: 8 }).then(
      (page) => live && setFound(page.items),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [search]);

  const run = async (o: OrderSummary, w: Which = which) => {
    setOrder(o);
    setFound(null);
    setText("");
    setBusy(true);
    setError(null);
    const rules = w === "draft" ? draft : null;
    try {
      setResult({ test: await api.testRules(rules, o.id), rules });
    } catch (err) {
      setResult(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const stale = result !== null && result.rules !== null && result.rules !== draft;
  const draftBlocked = which === "draft" ? blocked : null;
  return (
    <div className="side-panel test-panel" data-testid="test-on-order">
      <p className="muted small">Pick an order to see what these rules would decide for it, and why. Nothing is saved.</p>
      <div className="side-controls">
        <div className="order-search">
          <input
            type="search"
            data-testid="test-order-search"
            aria-label="Find an order"
            placeholder="Order number, customer, email or SKU"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <label className="picker-inline">
          <span className="muted small">Rules</span>
          <select
            data-testid="test-which"
            value={which}
            onChange={(e) => {
              const w = e.target.value as Which;
              setWhich(w);
              if (order) void run(order, w);
            }}
          >
            <option value="draft">this draft</option>
            <option value="saved">in force (v{version})</option>
          </select>
        </label>
      </div>
      {found && (
        <ul className="order-results" data-testid="test-order-results">
          {found.length === 0 && <li className="muted small">No order matches “{search}”.</li>}
          {found.map((o) => (
            <li key={o.id}>
              <button type="button" className="order-result" data-testid="test-order-result" disabled={!!draftBlocked} onClick={() => void run(o)}>
                <b>{o.number}</b>
                <span>{o.customer_name}</span>
                <span className={`badge status-${o.status}`}>{STATUS_LABEL[o.status]}</span>
                <span className="money">{formatMoney(o.total, o.currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {draftBlocked && <p className="side-blocked">{draftBlocked}</p>}
      {order && (
        <div className="test-head">
          <span>
            <b>{order.number}</b> · {order.customer_name} · <span className={`badge status-${order.status}`}>{STATUS_LABEL[order.status]}</span>
          </span>
          <span className="spacer" />
          {busy && <span className="spinner" role="status" aria-label="Testing" />}
          {stale && <span className="stale-note">the draft changed since</span>}
          <button type="button" className="button small" data-testid="test-again" disabled={busy || !!draftBlocked} onClick={() => void run(order)}>
            Test again
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="test-error">
          {error}
        </p>
      )}
      {result && order && !error && <TraceView test={result.test} facets={facets} currency={order.currency} />}
    </div>
  );
}
