// The shell's connection light. Online it is a quiet dot (and how many changes are on their way);
// offline it says since when and how many changes wait, and that nothing is lost: they are sent
// when the channels can be reached again. Both link to the outbox.
import { formatCount } from "../../format/numbers";
import { clockTime } from "../../format/relative";
import type { Connectivity } from "../../bindings";

/** "Offline since 10:42 — 12 changes waiting, will send when back". */
export function offlineText(c: Connectivity): string {
  const since = c.since ? ` since ${clockTime(c.since)}` : "";
  const waiting = c.pending === 0 ? "nothing waiting to send" : `${formatCount(c.pending)} change${c.pending === 1 ? "" : "s"} waiting, will send when back`;
  return `Offline${since} — ${waiting}`;
}

export function OfflineIndicator({ connectivity }: { connectivity: Connectivity | null }) {
  if (!connectivity) return null;
  const c = connectivity;
  if (c.online) {
    return (
      <a className="connectivity is-online" href="#outbox" data-testid="connectivity" title="Channels reachable">
        <span className="dot" aria-hidden />
        Online
        {c.pending > 0 && <span className="connectivity-pending">· {formatCount(c.pending)} sending</span>}
      </a>
    );
  }
  return (
    <a
      className="connectivity is-offline"
      href="#outbox"
      role="status"
      data-testid="connectivity"
      title={c.last_error ?? "The last exchange with a channel failed at the network level"}
    >
      <span className="dot" aria-hidden />
      <span className="connectivity-text">{offlineText(c)}</span>
    </a>
  );
}
