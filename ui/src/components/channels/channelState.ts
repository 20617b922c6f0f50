// One word for where a channel stands, and the line under it: not configured, paused, failing,
// syncing on a schedule; a file channel only imports when a file is given, the demo store runs itself.
import { everyLabel, untilLabel } from "../../format/relative";
import type { ChannelStatus } from "../../bindings";

export type ChannelTone = "ok" | "paused" | "off" | "error";

export type ChannelState = { tone: ChannelTone; label: string; detail: string | null };

/** Nothing to build a connector from comes first: neither pausing nor an error matters until then. */
export function channelState(ch: ChannelStatus, now: Date): ChannelState {
  // Channels without an API: nothing to configure, schedule or pause.
  if (ch.kind === "csv") return { tone: "ok", label: "Imports from files", detail: "Orders arrive when a file is imported (waybill import csv)" };
  if (ch.kind === "demo") return { tone: "ok", label: "Live demo", detail: "A simulated storefront: new orders arrive while the demo store runs" };
  const left = ch.next_sync_at ? untilLabel(ch.next_sync_at, now) : null;
  const until = left === "now" ? "any moment" : left;
  if (!ch.configured) return { tone: "off", label: "Not configured", detail: "No credentials stored on this machine" };
  if (ch.paused) return { tone: "paused", label: "Paused", detail: "Not syncing until resumed" };
  if (ch.last_error) return { tone: "error", label: "Error", detail: until ? `Trying again ${until}` : null };
  if (ch.sync_every_secs > 0 && until) return { tone: "ok", label: `Syncing ${everyLabel(ch.sync_every_secs)}`, detail: `next ${until}` };
  return { tone: "ok", label: "Syncing by hand", detail: "No schedule: use Sync now" };
}
