// Where each part of the order ships from, first to last: the location and its kind, where the
// shipment stands, what is in it, its tracking and the partner's reference, the parcels a
// partner reported sending, and a partner's reason when it refused it. A split order reads as "1 of 2", "2 of 2"; shipments that were
// cancelled or rejected stay listed (the order's history) but step back. An open shipment at a
// partner offers "Enter tracking…": the partner's confirmation typed in by a person.
import { useRef, useState } from "react";
import type { ShipmentView } from "../../bindings";
import { LOCATION_KIND_LABEL, SHIPMENT_STATUS_LABEL } from "../../domain/labels";
import { fullDateTime, placedLabel } from "../../format/dates";
import { formatCount } from "../../format/numbers";
import { canEnterTracking } from "./enterTracking";
import { EnterTrackingForm } from "./EnterTrackingForm";
import { Parcels, TrackingNumbers } from "./Parcels";
import { Section } from "./Section";

const GONE = new Set<ShipmentView["status"]>(["cancelled", "rejected"]);

/** First to last, whatever order they came in. */
function bySeq(shipments: ShipmentView[]): ShipmentView[] {
  return [...shipments].sort((a, b) => a.seq - b.seq);
}

/** Live shipments (not cancelled or rejected), first to last: more than one is a split. */
export function liveShipments(shipments: ShipmentView[]): ShipmentView[] {
  return bySeq(shipments).filter((s) => !GONE.has(s.status));
}

function When({ label, iso, now }: { label: string; iso: string | null; now: Date }) {
  if (!iso) return null;
  return (
    <span>
      {label}{" "}
      <time dateTime={iso} title={fullDateTime(iso)}>
        {placedLabel(iso, now)}
      </time>
    </span>
  );
}

type Props = {
  shipments: ShipmentView[];
  now: Date;
  /** Records an open partner shipment shipped in one parcel; resolves to null, or to why it was refused. Without it, no shipment offers it. */
  onConfirm?: (shipment: string, carrier: string, tracking: string) => Promise<string | null>;
  /** Carriers the workspace knows, suggested in the tracking form. */
  carriers?: string[];
  /** The order's carrier: what the tracking form's carrier starts with. */
  orderCarrier?: string | null;
};

export function Shipments({ shipments, now, onConfirm, carriers = [], orderCarrier = null }: Props) {
  // The shipment whose tracking is being entered; forgotten once it is no longer open (or listed).
  const [entering, setEntering] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  if (entering !== null && !shipments.some((s) => s.id === entering && canEnterTracking(s))) setEntering(null);
  if (shipments.length === 0) return null;
  const ordered = bySeq(shipments);
  const live = liveShipments(ordered);
  const places = new Set(live.map((s) => s.location_id)).size;
  const aside =
    live.length > 1 ? (
      <span className="shipments-split" data-testid="shipments-split">
        Split: {live.length} shipments{places > 1 ? ` from ${places} locations` : ""}
      </span>
    ) : null;
  return (
    <Section title={`Shipments · ${shipments.length}`} aside={aside} testId="shipments">
      <ol className="shipments">
        {ordered.map((s, i) => {
          const units = s.lines.reduce((n, l) => n + l.quantity, 0);
          const offer = onConfirm !== undefined && canEnterTracking(s);
          const open = offer && entering === s.id;
          return (
            <li key={s.id} className={`shipment ${GONE.has(s.status) ? "is-gone" : ""}`} data-testid="shipment" data-status={s.status} aria-label={`Shipment ${i + 1} of ${ordered.length}`}>
              <div className="shipment-head">
                <span className="shipment-seq">
                  {i + 1} of {ordered.length}
                </span>
                <strong className="shipment-location" data-testid="shipment-location">
                  {s.location_name}
                </strong>
                <span className="muted small">{LOCATION_KIND_LABEL[s.location_kind]}</span>
                <span className="spacer" />
                <span className={`shipment-status shipment-${s.status}`} data-testid="shipment-status">
                  {SHIPMENT_STATUS_LABEL[s.status]}
                </span>
              </div>
              <div className="shipment-lines" data-testid="shipment-lines" title={`${formatCount(units)} unit${units === 1 ? "" : "s"}`}>
                {s.lines.map((l) => (
                  <span key={l.sku} className="shipment-line">
                    {formatCount(l.quantity)} × <code>{l.sku}</code>
                  </span>
                ))}
              </div>
              {s.status === "rejected" && s.note && (
                <p className="shipment-note" data-testid="shipment-note">
                  <strong>Rejected:</strong> {s.note}
                </p>
              )}
              {(((s.tracking || s.carrier) && s.packages.length === 0) || s.partner_ref) && (
                <dl className="shipment-facts">
                  {(s.tracking || s.carrier) && s.packages.length === 0 && (
                    <div>
                      <dt>Tracking</dt>
                      <dd data-testid="shipment-tracking">
                        {s.carrier}
                        {s.carrier && s.tracking && " · "}
                        {s.tracking && <TrackingNumbers tracking={s.tracking} />}
                      </dd>
                    </div>
                  )}
                  {s.partner_ref && (
                    <div>
                      <dt>Partner ref</dt>
                      <dd>
                        <code>{s.partner_ref}</code>
                      </dd>
                    </div>
                  )}
                </dl>
              )}
              <Parcels packages={s.packages} now={now} />
              <div className="shipment-foot">
                <div className="shipment-times muted">
                  <When label="Reserved" iso={s.created_at} now={now} />
                  <When label="Handed off" iso={s.handed_off_at} now={now} />
                  {!GONE.has(s.status) && <When label="Acknowledged" iso={s.acknowledged_at} now={now} />}
                  <When label="Shipped" iso={s.shipped_at} now={now} />
                  {GONE.has(s.status) && <When label={SHIPMENT_STATUS_LABEL[s.status]} iso={s.updated_at} now={now} />}
                </div>
                {offer && (
                  <button
                    ref={open ? trigger : undefined}
                    type="button"
                    className={`button small shipment-action ${open ? "is-pressed" : ""}`}
                    data-testid="enter-tracking"
                    aria-expanded={open}
                    title={`${s.location_name} confirmed it some other way (an email, its portal): record the parcel it shipped`}
                    onClick={() => setEntering(open ? null : s.id)}
                  >
                    Enter tracking…
                  </button>
                )}
              </div>
              {open && onConfirm && (
                <EnterTrackingForm
                  shipment={s}
                  carriers={carriers}
                  initialCarrier={s.carrier ?? orderCarrier}
                  onSubmit={(carrier, tracking) => onConfirm(s.id, carrier, tracking)}
                  onClose={() => setEntering(null)}
                  onCancel={() => {
                    setEntering(null);
                    trigger.current?.focus();
                  }}
                />
              )}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
