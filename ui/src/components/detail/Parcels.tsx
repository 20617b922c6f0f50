// What a partner reported sending: each parcel with its carrier, tracking number, when it left
// and what was in it; and a shipment's tracking numbers (several, comma-separated, when it went
// in several parcels). Shared by the order detail's shipments and a partner's hand-offs.
import type { PackageView } from "../../bindings";
import { fullDateTime, placedLabel } from "../../format/dates";
import { formatCount } from "../../format/numbers";

/** "1Z…, 1Z…" as the numbers it holds. */
export function trackingNumbers(tracking: string | null): string[] {
  return (tracking ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function TrackingNumbers({ tracking }: { tracking: string | null }) {
  const numbers = trackingNumbers(tracking);
  return (
    <span className="tracking-numbers">
      {numbers.map((t) => (
        <code key={t}>{t}</code>
      ))}
    </span>
  );
}

export function Parcels({ packages, now }: { packages: PackageView[]; now: Date }) {
  if (packages.length === 0) return null;
  return (
    <div className="parcels" data-testid="parcels">
      <span className="parcels-title">
        {formatCount(packages.length)} parcel{packages.length === 1 ? "" : "s"}
      </span>
      <ul className="parcel-list">
        {packages.map((p, i) => (
          <li key={`${p.tracking}-${i}`} className="parcel" data-testid="parcel">
            <span className="parcel-carrier">{p.carrier}</span> <code data-testid="parcel-tracking">{p.tracking}</code>
            {p.lines.length > 0 && (
              <span className="parcel-lines" data-testid="parcel-lines">
                {p.lines.map((l) => (
                  <span key={l.sku}>
                    {formatCount(l.quantity)} × <code>{l.sku}</code>
                  </span>
                ))}
              </span>
            )}
            <span className="parcel-when muted">
              shipped{" "}
              <time dateTime={p.shipped_at} title={fullDateTime(p.shipped_at)}>
                {placedLabel(p.shipped_at, now)}
              </time>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
