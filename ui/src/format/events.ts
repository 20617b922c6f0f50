// One plain sentence per event kind, so the timeline reads like an audit trail, not JSON.
import type { EventKind } from "../bindings";
import { HOLD_REASON_LABEL, STATUS_LABEL } from "../domain/labels";
import { addressChanges } from "./address";
import { fullDateTime } from "./dates";

export type EventText = { text: string; details: string[] };

/** Names the timeline can use instead of ids (the order's channel, known locations). */
export type NameBook = { channelName: (id: string) => string; locationName: (id: string) => string };

const quote = (s: string) => `“${s}”`;

/** `actor` lets a sentence name the channel or partner that acted, where the kind does not. */
export function eventText(kind: EventKind, names: NameBook, actor = ""): EventText {
  const one = (text: string, ...details: (string | null | undefined | false)[]): EventText => ({
    text,
    details: details.filter((d): d is string => typeof d === "string" && d.trim() !== ""),
  });
  switch (kind.type) {
    case "imported":
      return one(
        actor.startsWith("channel:") ? `Imported from ${names.channelName(actor.slice("channel:".length))}` : "Imported",
        `Channel status ${quote(kind.channel_status)}`,
      );
    case "updated_by_channel":
      return one(
        kind.fields.length > 0 ? `Channel updated ${kind.fields.join(", ")}` : "Channel updated the order",
        `Channel status ${quote(kind.channel_status)}`,
      );
    case "status_changed":
      return one(`Status changed from ${STATUS_LABEL[kind.from]} to ${STATUS_LABEL[kind.to]}`);
    case "held":
      return one(
        `Held: ${HOLD_REASON_LABEL[kind.reason]}`,
        kind.note,
        kind.release_at && `Release planned ${fullDateTime(kind.release_at)}`,
      );
    case "released":
      return one(`Released from ${HOLD_REASON_LABEL[kind.reason].toLowerCase()} hold`, kind.note);
    case "routed": {
      const where = kind.location ? `to ${names.locationName(kind.location)}` : "with no location";
      const how = [kind.carrier, kind.service].filter(Boolean).join(" · ");
      return one(`Routed ${where}${how ? `, ${how}` : ""}`);
    }
    case "rule_applied":
      // The summary names the rule and what it changed ("Large order: held (fraud_risk)").
      return one("Rule applied", kind.summary);
    case "allocated":
      // One detail per shipment ("Reno: 2 × MUG-01"), then how the split was chosen.
      return one(
        kind.shipments.length > 1 ? `Split into ${kind.shipments.length} shipments, stock reserved` : "Stock reserved",
        ...kind.shipments,
        ...kind.notes,
      );
    case "handed_off":
      return one(`Handed off to ${names.locationName(kind.partner)}`);
    case "shipped":
      return one(
        `Shipped with ${kind.carrier}`,
        kind.tracking.length > 0 && `Tracking ${kind.tracking.join(", ")}`,
      );
    case "tracking_pushed":
      return one(`Tracking sent to ${names.channelName(kind.channel)}`);
    case "cancelled":
      return one("Cancelled", kind.note);
    case "address_edited":
      return one("Ship-to address edited", ...addressChanges(kind.before, kind.after));
    case "tag_added":
      return one(`Tag ${quote(kind.tag)} added`);
    case "tag_removed":
      return one(`Tag ${quote(kind.tag)} removed`);
    case "note_added":
      return one("Note added", kind.note);
  }
}
