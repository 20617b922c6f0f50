// The unified order queue: status tabs, filters, the virtualised list, bulk actions and the
// detail panel, kept fresh by the backend's change events. A link to `#orders/<id>` (from the
// outbox) opens that order's detail.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Facets, OrderStatus, SortKey } from "../../bindings";
import { STATUSES, STATUS_LABEL } from "../../domain/labels";
import { useDebounced } from "../../hooks/useDebounced";
import { useNow } from "../../hooks/useNow";
import { useOrderPages } from "../../hooks/useOrderPages";
import { useLinkedOrder } from "../../hooks/useRoute";
import { useTabCounts } from "../../hooks/useTabCounts";
import { OrderListLayout } from "../orderlist/OrderListLayout";
import { useOrderListPage } from "../orderlist/useOrderListPage";
import { useReportError } from "../shell/errors";
import { BulkBar } from "./BulkBar";
import { FilterBar } from "./FilterBar";
import { hasFilters, NO_FILTERS, toOrderFilter, type QueueFilters } from "./filters";
import { OrderList } from "./OrderList";
import { StatusTabs } from "./StatusTabs";

export const SEARCH_DEBOUNCE_MS = 200;

export function QueuePage({ facets }: { facets: Facets }) {
  const report = useReportError();
  const now = useNow();
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText, SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "placed_at", descending: true });
  const searchRef = useRef<HTMLInputElement>(null);
  const range = useRef({ first: 0, last: 0 });

  const filter = useMemo(() => toOrderFilter(status, filters, search), [status, filters, search]);
  const pages = useOrderPages(filter, sort.key, sort.descending, report);
  const tabs = useTabCounts(filter, report);

  const refreshList = useCallback(() => {
    tabs.refresh();
    void pages.refreshWindow(range.current.first, range.current.last);
  }, [tabs, pages]);

  const onRange = useCallback((first: number, last: number) => {
    range.current = { first, last };
  }, []);

  const switchTab = (s: OrderStatus | null) => {
    setStatus(s);
    page.clearFocus();
  };

  const page = useOrderListPage({
    pages,
    facets,
    report,
    now,
    refreshList,
    onRange,
    stickyFocus: true,
    keys: {
      focusSearch: () => searchRef.current?.focus(),
      escape: () => {
        if (searchText) setSearchText("");
      },
      tab: (i) => {
        if (i === 0) switchTab(null);
        else if (STATUSES[i - 1]) switchTab(STATUSES[i - 1]);
      },
    },
  });

  const linked = useLinkedOrder();
  const { onOpen } = page.list;
  useEffect(() => {
    if (linked) onOpen(linked);
  }, [linked, onOpen]);

  const filtered = hasFilters(filters) || search.trim() !== "";
  const emptyTitle = filtered ? "No orders match" : status ? `Nothing ${STATUS_LABEL[status].toLowerCase()}` : "No orders yet";
  const emptyHint = filtered
    ? "Try fewer filters or a different search."
    : status
      ? "Orders appear here as soon as one reaches this status."
      : "Orders appear here as soon as a channel delivers them.";

  return (
    <OrderListLayout
      page={page}
      now={now}
      name="queue"
      head={
        <header className="page-head">
          <h1>Orders</h1>
          <StatusTabs active={status} counts={tabs.counts} all={tabs.all} onSelect={switchTab} />
        </header>
      }
      bar={
        page.selection.selected.size > 0 ? (
          <BulkBar {...page.bulk} />
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
        )
      }
    >
      <OrderList {...page.list} emptyTitle={emptyTitle} emptyHint={emptyHint} tab={status ?? "all"} />
    </OrderListLayout>
  );
}
