// Entering a partner's confirmation by hand (a drop-ship vendor emailed the tracking, a 3PL's
// parcel read off its portal): which shipments take one, what the form's values must be before
// anything is sent, and a backend refusal placed on the field it names (the backend starts its
// message with the field: `carrier: name the carrier`, `tracking: enter the tracking number`).
import type { ShipmentView } from "../../bindings";
import { isPartner } from "../../domain/labels";

/** Still to ship: reserved for its hand-off, handed off, or accepted by the partner. */
const OPEN = new Set<ShipmentView["status"]>(["reserved", "handed_off", "accepted"]);

/** Whether a person can enter this shipment's tracking: an open shipment at a partner. */
export function canEnterTracking(s: Pick<ShipmentView, "status" | "location_kind">): boolean {
  return OPEN.has(s.status) && isPartner(s.location_kind);
}

export type TrackingField = "carrier" | "tracking";
export type TrackingDraft = Record<TrackingField, string>;
export type TrackingProblems = Partial<Record<TrackingField, string>>;

export type BuiltConfirmation = { ok: true; carrier: string; tracking: string } | { ok: false; problems: TrackingProblems };

/** The values to send (trimmed), or what is missing, field by field. */
export function buildConfirmation(d: TrackingDraft): BuiltConfirmation {
  const carrier = d.carrier.trim();
  const tracking = d.tracking.trim();
  const problems: TrackingProblems = {};
  if (carrier === "") problems.carrier = "Name the carrier";
  if (tracking === "") problems.tracking = "Enter the tracking number";
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, carrier, tracking };
}

/** The field a refusal is about (its `field:` prefix, not shown again) and the text to show. */
export function placeTrackingRefusal(message: string): { field: TrackingField | null; text: string } {
  const m = /^(carrier|tracking):\s*([\s\S]+)$/.exec(message);
  return m ? { field: m[1] as TrackingField, text: m[2] } : { field: null, text: message };
}
