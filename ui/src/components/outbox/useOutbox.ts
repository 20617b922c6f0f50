// The outbox view, read on open, after every retry or skip, when orders change (a shipment
// enqueues a fulfillment) and every few seconds, since the worker delivers in the background.
import { api } from "../../api";
import { usePolledView } from "../../hooks/usePolledView";

const REFRESH_MS = 10_000;

export function useOutbox(onError: (err: unknown) => void) {
  const { data: view, failed, refresh } = usePolledView(() => api.outboxView(), REFRESH_MS, onError);
  return { view, failed, refresh };
}
