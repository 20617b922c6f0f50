// "Release at a time" over many held orders: the backend sets a timed hold by holding the order
// again, which takes a reason and a note. To keep each order's own reason and note, the
// selection is split into one hold action per distinct (reason, note).
import type { BulkOutcome, HoldReason, Refusal } from "../../bindings";
import type { HoldInfo } from "./useHoldInfo";

export type HoldPlan = { reason: HoldReason; note: string; ids: string[] };

export function planReleaseAt(
  ids: readonly string[],
  infos: ReadonlyMap<string, HoldInfo | null>,
  numberOf: (id: string) => string,
  newNote: string | null,
): { plans: HoldPlan[]; refused: Refusal[] } {
  const plans = new Map<string, HoldPlan>();
  const refused: Refusal[] = [];
  for (const id of ids) {
    const info = infos.get(id);
    if (!info) {
      // Holding it again would put a released order back on hold: leave it alone.
      refused.push({ id, number: numberOf(id), code: "not_allowed", message: "it is no longer on hold" });
      continue;
    }
    const note = newNote ?? info.note;
    const key = JSON.stringify([info.reason, note]);
    const plan = plans.get(key) ?? { reason: info.reason, note, ids: [] };
    plan.ids.push(id);
    plans.set(key, plan);
  }
  return { plans: [...plans.values()], refused };
}

export function mergeOutcomes(outcomes: readonly BulkOutcome[]): BulkOutcome {
  return { applied: outcomes.flatMap((o) => o.applied), refused: outcomes.flatMap((o) => o.refused) };
}
