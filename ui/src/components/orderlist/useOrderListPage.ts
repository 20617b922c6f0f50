// What a page made of an order list and the order detail beside it shares (the queue and the held
// view): the open and the keyboard-focused order, the selection (kept to the orders still listed),
// bulk actions and their outcome, actions on the open order, live refresh from the backend's
// change events, and the keyboard. The page supplies its pager, what else it refreshes, and the
// keys that are its own (search, tabs).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, isFatal } from "../../api";
import type { BulkOutcome, Facets, ManualAction } from "../../bindings";
import type { NameBook } from "../../format/events";
import type { OrderPages } from "../../hooks/useOrderPages";
import { useOrderDetail } from "../../hooks/useOrderDetail";
import { useOrdersChanged } from "../../hooks/useOrdersChanged";
import { useQueueKeys } from "../../hooks/useQueueKeys";
import { useSelection } from "../../hooks/useSelection";
import type { Submit } from "../forms/useSubmit";
import type { BulkKind } from "../queue/BulkOutcomeBanner";
import type { BulkBarProps } from "./BulkActionBar";
import type { OrderListState } from "./VirtualOrderList";

export type BulkResult = { action: BulkKind; outcome: BulkOutcome };

type Options = {
  pages: OrderPages;
  facets: Facets;
  report: (err: unknown) => void;
  now: Date;
  /** Refreshes the page's own parts (counts, the rows in view) after `changed` (null: everything). */
  refreshList: (changed: ReadonlySet<string> | null) => void;
  /** Told which rows are in view. */
  onRange: (first: number, last: number) => void;
  /** When the focused order leaves the list, keep the focus at its position (the queue does). */
  stickyFocus?: boolean;
  /** Keys of the page's own: `/`, the number keys, and Esc once the rest is backed out of. */
  keys: { focusSearch: () => void; tab: (index: number) => void; escape?: () => void };
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useOrderListPage({ pages, facets, report, now, refreshList, onRange, stickyFocus = false, keys }: Options) {
  const [openId, setOpenId] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<BulkResult | null>(null);
  const lastFocusIndex = useRef(-1);

  const detail = useOrderDetail(openId, report);
  const rowIds = useMemo(() => pages.rows.map((r) => r.id), [pages.rows]);
  const selection = useSelection(rowIds);

  // Selection and focus follow orders, not positions: keep what is still in view after a refresh.
  const { keepOnly } = selection;
  useEffect(() => {
    if (pages.loaded) keepOnly(new Set(rowIds));
  }, [rowIds, pages.loaded, keepOnly]);
  const indexOf = useMemo(() => new Map(rowIds.map((id, i) => [id, i])), [rowIds]);
  let focusedIndex = focusedId ? (indexOf.get(focusedId) ?? -1) : -1;
  if (stickyFocus && focusedId && focusedIndex < 0 && lastFocusIndex.current >= 0 && rowIds.length > 0) {
    focusedIndex = Math.min(lastFocusIndex.current, rowIds.length - 1);
  }
  lastFocusIndex.current = focusedIndex;

  const names = useMemo<NameBook>(() => {
    const channels = new Map(facets.channels.map((c) => [c.id, c.name]));
    const locations = new Map(facets.locations.map((l) => [l.id, l.name]));
    return { channelName: (id) => channels.get(id) ?? id, locationName: (id) => locations.get(id) ?? id };
  }, [facets]);

  const { reload } = detail;
  const refreshAll = useCallback(
    (changed: ReadonlySet<string> | null) => {
      refreshList(changed);
      if (openId && (changed === null || changed.has(openId))) reload();
    },
    [refreshList, openId, reload],
  );
  useOrdersChanged((ids) => refreshAll(ids));

  const open = useCallback((id: string) => {
    setOpenId(id);
    setFocusedId(id);
  }, []);

  /** Reports a bulk outcome, keeps the refused orders selected, and refreshes what it touched. */
  const bulkDone = (action: BulkKind, ids: string[], result: BulkOutcome) => {
    setOutcome({ action, outcome: result });
    selection.remove(result.applied);
    refreshAll(new Set(ids));
  };

  const runBulk: Submit<ManualAction> = async (action) => {
    const ids = [...selection.selected];
    try {
      bulkDone(action.action, ids, await api.applyAction(ids, action));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  const rerunBulk = async () => {
    const ids = [...selection.selected];
    try {
      bulkDone("rerun_rules", ids, await api.rerunRules(ids));
    } catch (err) {
      report(err);
    }
  };

  const rerouteBulk = async () => {
    const ids = [...selection.selected];
    try {
      bulkDone("reroute", ids, await api.rerouteOrders(ids));
    } catch (err) {
      report(err);
    }
  };

  const runOne: Submit<ManualAction> = async (action) => {
    if (!openId) return null;
    try {
      const result = await api.applyAction([openId], action);
      if (result.refused.length > 0) return result.refused.map((r) => r.message).join("; ");
      refreshAll(new Set([openId]));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  const rerunOne = async (): Promise<string | null> => {
    if (!openId) return null;
    try {
      const result = await api.rerunRules([openId]);
      refreshAll(new Set([openId]));
      return result.refused.length > 0 ? result.refused.map((r) => r.message).join("; ") : null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  /** Releases the open order's partner_rejected / out_of_stock / unroutable hold and routes it again. */
  const rerouteOne = async (): Promise<string | null> => {
    if (!openId) return null;
    try {
      const result = await api.rerouteOrders([openId]);
      refreshAll(new Set([openId]));
      return result.refused.length > 0 ? result.refused.map((r) => r.message).join("; ") : null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  /** Records one of the open order's partner shipments shipped with this parcel, entered by hand. */
  const confirmShipmentOne = async (shipment: string, carrier: string, tracking: string): Promise<string | null> => {
    if (!openId) return null;
    try {
      await api.confirmShipment(shipment, carrier, tracking);
      refreshAll(new Set([openId]));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  useQueueKeys({
    move: (delta) => {
      if (rowIds.length === 0) return;
      const next = Math.max(0, Math.min(rowIds.length - 1, (focusedIndex < 0 ? (delta > 0 ? -1 : 0) : focusedIndex) + delta));
      setFocusedId(rowIds[next]);
      // While triaging with the panel open, the panel follows the cursor.
      if (openId) setOpenId(rowIds[next]);
    },
    open: () => {
      if (focusedIndex >= 0) open(rowIds[focusedIndex]);
    },
    toggle: (rangeSelect) => {
      if (focusedIndex >= 0) selection.toggle(rowIds[focusedIndex], rangeSelect);
    },
    focusSearch: keys.focusSearch,
    escape: () => {
      if (openId) setOpenId(null);
      else if (selection.selected.size > 0) selection.clear();
      else if (outcome) setOutcome(null);
      else keys.escape?.();
    },
    tab: keys.tab,
  });

  const bulk: BulkBarProps = {
    count: selection.selected.size,
    loadedCount: rowIds.length,
    onRun: runBulk,
    onRerun: rerunBulk,
    onReroute: rerouteBulk,
    onSelectAll: () => selection.setAll(rowIds),
    onClear: selection.clear,
  };
  const list: OrderListState = {
    rows: pages.rows,
    hasMore: pages.hasMore,
    loading: pages.loading,
    loaded: pages.loaded,
    loadMore: pages.loadMore,
    focusedIndex,
    selected: selection.selected,
    openId,
    now,
    onToggle: selection.toggle,
    onToggleAll: () => (selection.selected.size === rowIds.length ? selection.clear() : selection.setAll(rowIds)),
    onOpen: open,
    onRange,
  };

  return {
    openId,
    closeDetail: () => setOpenId(null),
    /** Forget the keyboard focus (the list shows other orders now). */
    clearFocus: () => setFocusedId(null),
    detail,
    names,
    rowIds,
    selection,
    outcome,
    dismissOutcome: () => setOutcome(null),
    bulkDone,
    runOne,
    rerunOne,
    rerouteOne,
    confirmShipmentOne,
    /** Carriers the workspace knows (suggested where a carrier is typed). */
    carriers: facets.carriers,
    /** The props of the bulk bar. */
    bulk,
    /** The props of the order list. */
    list,
  };
}

export type OrderListPage = ReturnType<typeof useOrderListPage>;
