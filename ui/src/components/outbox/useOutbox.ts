// The outbox view, read on open, after every retry or skip, when orders change (a shipment
// enqueues a fulfillment) and every few seconds, since the worker delivers in the background.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api";
import { useOrdersChanged } from "../../hooks/useOrdersChanged";
import type { OutboxView } from "../../bindings";

const REFRESH_MS = 10_000;

export function useOutbox(onError: (err: unknown) => void) {
  const [view, setView] = useState<OutboxView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const latest = useRef(0);
  const failing = useRef(false);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    api.outboxView().then(
      (v) => {
        if (ask !== latest.current) return;
        setView(v);
        setFailed(null);
        failing.current = false;
      },
      (err: unknown) => {
        if (ask !== latest.current) return;
        // Told once, not again on every timed refresh that fails the same way.
        if (!failing.current) onErrorRef.current(err);
        failing.current = true;
        setFailed(err instanceof Error ? err.message : String(err));
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);
  useOrdersChanged(refresh, 2000);

  return { view, failed, refresh };
}
