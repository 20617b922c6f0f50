// A partner's latest hand-offs, newest first, behind a "Hand-offs" toggle: each order (linking to
// it in the queue), where its shipment stands, the partner's reference, tracking and parcels, when
// it was handed off, acknowledged and shipped, and the partner's reason when it refused it. Read
// when opened and kept fresh like the rest of the screen while open.
import { useEffect, useId, useState } from "react";
import { api } from "../../api";
import type { LocationId, ShipmentView } from "../../bindings";
import { SHIPMENT_STATUS_LABEL } from "../../domain/labels";
import { fullDateTime } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { elapsedLabel } from "../../format/relative";
import { usePolledView } from "../../hooks/usePolledView";
import { Spinner } from "../common/EmptyState";
import { Parcels, TrackingNumbers } from "../detail/Parcels";
import { useReportError } from "../shell/errors";
import { acknowledgementLate } from "./partnerSla";

/** Hand-offs read at first, and how many more each "Show more" reads. */
export const HANDOFFS_PAGE = 20;
const HANDOFFS_MAX = 200;
const REFRESH_MS = 15_000;

type Props = { location: LocationId; name: string; now: Date };

export function PartnerHandoffs({ location, name, now }: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="partner-handoffs-box">
      <button
        type="button"
        className="button ghost small partner-handoffs-toggle"
        data-testid="handoffs-toggle"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="disclosure" aria-hidden>
          {open ? "▾" : "▸"}
        </span>{" "}
        Hand-offs
      </button>
      {open && <HandoffList id={id} location={location} name={name} now={now} />}
    </div>
  );
}

function HandoffList({ id, location, name, now }: Props & { id: string }) {
  const report = useReportError();
  const [limit, setLimit] = useState(HANDOFFS_PAGE);
  const { data, failed, refresh } = usePolledView(() => api.partnerHandoffs(location, limit), REFRESH_MS, report);
  // A bigger page is read at once (the first one is read when the list opens).
  useEffect(() => {
    if (limit !== HANDOFFS_PAGE) refresh();
  }, [limit, refresh]);

  return (
    <div id={id} className="handoffs" data-testid="handoffs">
      {!data && !failed && <Spinner label={`Loading the hand-offs to ${name}`} />}
      {!data && failed && (
        <p className="muted small" data-testid="handoffs-failed">
          The hand-offs could not be read: {failed}{" "}
          <button type="button" className="button ghost small" onClick={refresh}>
            Try again
          </button>
        </p>
      )}
      {data && data.length === 0 && (
        <p className="muted small" data-testid="handoffs-empty">
          Nothing was handed off to {name} yet.
        </p>
      )}
      {data && data.length > 0 && (
        <>
          <ol className="handoff-list" aria-label={`Latest hand-offs to ${name}`}>
            {data.map((s) => (
              <Handoff key={s.id} shipment={s} now={now} />
            ))}
          </ol>
          {data.length >= limit && limit < HANDOFFS_MAX && (
            <button type="button" className="button ghost small" data-testid="handoffs-more" onClick={() => setLimit((l) => Math.min(HANDOFFS_MAX, l + HANDOFFS_PAGE))}>
              Show more
            </button>
          )}
        </>
      )}
    </div>
  );
}

function When({ label, iso, now }: { label: string; iso: string | null; now: Date }) {
  if (!iso) return null;
  return (
    <span>
      {label}{" "}
      <time dateTime={iso} title={fullDateTime(iso)}>
        {elapsedLabel(iso, now)}
      </time>
    </span>
  );
}

function Handoff({ shipment: s, now }: { shipment: ShipmentView; now: Date }) {
  const gone = s.status === "rejected" || s.status === "cancelled";
  const units = s.lines.reduce((n, l) => n + l.quantity, 0);
  const waiting = s.status === "handed_off" && s.acknowledged_at === null;
  const late = waiting && acknowledgementLate(s.handed_off_at, now);
  return (
    <li className={`handoff ${gone ? "is-gone" : ""} ${late ? "is-late" : ""}`} data-testid="handoff" data-status={s.status} data-shipment-id={s.id}>
      <div className="handoff-head">
        <a className="order-link" href={`#orders/${s.order_id}`} data-testid="handoff-order" title={`Open order ${s.order_number || s.order_id}`}>
          {s.order_number || s.order_id}
        </a>
        <span className={`shipment-status shipment-${s.status}`} data-testid="handoff-status">
          {SHIPMENT_STATUS_LABEL[s.status]}
        </span>
        {s.partner_ref && (
          <code className="handoff-ref" title="The partner's reference" data-testid="handoff-ref">
            {s.partner_ref}
          </code>
        )}
        <span className="spacer" />
        <span className="muted small" title={s.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}>
          {formatCount(units)} unit{units === 1 ? "" : "s"}
        </span>
      </div>
      {gone && s.note && (
        <p className="shipment-note" data-testid="handoff-note">
          <strong>{s.status === "rejected" ? "Rejected" : "Cancelled"}:</strong> {s.note}
        </p>
      )}
      {s.tracking && s.packages.length === 0 && (
        <div className="handoff-tracking small" data-testid="handoff-tracking">
          <span className="muted">Tracking</span> {s.carrier && <>{s.carrier} </>}
          <TrackingNumbers tracking={s.tracking} />
        </div>
      )}
      <Parcels packages={s.packages} now={now} />
      <div className="shipment-times muted">
        {s.handed_off_at ? <When label="Handed off" iso={s.handed_off_at} now={now} /> : <When label="Reserved" iso={s.created_at} now={now} />}
        {!gone && <When label="Acknowledged" iso={s.acknowledged_at} now={now} />}
        <When label="Shipped" iso={s.shipped_at} now={now} />
        {gone && <When label={SHIPMENT_STATUS_LABEL[s.status]} iso={s.updated_at} now={now} />}
        {!s.handed_off_at && s.status === "reserved" && <span>not handed off yet</span>}
        {waiting && (
          <span className={late ? "handoff-late" : ""} data-testid={late ? "handoff-late" : undefined}>
            {late ? "not acknowledged within 24 h" : "awaiting acknowledgement"}
          </span>
        )}
      </div>
    </li>
  );
}
