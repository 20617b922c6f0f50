// Search, the filter pickers (fed by facets) and the sort, in one compact row.
import type { RefObject } from "react";
import type { Facets, HoldReason, SortKey } from "../../bindings";
import { HOLD_REASONS, HOLD_REASON_LABEL, LOCATION_KIND_LABEL, SORT_LABEL } from "../../domain/labels";
import { DateRangePicker } from "./DateRangePicker";
import { hasFilters, NO_FILTERS, type QueueFilters } from "./filters";
import { Picker } from "./Picker";

type Props = {
  facets: Facets;
  filters: QueueFilters;
  onFilters: (f: QueueFilters) => void;
  search: string;
  onSearch: (s: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  sort: SortKey;
  descending: boolean;
  onSort: (sort: SortKey, descending: boolean) => void;
};

const SORTS: SortKey[] = ["placed_at", "ship_by", "total"];

export function FilterBar(p: Props) {
  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => p.onFilters({ ...p.filters, [key]: value });
  const f = p.facets;
  return (
    <div className="filterbar">
      <div className="search">
        <svg className="search-icon" viewBox="0 0 16 16" aria-hidden>
          <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <input
          ref={p.searchRef}
          type="search"
          data-testid="search-input"
          placeholder="Search orders, customers, SKUs"
          aria-label="Search orders"
          value={p.search}
          onChange={(e) => p.onSearch(e.target.value)}
        />
        {p.search === "" && <kbd className="search-hint">/</kbd>}
      </div>
      <Picker
        label="Channel"
        testId="filter-channel"
        value={p.filters.channel_id}
        options={f.channels.map((c) => ({ value: c.id, label: c.name }))}
        onChange={(v) => set("channel_id", v)}
      />
      <Picker
        label="Location"
        testId="filter-location"
        value={p.filters.location_id}
        options={f.locations.map((l) => ({ value: l.id, label: `${l.name} · ${LOCATION_KIND_LABEL[l.kind]}` }))}
        onChange={(v) => set("location_id", v)}
      />
      <Picker
        label="Hold"
        testId="filter-hold-reason"
        value={p.filters.hold_reason}
        options={HOLD_REASONS.map((r) => ({ value: r, label: HOLD_REASON_LABEL[r] }))}
        onChange={(v) => set("hold_reason", v as HoldReason | null)}
      />
      <Picker label="Tag" testId="filter-tag" value={p.filters.tag} options={f.tags.map((t) => ({ value: t, label: t }))} onChange={(v) => set("tag", v)} />
      <Picker
        label="Carrier"
        testId="filter-carrier"
        value={p.filters.carrier}
        options={f.carriers.map((c) => ({ value: c, label: c }))}
        onChange={(v) => set("carrier", v)}
      />
      <DateRangePicker
        from={p.filters.placed_from}
        to={p.filters.placed_to}
        onChange={(from, to) => p.onFilters({ ...p.filters, placed_from: from, placed_to: to })}
      />
      {hasFilters(p.filters) && (
        <button type="button" className="button ghost small" data-testid="filters-clear" onClick={() => p.onFilters(NO_FILTERS)}>
          Clear filters
        </button>
      )}
      <div className="filterbar-end">
        <Picker
          label="Sort"
          testId="sort-key"
          value={p.sort}
          options={SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] }))}
          onChange={(v) => p.onSort((v ?? "placed_at") as SortKey, p.descending)}
          required
        />
        <button
          type="button"
          className="icon-button sort-dir"
          data-testid="sort-direction"
          aria-label={p.descending ? "Descending (click for ascending)" : "Ascending (click for descending)"}
          title={p.descending ? "Newest / largest first" : "Oldest / smallest first"}
          onClick={() => p.onSort(p.sort, !p.descending)}
        >
          {p.descending ? "↓" : "↑"}
        </button>
      </div>
    </div>
  );
}
