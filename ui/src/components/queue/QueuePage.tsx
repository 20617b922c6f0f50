// The unified order queue: status tabs, filters, the virtualised list, bulk actions and the
// detail panel, kept fresh by the backend's change events.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, isFatal } from "../../api";
import type { Facets, ManualAction, OrderStatus, SortKey } from "../../bindings";
import { STATUSES, STATUS_LABEL } from "../../domain/labels";
import type { NameBook } from "../../format/events";
import { useDebounced } from "../../hooks/useDebounced";
import { useNow } from "../../hooks/useNow";
import { useOrderDetail } from "../../hooks/useOrderDetail";
import { useOrderPages } from "../../hooks/useOrderPages";
import { useOrdersChanged } from "../../hooks/useOrdersChanged";
import { useQueueKeys } from "../../hooks/useQueueKeys";
import { useSelection } from "../../hooks/useSelection";
import { useTabCounts } from "../../hooks/useTabCounts";
import { OrderDetailPanel } from "../detail/OrderDetailPanel";
import type { Submit } from "../forms/useSubmit";
import { useReportError } from "../shell/errors";
import { BulkBar } from "./BulkBar";
import { BulkOutcomeBanner, type BulkKind } from "./BulkOutcomeBanner";
import { FilterBar } from "./FilterBar";
import { hasFilters, NO_FILTERS, toOrderFilter, type QueueFilters } from "./filters";
import { OrderList } from "./OrderList";
import { StatusTabs } from "./StatusTabs";

export const SEARCH_DEBOUNCE_MS = 200;

type Outcome = { action: BulkKind; outcome: Awaited<ReturnType<typeof api.applyAction>> };

function refusalMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function QueuePage({ facets }: { facets: Facets }) {
  const report = useReportError();
  const now = useNow();
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText, SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "placed_at", descending: true });
  const [openId, setOpenId] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const range = useRef({ first: 0, last: 0 });
  const lastFocusIndex = useRef(-1);

  const filter = useMemo(() => toOrderFilter(status, filters, search), [status, filters, search]);
  const pages = useOrderPages(filter, sort.key, sort.descending, report);
  const tabs = useTabCounts(filter, report);
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
  if (focusedId && focusedIndex < 0 && lastFocusIndex.current >= 0 && rowIds.length > 0) {
    focusedIndex = Math.min(lastFocusIndex.current, rowIds.length - 1);
  }
  lastFocusIndex.current = focusedIndex;

  const names = useMemo<NameBook>(() => {
    const channels = new Map(facets.channels.map((c) => [c.id, c.name]));
    const locations = new Map(facets.locations.map((l) => [l.id, l.name]));
    return { channelName: (id) => channels.get(id) ?? id, locationName: (id) => locations.get(id) ?? id };
  }, [facets]);

  const refreshAll = useCallback(
    (changed: ReadonlySet<string> | null) => {
      tabs.refresh();
      void pages.refreshWindow(range.current.first, range.current.last);
      if (openId && (changed === null || changed.has(openId))) detail.reload();
    },
    [tabs, pages, openId, detail],
  );
  useOrdersChanged((ids) => refreshAll(ids));

  const onRange = useCallback((first: number, last: number) => {
    range.current = { first, last };
  }, []);

  const open = useCallback((id: string) => {
    setOpenId(id);
    setFocusedId(id);
  }, []);

  const runBulk: Submit<ManualAction> = async (action) => {
    const ids = [...selection.selected];
    try {
      const result = await api.applyAction(ids, action);
      setOutcome({ action: action.action, outcome: result });
      selection.remove(result.applied);
      refreshAll(new Set(ids));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return refusalMessage(err);
    }
  };

  const rerunBulk = async () => {
    const ids = [...selection.selected];
    try {
      const result = await api.rerunRules(ids);
      setOutcome({ action: "rerun_rules", outcome: result });
      selection.remove(result.applied);
      refreshAll(new Set(ids));
    } catch (err) {
      report(err);
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
      return refusalMessage(err);
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
      return refusalMessage(err);
    }
  };

  const switchTab = (s: OrderStatus | null) => {
    setStatus(s);
    setFocusedId(null);
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
    focusSearch: () => searchRef.current?.focus(),
    escape: () => {
      if (openId) setOpenId(null);
      else if (selection.selected.size > 0) selection.clear();
      else if (outcome) setOutcome(null);
      else if (searchText) setSearchText("");
    },
    tab: (i) => {
      if (i === 0) switchTab(null);
      else if (STATUSES[i - 1]) switchTab(STATUSES[i - 1]);
    },
  });

  const filtered = hasFilters(filters) || search.trim() !== "";
  const emptyTitle = filtered ? "No orders match" : status ? `Nothing ${STATUS_LABEL[status].toLowerCase()}` : "No orders yet";
  const emptyHint = filtered
    ? "Try fewer filters or a different search."
    : status
      ? "Orders appear here as soon as one reaches this status."
      : "Orders appear here as soon as a channel delivers them.";

  return (
    <div className={`queue ${openId ? "has-detail" : ""}`}>
      <div className="queue-main">
        <header className="page-head">
          <h1>Orders</h1>
          <StatusTabs active={status} counts={tabs.counts} all={tabs.all} onSelect={switchTab} />
        </header>
        {selection.selected.size > 0 ? (
          <BulkBar
            count={selection.selected.size}
            loadedCount={rowIds.length}
            onRun={runBulk}
            onRerun={rerunBulk}
            onSelectAll={() => selection.setAll(rowIds)}
            onClear={selection.clear}
          />
        ) : (
          <FilterBar
            facets={facets}
            filters={filters}
            onFilters={setFilters}
            search={searchText}
            onSearch={setSearchText}
            searchRef={searchRef}
            sort={sort.key}
            descending={sort.descending}
            onSort={(key, descending) => setSort({ key, descending })}
          />
        )}
        {outcome && <BulkOutcomeBanner action={outcome.action} outcome={outcome.outcome} onDismiss={() => setOutcome(null)} />}
        <OrderList
          rows={pages.rows}
          hasMore={pages.hasMore}
          loading={pages.loading}
          loaded={pages.loaded}
          loadMore={pages.loadMore}
          focusedIndex={focusedIndex}
          selected={selection.selected}
          openId={openId}
          now={now}
          onToggle={selection.toggle}
          onToggleAll={() => (selection.selected.size === rowIds.length ? selection.clear() : selection.setAll(rowIds))}
          onOpen={open}
          onRange={onRange}
          emptyTitle={emptyTitle}
          emptyHint={emptyHint}
          tab={status ?? "all"}
        />
      </div>
      {openId && (
        <OrderDetailPanel detail={detail.detail} loading={detail.loading} names={names} now={now} onClose={() => setOpenId(null)} onRun={runOne} onRerun={rerunOne} />
      )}
    </div>
  );
}
