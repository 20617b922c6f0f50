// The three things a person does to a saved channel (sync now, pause or resume, test the
// connection), one at a time, with the latest outcome kept to show under the channel.
import { useState } from "react";
import { api, isFatal } from "../../api";
import type { ConnectionCheck, ChannelStatus, SyncReport } from "../../bindings";

export type ChannelAction = "sync" | "pause" | "test";

export type Outcome =
  | { kind: "synced"; report: SyncReport }
  | { kind: "tested"; check: ConnectionCheck }
  | { kind: "failed"; action: ChannelAction; message: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `onChanged` reloads the overview after anything that changes the channel's state. */
export function useChannelActions(channel: ChannelStatus, onChanged: () => void, report: (err: unknown) => void) {
  const [busy, setBusy] = useState<ChannelAction | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (action: ChannelAction, call: () => Promise<Outcome | null>) => {
    setBusy(action);
    try {
      const result = await call();
      setOutcome(result);
    } catch (err) {
      if (isFatal(err)) report(err);
      setOutcome({ kind: "failed", action, message: message(err) });
    } finally {
      setBusy(null);
      if (action !== "test") onChanged();
    }
  };

  return {
    busy,
    outcome,
    dismiss: () => setOutcome(null),
    syncNow: () => run("sync", async () => ({ kind: "synced", report: await api.syncChannelNow(channel.id) })),
    togglePaused: () =>
      run("pause", async () => {
        await api.setChannelPaused(channel.id, !channel.paused);
        return null;
      }),
    test: () => run("test", async () => ({ kind: "tested", check: await api.testChannel(channel.id) })),
  };
}
