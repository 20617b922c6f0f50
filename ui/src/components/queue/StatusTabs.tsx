// "All" plus one tab per status, each with its live count; keys 1–8 pick them (see useQueueKeys).
import type { OrderStatus } from "../../bindings";
import { STATUSES, STATUS_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import type { Counts } from "../../hooks/useTabCounts";

type Props = {
  active: OrderStatus | null;
  counts: Counts | null;
  all: number | null;
  onSelect: (status: OrderStatus | null) => void;
};

export function StatusTabs({ active, counts, all, onSelect }: Props) {
  const tabs: { key: OrderStatus | null; label: string; count: number | null }[] = [
    { key: null, label: "All", count: all },
    ...STATUSES.map((s) => ({ key: s, label: STATUS_LABEL[s], count: counts ? (counts[s] ?? 0) : null })),
  ];
  return (
    <div className="tabs" role="tablist" aria-label="Order status">
      {tabs.map((t, i) => {
        const selected = t.key === active;
        return (
          <button
            key={t.key ?? "all"}
            type="button"
            role="tab"
            aria-selected={selected}
            className={`tab ${selected ? "is-active" : ""} ${t.key ? `tab-${t.key}` : ""}`}
            data-testid={`queue-tab-${t.key ?? "all"}`}
            title={`${t.label} (press ${i + 1})`}
            onClick={() => onSelect(t.key)}
          >
            <span className="tab-label">{t.label}</span>
            <span className="tab-count" data-testid="tab-count" data-count={t.count ?? ""}>
              {t.count === null ? "–" : formatCount(t.count)}
            </span>
          </button>
        );
      })}
    </div>
  );
}
