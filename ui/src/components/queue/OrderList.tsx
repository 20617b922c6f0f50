// The virtualised queue: only the rows on screen exist in the DOM, and the next keyset page is
// requested as the user nears the end of what is loaded, so a million orders scroll like fifty.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { OrderSummary } from "../../bindings";
import { EmptyState } from "../common/EmptyState";
import { OrderRow } from "./OrderRow";

const ROW_HEIGHT = 36;
/** The column header sticks inside the scroller so it always lines up with the rows. */
const HEADER_HEIGHT = 30;
/** Ask for the next page when this few loaded rows remain below the viewport. */
const PREFETCH_ROWS = 40;

type Props = {
  rows: OrderSummary[];
  hasMore: boolean;
  loading: boolean;
  loaded: boolean;
  loadMore: () => void;
  focusedIndex: number;
  selected: ReadonlySet<string>;
  openId: string | null;
  now: Date;
  onToggle: (id: string, range: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  onRange: (first: number, last: number) => void;
  emptyTitle: string;
  emptyHint: string;
  /** The status tab, so narrow layouts can keep the column that matters there (hold reason). */
  tab: string;
};

export function OrderList(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = p.rows.length + (p.hasMore && p.loaded ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (i) => p.rows[i]?.id ?? "loader",
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length > 0 ? items[0].index : 0;
  const last = items.length > 0 ? items[items.length - 1].index : 0;

  const { onRange, loadMore, hasMore, loading, loaded, rows } = p;
  useEffect(() => {
    onRange(first, last);
    // The first page is the pager's own job; from then on, scrolling pulls the next one.
    if (loaded && hasMore && !loading && last >= rows.length - PREFETCH_ROWS) loadMore();
  }, [first, last, hasMore, loading, loaded, rows.length, onRange, loadMore]);

  // Keep the keyboard-focused row in view.
  useEffect(() => {
    if (p.focusedIndex >= 0) virtualizer.scrollToIndex(p.focusedIndex, { align: "auto" });
  }, [p.focusedIndex, virtualizer]);

  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));
  const someSelected = p.selected.size > 0 && !allSelected;

  return (
    <div className="list" data-tab={p.tab} role="grid" aria-rowcount={p.hasMore ? -1 : p.rows.length + 1} aria-label="Orders">
      <div className="list-body" ref={scrollRef} data-testid="order-list">
        <div className="row row-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell cell-check">
            <input
              type="checkbox"
              data-testid="select-all"
              aria-label="Select all loaded orders"
              checked={allSelected}
              ref={(el) => {
                if (el) el.indeterminate = someSelected;
              }}
              onChange={p.onToggleAll}
              disabled={p.rows.length === 0}
            />
          </div>
          <div role="columnheader" className="cell cell-number">Order</div>
          <div role="columnheader" className="cell cell-customer">Customer</div>
          <div role="columnheader" className="cell cell-dest">Destination</div>
          <div role="columnheader" className="cell cell-items num">Items</div>
          <div role="columnheader" className="cell cell-total num">Total</div>
          <div role="columnheader" className="cell cell-placed">Placed</div>
          <div role="columnheader" className="cell cell-shipby">Ship by</div>
          <div role="columnheader" className="cell cell-status">Status</div>
          <div role="columnheader" className="cell cell-hold">Hold</div>
          <div role="columnheader" className="cell cell-carrier">Carrier</div>
          <div role="columnheader" className="cell cell-tags">Tags</div>
        </div>
        {!p.loaded ? (
          <div className="skeleton" aria-busy="true" aria-label="Loading orders">
            {Array.from({ length: 12 }, (_, i) => (
              <div key={i} className="skeleton-row" style={{ opacity: 1 - i * 0.07 }} />
            ))}
          </div>
        ) : p.rows.length === 0 ? (
          <EmptyState title={p.emptyTitle} testId="queue-empty">
            {p.emptyHint}
          </EmptyState>
        ) : (
          <div className="list-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const o = p.rows[v.index];
              const style = { transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: v.size };
              if (!o) {
                return (
                  <div key={v.key} className="row row-loader" style={style} role="row">
                    <span className="spinner" aria-hidden /> Loading more orders…
                  </div>
                );
              }
              return (
                <OrderRow
                  key={v.key}
                  order={o}
                  index={v.index}
                  style={style}
                  focused={v.index === p.focusedIndex}
                  selected={p.selected.has(o.id)}
                  open={o.id === p.openId}
                  now={p.now}
                  onToggle={p.onToggle}
                  onOpen={p.onOpen}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
