// The latest stock changes that were not orders: adjustments by hand (with their reason and
// note), counts, and partners' stock reports; when, who, where, what, and on hand after.
import { useState } from "react";
import type { AdjustmentView } from "../../bindings";
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { agoLabel } from "../../format/relative";
import { signed } from "./adjustDraft";
import { adjustmentWho, adjustmentWhy } from "./stockWords";

const SHOWN = 12;

export function RecentAdjustments({ adjustments, now }: { adjustments: AdjustmentView[]; now: Date }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? adjustments : adjustments.slice(0, SHOWN);
  return (
    <section className="stock-section" data-testid="recent-adjustments" aria-labelledby="recent-adjustments-title">
      <header className="stock-section-head">
        <h2 id="recent-adjustments-title">
          Recent adjustments <span className="section-hint">counts, corrections and partners' reports; orders' reservations are not listed</span>
        </h2>
      </header>
      {adjustments.length === 0 ? (
        <p className="muted stock-section-empty">No stock has been adjusted or counted yet.</p>
      ) : (
        <div className="stock-scroll">
          <table className="adjustments-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Location</th>
                <th scope="col">SKU</th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col">Why</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a, i) => (
                <tr key={`${a.at}-${a.sku}-${i}`} data-testid="adjustment-row" data-kind={a.kind}>
                  <td className="nowrap">
                    <time dateTime={a.at} title={fullDateTime(a.at)}>
                      {agoLabel(a.at, now)}
                    </time>
                  </td>
                  <td className="nowrap" title={a.actor ?? undefined}>
                    {adjustmentWho(a)}
                  </td>
                  <td className="nowrap">{a.location}</td>
                  <td className="mono nowrap">{a.sku}</td>
                  <td className="num nowrap" data-testid="adjustment-change">
                    <span className={a.delta < 0 ? "delta-out" : a.delta > 0 ? "delta-in" : "muted"}>{signed(a.delta)}</span>
                    <span className="muted"> → {formatCount(a.on_hand_after)}</span>
                  </td>
                  <td className="nowrap">{adjustmentWhy(a)}</td>
                  <td className="adjustment-note">{a.note ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adjustments.length > SHOWN && (
        <button type="button" className="button ghost small stock-section-more" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show fewer" : `Show all ${formatCount(adjustments.length)}`}
        </button>
      )}
    </section>
  );
}
