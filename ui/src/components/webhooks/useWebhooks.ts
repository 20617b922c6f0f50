// The webhooks view, read on open, after every action, when orders change (a change owes its
// subscribers a message) and every few seconds, since the worker delivers in the background.
import { api } from "../../api";
import { usePolledView } from "../../hooks/usePolledView";

const REFRESH_MS = 10_000;

export function useWebhooks(onError: (err: unknown) => void) {
  const { data: view, failed, refresh } = usePolledView(() => api.webhooksView(), REFRESH_MS, onError);
  return { view, failed, refresh };
}
