// The held-orders summary (totals and groups by reason); refreshable when orders change.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api";
import type { HeldOverview } from "../../bindings";

export function useHeldOverview(onError: (err: unknown) => void) {
  const [overview, setOverview] = useState<HeldOverview | null>(null);
  const latest = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    api.heldOverview().then(
      (o) => {
        if (ask === latest.current) setOverview(o);
      },
      (err) => {
        if (ask === latest.current) onErrorRef.current(err);
      },
    );
  }, []);

  useEffect(refresh, [refresh]);
  return { overview, refresh };
}
