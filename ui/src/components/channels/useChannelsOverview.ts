// The channels overview, read on open, after every action, when orders arrive (a sync just ran)
// and every so often, so "last sync" and errors stay current while the screen is open.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api";
import { useOrdersChanged } from "../../hooks/useOrdersChanged";
import type { ChannelsOverview } from "../../bindings";

const REFRESH_MS = 15_000;

export function useChannelsOverview(onError: (err: unknown) => void) {
  const [overview, setOverview] = useState<ChannelsOverview | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const latest = useRef(0);
  const failing = useRef(false);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    api.channelsOverview().then(
      (o) => {
        if (ask !== latest.current) return;
        setOverview(o);
        setFailed(null);
        failing.current = false;
      },
      (err: unknown) => {
        if (ask !== latest.current) return;
        // A failure is told once, not again on every timed refresh that fails the same way.
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

  return { overview, failed, refresh };
}
