// What a person does to an endpoint (disable or enable it, remove it) with a line saying how it
// went; one endpoint at a time.
import { useState } from "react";
import { api, isFatal } from "../../api";
import type { WebhookEndpoint } from "../../bindings";

export type Notice = { kind: "ok" | "error"; text: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `changed` re-reads the list after anything moved. */
export function useEndpointActions(changed: () => void, report: (err: unknown) => void) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const toggle = async (endpoint: WebhookEndpoint) => {
    setBusyId(endpoint.id);
    try {
      if (endpoint.enabled) {
        await api.disableWebhookEndpoint(endpoint.id);
        setNotice({ kind: "ok", text: `Disabled ${endpoint.url}: nothing is sent to it, and what it is owed waits until it is enabled.` });
      } else {
        await api.enableWebhookEndpoint(endpoint.id);
        setNotice({ kind: "ok", text: `Enabled ${endpoint.url}: what waited for it goes out with the next delivery round.` });
      }
    } catch (err) {
      if (isFatal(err)) report(err);
      setNotice({ kind: "error", text: `${endpoint.url}: ${message(err)}` });
    } finally {
      setBusyId(null);
      changed();
    }
  };

  /** Resolves to null when removed, or to why not (the dialog shows it and stays open). */
  const remove = async (endpoint: WebhookEndpoint): Promise<string | null> => {
    try {
      const dropped = await api.removeWebhookEndpoint(endpoint.id);
      const lost = dropped === 0 ? "nothing was waiting for it" : `${dropped} undelivered message${dropped === 1 ? " was" : "s were"} dropped`;
      setNotice({ kind: "ok", text: `Removed ${endpoint.url}; ${lost}.` });
      changed();
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  return { busyId, notice, dismiss: () => setNotice(null), toggle, remove };
}
