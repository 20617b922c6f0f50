// What a person does to open effects: send dead ones again (one or all; one refused does not stop
// the others) and skip one with a reason, with a line saying how it went.
import { useState } from "react";
import { api, isFatal } from "../../api";
import { formatCount } from "../../format/numbers";
import type { EffectView } from "../../bindings";

export type Notice = { kind: "ok" | "error"; text: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const named = (e: EffectView) => e.order_number ?? `effect ${e.id}`;

/** `changed` re-reads what the actions moved (the list, the shell's counts). */
export function useEffectActions(changed: () => void, report: (err: unknown) => void) {
  const [busyIds, setBusyIds] = useState<ReadonlySet<number>>(() => new Set());
  const [notice, setNotice] = useState<Notice | null>(null);

  const retry = async (effects: EffectView[]) => {
    setBusyIds(new Set(effects.map((e) => e.id)));
    const refused: string[] = [];
    for (const e of effects) {
      try {
        await api.retryEffect(e.id);
      } catch (err) {
        if (isFatal(err)) report(err);
        refused.push(`${named(e)}: ${message(err)}`);
      }
    }
    setBusyIds(new Set());
    const sent = effects.length - refused.length;
    setNotice(
      refused.length === 0
        ? { kind: "ok", text: `${formatCount(sent)} effect${sent === 1 ? "" : "s"} queued to be sent again now.` }
        : { kind: "error", text: `${formatCount(sent)} queued again; ${refused.length} refused — ${refused.join("; ")}` },
    );
    changed();
  };

  /** Resolves to null when skipped, or to why not (the dialog shows it and stays open). */
  const skip = async (effect: EffectView, reason: string): Promise<string | null> => {
    try {
      await api.skipEffect(effect.id, reason);
      setNotice({ kind: "ok", text: `Skipped ${named(effect)}: marked done without sending.` });
      changed();
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  return { busyIds, notice, dismiss: () => setNotice(null), retry, skip };
}
