// What the last change made here did, in a calm line or two: the change itself, the orders that
// were waiting for this stock and are routed now, and any units orders hold that the shelf no
// longer has (a count below what is reserved), which someone should look at.
import type { StockOutcome } from "../../bindings";
import { reroutedText, withLocationNames, type LocationNames } from "./stockWords";

export type StockNoticeValue = { headline: string; outcome: StockOutcome };

type Props = { notice: StockNoticeValue; names: LocationNames; onDismiss: () => void };

export function StockNotice({ notice, names, onDismiss }: Props) {
  const { outcome } = notice;
  const rerouted = reroutedText(outcome.rerouted);
  const short = outcome.shortfalls.length > 0;
  return (
    <div className={`banner ${short ? "banner-warn" : "banner-ok"} stock-notice`} role="status" data-testid="stock-notice">
      <div className="banner-body">
        <strong>{notice.headline}</strong>
        {rerouted && <span data-testid="stock-rerouted">{rerouted}</span>}
        {short && (
          <div data-testid="stock-shortfalls">
            <span>Orders hold more units than these shelves now have:</span>
            <ul className="stock-shortfalls">
              {outcome.shortfalls.map((s) => (
                <li key={s}>{withLocationNames(s, names)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
