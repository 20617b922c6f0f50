// The virtualised list of orders the queue and the held view share: only the rows on screen exist
// in the DOM, the next keyset page is requested as the user nears the end of what is loaded (so a
// million orders scroll like fifty), the keyboard-focused row is kept in view, and the header's
// checkbox selects every loaded row. The screen supplies its columns and how to draw a row.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type ReactNode } from "react";
import type { OrderSummary } from "../../bindings";
import type { OrderRowProps } from "./OrderRowFrame";

const ROW_HEIGHT = 36;
/** The column header sticks inside the scroller so it always lines up with the rows. */
const HEADER_HEIGHT = 30;
/** Ask for the next page when this few loaded rows remain below the viewport. */
const PREFETCH_ROWS = 40;

/** What a page knows about its list: the rows loaded, focus, selection, the open order, and what
 *  the list tells it (toggles, opening, the rows in view). */
export type OrderListState = {
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
};

type Props = OrderListState & {
  overscan: number;
  /** Extra classes of the list and of its header row. */
  className?: string;
  headClassName?: string;
  /** `data-tab` of the list, for layouts that depend on the status tab. */
  tab?: string;
  label: string;
  testId: string;
  selectAllTestId: string;
  selectAllLabel: string;
  /** The column headers after the checkbox. */
  columns: ReactNode;
  skeleton: { rows: number; fade: number; label: string };
  loaderText: string;
  empty: ReactNode;
  /** Draws one row; `key` goes on its element. */
  renderRow: (key: string | number | bigint, row: OrderRowProps) => ReactNode;
};

export function VirtualOrderList(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = p.rows.length + (p.hasMore && p.loaded ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: p.overscan,
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
    <div
      className={p.className ? `list ${p.className}` : "list"}
      data-tab={p.tab}
      role="grid"
      aria-rowcount={p.hasMore ? -1 : p.rows.length + 1}
      aria-label={p.label}
    >
      <div className="list-body" ref={scrollRef} data-testid={p.testId}>
        <div className={p.headClassName ? `row row-head ${p.headClassName}` : "row row-head"} role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell cell-check">
            <input
              type="checkbox"
              data-testid={p.selectAllTestId}
              aria-label={p.selectAllLabel}
              checked={allSelected}
              ref={(el) => {
                if (el) el.indeterminate = someSelected;
              }}
              onChange={p.onToggleAll}
              disabled={p.rows.length === 0}
            />
          </div>
          {p.columns}
        </div>
        {!p.loaded ? (
          <div className="skeleton" aria-busy="true" aria-label={p.skeleton.label}>
            {Array.from({ length: p.skeleton.rows }, (_, i) => (
              <div key={i} className="skeleton-row" style={{ opacity: 1 - i * p.skeleton.fade }} />
            ))}
          </div>
        ) : p.rows.length === 0 ? (
          p.empty
        ) : (
          <div className="list-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const o = p.rows[v.index];
              const style = { transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: v.size };
              if (!o) {
                return (
                  <div key={v.key} className="row row-loader" style={style} role="row">
                    <span className="spinner" aria-hidden /> {p.loaderText}
                  </div>
                );
              }
              return p.renderRow(v.key, {
                order: o,
                index: v.index,
                style,
                focused: v.index === p.focusedIndex,
                selected: p.selected.has(o.id),
                open: o.id === p.openId,
                now: p.now,
                onToggle: p.onToggle,
                onOpen: p.onOpen,
              });
            })}
          </div>
        )}
      </div>
    </div>
  );
}
