// A screen's view read from the backend on open, every `everyMs`, when orders change, and when
// the screen asks (after an action). Answers to older requests are dropped; a failure is told
// once, not again on every timed refresh that fails the same way.
import { useCallback, useEffect, useRef, useState } from "react";
import { useOrdersChanged } from "./useOrdersChanged";

export function usePolledView<T>(load: () => Promise<T>, everyMs: number, onError: (err: unknown) => void) {
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const latest = useRef(0);
  const failing = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    loadRef.current().then(
      (value) => {
        if (ask !== latest.current) return;
        setData(value);
        setFailed(null);
        failing.current = false;
      },
      (err: unknown) => {
        if (ask !== latest.current) return;
        if (!failing.current) onErrorRef.current(err);
        failing.current = true;
        setFailed(err instanceof Error ? err.message : String(err));
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const t = setInterval(refresh, everyMs);
    return () => clearInterval(t);
  }, [refresh, everyMs]);
  useOrdersChanged(refresh, 2000);

  return { data, failed, refresh };
}
