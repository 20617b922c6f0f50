// Whether Waybill can reach its channels and how much the outbox holds, asked every ~10 s for the
// shell's offline indicator and the outbox's dead-count badge. A failing ask keeps the last
// answer and stays quiet (an unusable database is reported): this is a status light, not a screen.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, isFatal } from "../api";
import type { Connectivity } from "../bindings";

export const CONNECTIVITY_POLL_MS = 10_000;

export function useConnectivity(onError: (err: unknown) => void, everyMs = CONNECTIVITY_POLL_MS) {
  const [connectivity, setConnectivity] = useState<Connectivity | null>(null);
  const latest = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    api.connectivity().then(
      (c) => {
        if (ask === latest.current) setConnectivity(c);
      },
      (err: unknown) => {
        if (isFatal(err)) onErrorRef.current(err);
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const t = setInterval(refresh, everyMs);
    return () => clearInterval(t);
  }, [refresh, everyMs]);

  return { connectivity, refresh };
}
