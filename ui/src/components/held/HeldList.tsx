// The held orders, most urgent first, virtualised like the queue: only rows on screen exist, the
// next keyset page comes as the end nears, and the rows in view are reported for their hold info.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type ReactNode } from "react";
import type { OrderSummary } from "../../bindings";
import { HeldRow } from "./HeldRow";
import type { HoldInfo } from "./useHoldInfo";

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 30;
const PREFETCH_ROWS = 40;

type Props = {
  rows: OrderSummary[];
  hasMore: boolean;
  loading: boolean;
  loaded: boolean;
  loadMore: () => void;
  info: (id: string) => HoldInfo | null | undefined;
  focusedIndex: number;
  selected: ReadonlySet<string>;
  openId: string | null;
  now: Date;
  onToggle: (id: string, range: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  onRange: (first: number, last: number) => void;
  empty: ReactNode;
};

export function HeldList(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = p.rows.length + (p.hasMore && p.loaded ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
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
    if (loaded && hasMore && !loading && last >= rows.length - PREFETCH_ROWS) loadMore();
  }, [first, last, hasMore, loading, loaded, rows.length, onRange, loadMore]);

  useEffect(() => {
    if (p.focusedIndex >= 0) virtualizer.scrollToIndex(p.focusedIndex, { align: "auto" });
  }, [p.focusedIndex, virtualizer]);

  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));
  const someSelected = p.selected.size > 0 && !allSelected;

  return (
    <div className="list held-list" role="grid" aria-rowcount={p.hasMore ? -1 : p.rows.length + 1} aria-label="Held orders">
      <div className="list-body" ref={scrollRef} data-testid="held-list">
        <div className="row row-head held-row" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell cell-check">
            <input
              type="checkbox"
              data-testid="held-select-all"
              aria-label="Select all loaded held orders"
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
          <div role="columnheader" className="cell cell-reason">Reason</div>
          <div role="columnheader" className="cell cell-age" title="How long the order has been held">Held</div>
          <div role="columnheader" className="cell cell-sla" title="Time left before the ship-by date">Ship-by</div>
          <div role="columnheader" className="cell cell-why">Why</div>
        </div>
        {!p.loaded ? (
          <div className="skeleton" aria-busy="true" aria-label="Loading held orders">
            {Array.from({ length: 10 }, (_, i) => (
              <div key={i} className="skeleton-row" style={{ opacity: 1 - i * 0.08 }} />
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
                    <span className="spinner" aria-hidden /> Loading more held orders…
                  </div>
                );
              }
              return (
                <HeldRow
                  key={v.key}
                  order={o}
                  info={p.info(o.id)}
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
