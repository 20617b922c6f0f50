// Words for stock: where a row stands at a location, what a change did, who made an adjustment
// and why. Location ids in the backend's sentences ("FUEL-230 at loc_…: 2 reserved units not on
// hand") are replaced by the location's name.
import type { AdjustmentView, LocationColumn, LocationStock, StockChange, StockOutcome } from "../../bindings";
import { ADJUSTMENT_REASON_LABEL } from "../../domain/labels";
import { humanActor } from "../../format/actor";
import { formatCount } from "../../format/numbers";
import { signed } from "./adjustDraft";

export type LocationNames = (id: string) => string;

export function locationNames(locations: LocationColumn[]): LocationNames {
  const byId = new Map(locations.map((l) => [l.id, l.name]));
  return (id) => byId.get(id) ?? id;
}

/** Location ids written into a backend sentence, replaced by names. */
export function withLocationNames(text: string, name: LocationNames): string {
  return text.replace(/\bloc_[0-9A-Za-z]+\b/g, (id) => name(id));
}

/** "Reno DC: 14 on hand, 2 reserved, 12 available" (the hover text of a location cell). */
export function stockTitle(locationName: string, s: LocationStock): string {
  const n = formatCount;
  return `${locationName}: ${n(s.on_hand)} on hand, ${n(s.reserved)} reserved, ${n(s.available)} available`;
}

/** The first line of the notice after a change by hand. */
export function changeHeadline(change: StockChange, outcome: StockOutcome, name: LocationNames): string {
  const where = `${change.sku} at ${name(change.location_id)}`;
  if (change.kind === "count") {
    return outcome.changed_rows === 0
      ? `${where} already had ${formatCount(change.on_hand)} on hand: nothing changed.`
      : `Counted ${where}: ${formatCount(change.on_hand)} on hand.`;
  }
  return `Adjusted ${where} by ${signed(change.delta)} (${ADJUSTMENT_REASON_LABEL[change.reason].toLowerCase()}).`;
}

/** "3 orders waiting for stock are routed now: #1041, #1042, #1050." */
export function reroutedText(numbers: string[]): string | null {
  if (numbers.length === 0) return null;
  const one = numbers.length === 1;
  return `${formatCount(numbers.length)} order${one ? "" : "s"} waiting for stock ${one ? "is" : "are"} routed now: ${numbers.join(", ")}.`;
}

const KIND_LABEL: Record<string, string> = { counted: "Count", reconciled: "Partner report" };

/** Why: the reason's words for an adjustment, "Count" or "Partner report" for the other kinds. */
export function adjustmentWhy(a: AdjustmentView): string {
  if (a.kind === "adjusted" && a.reason) return (ADJUSTMENT_REASON_LABEL as Record<string, string>)[a.reason] ?? a.reason.replace(/_/g, " ");
  return KIND_LABEL[a.kind] ?? a.kind;
}

/** Who: a person's name, or the report a reconciliation came from (its source, as written). */
export function adjustmentWho(a: AdjustmentView): string {
  if (!a.actor) return "—";
  if (a.kind === "reconciled" || !/^(user|rule|channel|partner|system)\b/.test(a.actor)) return a.actor;
  return humanActor(a.actor);
}
