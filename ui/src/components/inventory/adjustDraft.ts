// The adjust form's values turned into the one StockChange the backend takes, or what is wrong
// with them, field by field, before anything is sent: a whole number, a reason for an
// adjustment, a note when the reason is "other", and no adjustment that would leave less than
// nothing on the shelf (the backend refuses that too; saying it here keeps the form in hand).
import type { AdjustmentReason, LocationId, StockChange } from "../../bindings";
import { formatCount } from "../../format/numbers";

/** Adjust by a signed amount (received +, damaged −), or set what a count found. */
export type AdjustMode = "adjust" | "count";

export type AdjustDraft = {
  location_id: LocationId;
  mode: AdjustMode;
  /** As typed: `5`, `+5`, `-3` for an adjustment; `12` for a count. */
  amount: string;
  reason: AdjustmentReason | "";
  note: string;
};

export type AdjustField = "location_id" | "amount" | "reason" | "note";
export type AdjustProblems = Partial<Record<AdjustField, string>>;

export type BuiltChange = { ok: true; change: StockChange } | { ok: false; problems: AdjustProblems };

/** The signed whole number typed, or null when it is not one. */
export function parseAmount(text: string, signed: boolean): number | null {
  const t = text.trim().replace(/^−/, "-");
  if (!(signed ? /^[+-]?\d+$/ : /^\d+$/).test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && Math.abs(n) <= 0x7fff_ffff ? n : null;
}

/**
 * `onHand` is what the location has now (0 when it has no row for the SKU yet), to refuse an
 * adjustment below zero the way the backend would.
 */
export function buildStockChange(sku: string, draft: AdjustDraft, onHand: number): BuiltChange {
  const problems: AdjustProblems = {};
  if (!draft.location_id) problems.location_id = "Choose a location";
  const amount = parseAmount(draft.amount, draft.mode === "adjust");
  if (draft.mode === "count") {
    if (amount === null) problems.amount = "Enter the units counted on the shelf (0 or more)";
    if (Object.keys(problems).length > 0 || amount === null) return { ok: false, problems };
    return { ok: true, change: { kind: "count", location_id: draft.location_id, sku, on_hand: amount } };
  }
  if (amount === null) problems.amount = "Enter a whole number of units, e.g. 12 or -3";
  else if (amount === 0) problems.amount = "An adjustment of zero changes nothing";
  else if (onHand + amount < 0) problems.amount = `Only ${onHand} on hand: it cannot go below zero`;
  if (draft.reason === "") problems.reason = "Choose a reason: the audit trail keeps it";
  const note = draft.note.trim();
  if (draft.reason === "other" && note === "") problems.note = "Say what happened: “Other” needs a note";
  if (Object.keys(problems).length > 0 || amount === null || draft.reason === "") return { ok: false, problems };
  return { ok: true, change: { kind: "adjust", location_id: draft.location_id, sku, delta: amount, reason: draft.reason, note } };
}

/** "+12", "−3": the sign always shown, a real minus. */
export function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : "0";
}
