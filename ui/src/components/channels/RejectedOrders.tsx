// Orders the channel's last sync saw but could not import, with the channel's id for them, their
// number when it could be read, and why. Long lists are cut to a few with a way to see all.
import { useState } from "react";
import type { RejectedOrder } from "../../bindings";

const SHOWN = 5;

export function RejectedOrders({ rejected }: { rejected: RejectedOrder[] }) {
  const [all, setAll] = useState(false);
  if (rejected.length === 0) return null;
  const shown = all ? rejected : rejected.slice(0, SHOWN);
  return (
    <section className="rejected" data-testid="rejected-orders">
      <h3>
        {rejected.length} order{rejected.length === 1 ? "" : "s"} the last sync could not import
      </h3>
      <table className="rejected-table">
        <thead>
          <tr>
            <th scope="col">Channel id</th>
            <th scope="col">Number</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.external_id} data-testid="rejected-order">
              <td className="mono">{r.external_id}</td>
              <td>{r.number ?? <span className="muted">unreadable</span>}</td>
              <td className="rejected-reason">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > SHOWN && (
        <button type="button" className="button ghost small" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${rejected.length}`}
        </button>
      )}
    </section>
  );
}
