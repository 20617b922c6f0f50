// The inventory view for a search and the low-stock toggle: read on open, when either changes,
// after every change made here, when orders change (routing reserves stock) and every so often,
// since partners' reports and other people's counts move stock in the background.
import { useEffect, useRef } from "react";
import { api } from "../../api";
import type { InventoryQuery } from "../../bindings";
import { usePolledView } from "../../hooks/usePolledView";

const REFRESH_MS = 15_000;
/** Rows asked for; the backend lists at most 500 and says how many matched. */
export const ROW_LIMIT = 500;

export function useInventory(search: string, lowOnly: boolean, onError: (err: unknown) => void) {
  const query: InventoryQuery = { search: search.trim(), low_only: lowOnly, limit: ROW_LIMIT };
  const { data: view, failed, refresh } = usePolledView(() => api.inventoryView(query), REFRESH_MS, onError);
  // A new query is read at once (the first one is read by usePolledView itself).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    refresh();
  }, [query.search, query.low_only, refresh]);
  return { view, failed, refresh };
}
