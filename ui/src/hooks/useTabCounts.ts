// Live counts for the status tabs, under every filter except the status itself.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api";
import type { OrderFilter, OrderStatus } from "../bindings";

export type Counts = Partial<Record<OrderStatus, number>>;

export function useTabCounts(filter: OrderFilter, onError: (err: unknown) => void) {
  const [counts, setCounts] = useState<Counts | null>(null);
  // The backend ignores filter.status here; clearing it keeps a tab switch from re-counting.
  const key = JSON.stringify({ ...filter, status: null });
  const latest = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const refresh = useCallback(() => {
    const ask = ++latest.current;
    api
      .tabCounts(JSON.parse(key) as OrderFilter)
      .then((list) => {
        if (ask !== latest.current) return;
        const next: Counts = {};
        for (const c of list) next[c.status] = c.count;
        setCounts(next);
      })
      .catch((err) => {
        if (ask === latest.current) onErrorRef.current(err);
      });
  }, [key]);

  useEffect(refresh, [refresh]);

  const all = counts ? Object.values(counts).reduce((a, b) => a + (b ?? 0), 0) : null;
  return { counts, all, refresh };
}
