// Since when, by whom and why each held order on screen is held. The list rows (OrderSummary)
// carry only the hold reason, so the rest comes from each visible order's detail: fetched for the
// rows in view only, a few at a time, cached, and dropped when the order changes.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, isFatal } from "../../api";
import type { HoldReason, OrderDetail } from "../../bindings";
import { humanActor } from "../../format/actor";
import { holdRuleName } from "../detail/ruleWords";

export type HoldInfo = {
  reason: HoldReason;
  placedAt: string;
  note: string;
  /** The rule's name, the person, or "Waybill". */
  by: string;
  releaseAt: string | null;
};

/** At most this many detail reads in flight, so a fast scroll does not flood the backend. */
const MAX_IN_FLIGHT = 4;

export function holdInfoOf(d: OrderDetail): HoldInfo | null {
  const h = d.order.status === "on_hold" ? d.order.hold : null;
  if (!h) return null;
  const by = holdRuleName(d) ?? (h.placed_by.startsWith("rule:") ? "a rule" : humanActor(h.placed_by));
  return { reason: h.reason, placedAt: h.placed_at, note: h.note, by, releaseAt: h.release_at };
}

function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T,>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export type HoldInfoCache = {
  /** `undefined` while not known yet, `null` when the order is not (or no longer) held. */
  get: (id: string) => HoldInfo | null | undefined;
  /** Reads (or waits for) each order's hold info: for bulk actions over rows not yet seen. */
  load: (ids: readonly string[]) => Promise<Map<string, HoldInfo | null>>;
  /** Forget these orders (null: all of them); rows in view are read again. */
  invalidate: (ids: ReadonlySet<string> | null) => void;
};

export function useHoldInfo(visible: readonly string[], onError: (err: unknown) => void): HoldInfoCache {
  const cache = useRef(new Map<string, HoldInfo | null>());
  const pending = useRef(new Map<string, Promise<HoldInfo | null>>());
  // Bumped on invalidation, so an answer read before a change is not kept after it.
  const epochs = useRef(new Map<string, number>());
  const generation = useRef(0);
  const run = useRef(limiter(MAX_IN_FLIGHT));
  const [version, setVersion] = useState(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const stamp = (id: string) => `${generation.current}:${epochs.current.get(id) ?? 0}`;

  const fetchOne = useCallback((id: string): Promise<HoldInfo | null> => {
    const known = pending.current.get(id);
    if (known) return known;
    const asked = stamp(id);
    const p = run
      .current(() => api.orderDetail(id))
      .then(holdInfoOf, (err: unknown) => {
        if (isFatal(err)) onErrorRef.current(err);
        return null;
      })
      .then((info) => {
        if (pending.current.get(id) === p) pending.current.delete(id);
        if (stamp(id) === asked) cache.current.set(id, info);
        setVersion((v) => v + 1);
        return info;
      });
    pending.current.set(id, p);
    return p;
  }, []);

  const key = visible.join(",");
  useEffect(() => {
    if (key === "") return;
    for (const id of key.split(",")) {
      if (!cache.current.has(id)) void fetchOne(id);
    }
  }, [key, version, fetchOne]);

  const get = useCallback((id: string) => cache.current.get(id), []);

  const load = useCallback(
    async (ids: readonly string[]) => {
      const out = new Map<string, HoldInfo | null>();
      await Promise.all(
        ids.map(async (id) => {
          out.set(id, cache.current.has(id) ? (cache.current.get(id) ?? null) : await fetchOne(id));
        }),
      );
      return out;
    },
    [fetchOne],
  );

  const invalidate = useCallback((ids: ReadonlySet<string> | null) => {
    if (ids === null) {
      generation.current += 1;
      cache.current.clear();
      pending.current.clear();
    } else {
      for (const id of ids) {
        epochs.current.set(id, (epochs.current.get(id) ?? 0) + 1);
        cache.current.delete(id);
        pending.current.delete(id);
      }
    }
    setVersion((v) => v + 1);
  }, []);

  // Each answer bumps `version`, which re-renders the page holding this hook with the new rows.
  return { get, load, invalidate };
}
