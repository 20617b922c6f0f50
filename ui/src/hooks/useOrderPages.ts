// The queue's rows, fetched by keyset pages (never OFFSET, never everything): pages are kept with
// the cursor that produced them so a live refresh can re-read exactly the rows on screen.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api";
import type { OrderFilter, OrderSummary, SortKey } from "../bindings";

export const PAGE_SIZE = 100;
/** The backend's largest page (MAX_PAGE in crates/core/src/query.rs). */
const MAX_LIMIT = 500;

type Page = { after: string | null; items: OrderSummary[] };
type Store = { pages: Page[]; next: string | null; done: boolean; loaded: boolean };

const EMPTY: Store = { pages: [], next: null, done: false, loaded: false };

export type OrderPages = {
  rows: OrderSummary[];
  hasMore: boolean;
  loading: boolean;
  /** True once the first page of the current query has arrived. */
  loaded: boolean;
  loadMore: () => void;
  /** Re-reads the pages holding rows `first..last` and drops what follows (it reloads on scroll). */
  refreshWindow: (first: number, last: number) => Promise<void>;
};

export function useOrderPages(
  filter: OrderFilter,
  sort: SortKey,
  descending: boolean,
  onError: (err: unknown) => void,
): OrderPages {
  const [store, setStore] = useState<Store>(EMPTY);
  const [loading, setLoading] = useState(false);
  const storeRef = useRef(store);
  // Bumped whenever the page list is replaced, so answers to older requests are dropped.
  const version = useRef(0);
  const inflight = useRef(false);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const queryKey = JSON.stringify({ filter, sort, descending });
  const query = useRef({ filter, sort, descending });
  query.current = { filter, sort, descending };

  const commit = (next: Store) => {
    storeRef.current = next;
    setStore(next);
  };

  const loadMore = useCallback(() => {
    const s = storeRef.current;
    if (inflight.current || s.done) return;
    inflight.current = true;
    setLoading(true);
    const v = version.current;
    const after = s.next;
    api
      .listOrders({ ...query.current, after, limit: PAGE_SIZE })
      .then((page) => {
        if (v !== version.current) return;
        const cur = storeRef.current;
        commit({
          pages: [...cur.pages, { after, items: page.items }],
          next: page.next_cursor,
          done: page.next_cursor === null,
          loaded: true,
        });
      })
      .catch((err) => {
        if (v !== version.current) return;
        // Stop asking until something changes, or a failing backend would be hammered on scroll.
        commit({ ...storeRef.current, done: true, loaded: true });
        onErrorRef.current(err);
      })
      .finally(() => {
        if (v === version.current) {
          inflight.current = false;
          setLoading(false);
        }
      });
  }, []);

  // A new query starts from an empty list and its first page.
  useEffect(() => {
    version.current += 1;
    inflight.current = false;
    commit(EMPTY);
    loadMore();
  }, [queryKey, loadMore]);

  const refreshWindow = useCallback(async (first: number, last: number) => {
    const s = storeRef.current;
    if (s.pages.length === 0) {
      // Nothing loaded because the first page failed: a change is a good moment to try again.
      if (s.loaded && !inflight.current) {
        commit(EMPTY);
        loadMore();
      }
      return;
    }
    // Which pages hold rows first..last (page sizes vary after earlier refreshes).
    let start = -1;
    let end = s.pages.length - 1;
    let seen = 0;
    for (let i = 0; i < s.pages.length; i++) {
      const size = s.pages[i].items.length;
      if (start < 0 && first < seen + size) start = i;
      if (last < seen + size) {
        end = i;
        break;
      }
      seen += size;
    }
    if (start < 0 || start > end) start = end;
    const held = s.pages.slice(start, end + 1);
    const count = held.reduce((n, p) => n + p.items.length, 0);
    const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, count));
    const after = s.pages[start].after;
    version.current += 1;
    const v = version.current;
    inflight.current = false;
    setLoading(false);
    try {
      const page = await api.listOrders({ ...query.current, after, limit });
      if (v !== version.current) return;
      commit({
        pages: [...storeRef.current.pages.slice(0, start), { after, items: page.items }],
        next: page.next_cursor,
        done: page.next_cursor === null,
        loaded: true,
      });
    } catch (err) {
      if (v === version.current) onErrorRef.current(err);
    }
  }, [loadMore]);

  const rows = useMemo(() => {
    // A refreshed page can overlap an older one by a row or two: show each order once.
    const seen = new Set<string>();
    const out: OrderSummary[] = [];
    for (const p of store.pages) {
      for (const r of p.items) {
        if (!seen.has(r.id)) {
          seen.add(r.id);
          out.push(r);
        }
      }
    }
    return out;
  }, [store]);

  return { rows, hasMore: !store.done, loading, loaded: store.loaded, loadMore, refreshWindow };
}
