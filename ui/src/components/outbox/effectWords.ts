// Human words for outbox effects: what kind of message it is and where it stands.
import type { EffectKind, EffectView } from "../../bindings";

export const EFFECT_KIND_LABEL: Record<EffectKind, string> = {
  fulfillment: "Fulfillment",
  cancellation: "Cancellation",
  stock: "Stock level",
  webhook: "Webhook",
  handoff: "Partner hand-off",
};

/** A kind the screen has no word for yet (a newer backend) still reads as itself. */
export function effectKindLabel(kind: string): string {
  return (EFFECT_KIND_LABEL as Record<string, string>)[kind] ?? kind.replace(/_/g, " ");
}

/** Which open effects the screen lists: both, or one status. */
export type EffectFilter = "open" | "dead" | "pending";

/** What the effect is about, for a dialog's sentence: "the fulfillment of #1042 to Trailhead Supply". */
export function effectSubject(e: EffectView): string {
  const what = effectKindLabel(e.kind).toLowerCase();
  const order = e.order_number ? ` of ${e.order_number}` : "";
  return `the ${what}${order} to ${e.channel_name}`;
}
