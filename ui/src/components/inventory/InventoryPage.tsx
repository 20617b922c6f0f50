// Inventory: stock per SKU at every location and what each channel may sell, low stock first;
// adjusting one SKU by hand (with a reason) or setting a count, importing counts from a file, and
// the latest adjustments. Orders waiting for stock that a change brings in are routed by the
// backend; the notice after a change names them.
import { useEffect, useRef, useState } from "react";
import { api, isFatal } from "../../api";
import type { CountImport, StockChange } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { useDebounced } from "../../hooks/useDebounced";
import { useNow } from "../../hooks/useNow";
import { EmptyState, Spinner } from "../common/EmptyState";
import type { Submit } from "../forms/useSubmit";
import { useReportError } from "../shell/errors";
import { ImportCountsPanel } from "./ImportCountsPanel";
import { InventoryTiles } from "./InventoryTiles";
import { RecentAdjustments } from "./RecentAdjustments";
import { StockNotice, type StockNoticeValue } from "./StockNotice";
import { lowFirst, StockTable } from "./StockTable";
import { changeHeadline, locationNames, withLocationNames } from "./stockWords";
import { useInventory } from "./useInventory";
import "../../styles/sync.css";
import "../../styles/stock.css";
import { NotLoaded } from "../common/NotLoaded";

const SEARCH_DEBOUNCE_MS = 200;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function InventoryPage() {
  const report = useReportError();
  const now = useNow();
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText, SEARCH_DEBOUNCE_MS);
  const [lowOnly, setLowOnly] = useState(false);
  const { view, failed, refresh } = useInventory(search, lowOnly, report);
  const [adjusting, setAdjusting] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<StockNoticeValue | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // "/" searches, as in the queue.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const names = locationNames(view?.locations ?? []);

  /** Resolves to null when the change was made, or to why not (the form shows it and stays open). */
  const change: Submit<StockChange> = async (c) => {
    try {
      const outcome = await api.changeStock([c]);
      setNotice({ headline: changeHeadline(c, outcome, names), outcome });
      refresh();
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return withLocationNames(message(err), names);
    }
  };

  const imported = (result: CountImport) => {
    if (!result.outcome) return;
    const changed = result.outcome.changed_rows;
    setImporting(false);
    setNotice({
      headline: `Imported ${formatCount(result.rows)} count${result.rows === 1 ? "" : "s"}: ${
        changed === 0 ? "every shelf already matched" : `${formatCount(changed)} stock row${changed === 1 ? "" : "s"} changed`
      }.`,
      outcome: result.outcome,
    });
    refresh();
  };

  const rows = view ? lowFirst(view.rows) : [];
  const filtered = search.trim() !== "" || lowOnly;

  return (
    <div className="sync-page inventory-page" data-testid="inventory-page">
      <header className="sync-head">
        <div className="sync-title">
          <h1>Inventory</h1>
          {view && (
            <span className="muted" data-testid="inventory-summary">
              {formatCount(view.locations.length)} location{view.locations.length === 1 ? "" : "s"} · {formatCount(view.channels.length)} channel
              {view.channels.length === 1 ? "" : "s"} fed
            </span>
          )}
        </div>
        {!importing && (
          <button type="button" className="button small" data-testid="import-counts-open" disabled={!view} onClick={() => setImporting(true)}>
            Import counts…
          </button>
        )}
      </header>

      <div className="sync-body">
        <InventoryTiles view={view} />

        {notice && <StockNotice notice={notice} names={names} onDismiss={() => setNotice(null)} />}

        {importing && view && (
          <section className="sync-panel" aria-label="Import counts">
            <h2>Import counts</h2>
            <ImportCountsPanel locations={view.locations} onImported={imported} onCancel={() => setImporting(false)} />
          </section>
        )}

        <section className="stock-section" aria-label="Stock by SKU">
          <div className="stock-toolbar">
            <div className="search">
              <svg className="search-icon" viewBox="0 0 16 16" aria-hidden>
                <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
                <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
              </svg>
              <input
                ref={searchRef}
                type="search"
                data-testid="inventory-search"
                placeholder="Search SKUs and products"
                aria-label="Search SKUs and products"
                value={searchText}
                onChange={(e) => setSearchText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Escape" && searchText) {
                    e.stopPropagation();
                    setSearchText("");
                  }
                }}
              />
              {searchText === "" && <kbd className="search-hint">/</kbd>}
            </div>
            <label className="toggle">
              <input type="checkbox" data-testid="low-only" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} />
              Low stock only
            </label>
            <span className="spacer" />
            {view && (
              <span className="muted small" data-testid="inventory-count">
                {view.rows.length < view.matching
                  ? `Showing ${formatCount(view.rows.length)} of ${formatCount(view.matching)} matching SKUs; search to narrow`
                  : `${formatCount(view.matching)} SKU${view.matching === 1 ? "" : "s"}`}
              </span>
            )}
          </div>
          {view && rows.length > 0 && (
            <p className="stock-legend muted small">
              Each location shows units available; under it, <em>on hand/reserved</em> where orders hold some. Hover a number for all three.
            </p>
          )}

          <NotLoaded
            loaded={view !== null}
            failed={failed}
            loading="Loading inventory"
            failedTitle="Inventory could not be read"
            testId="inventory-failed"
            onRetry={refresh}
          />
          {view && rows.length === 0 && (
            <EmptyState title={filtered ? "No SKUs match" : "No stock yet"} testId="inventory-empty">
              {filtered
                ? lowOnly && search.trim() === ""
                  ? "Nothing is at or below its low-stock level."
                  : "Try fewer words, or turn off “Low stock only”."
                : "Import counts from a file, or let a partner's stock report fill it in."}
            </EmptyState>
          )}
          {view && rows.length > 0 && (
            <StockTable rows={rows} locations={view.locations} channels={view.channels} adjusting={adjusting} onAdjust={setAdjusting} onChange={change} />
          )}
        </section>

        {view && <RecentAdjustments adjustments={view.adjustments} now={now} />}
      </div>
    </div>
  );
}
