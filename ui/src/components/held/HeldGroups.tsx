// One card per hold reason with its count, urgency and oldest hold; choosing one filters the
// list (keys 1–9 choose them too, 1 being "All held").
import type { HeldOverview, HoldReason } from "../../bindings";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import { heldFor } from "./sla";

type Props = { overview: HeldOverview; active: HoldReason | null; now: Date; onSelect: (reason: HoldReason | null) => void };

type Card = { key: HoldReason | null; label: string; count: number; overdue: number; dueToday: number; oldest: string | null };

export function HeldGroups({ overview, active, now, onSelect }: Props) {
  const oldestOfAll = overview.groups.reduce<string | null>((o, g) => (g.oldest_held_at && (!o || g.oldest_held_at < o) ? g.oldest_held_at : o), null);
  const cards: Card[] = [
    { key: null, label: "All held", count: overview.total, overdue: overview.overdue, dueToday: overview.due_today, oldest: oldestOfAll },
    ...overview.groups.map((g) => ({
      key: g.reason,
      label: HOLD_REASON_LABEL[g.reason],
      count: g.count,
      overdue: g.overdue,
      dueToday: g.due_today,
      oldest: g.oldest_held_at,
    })),
  ];
  return (
    <div className="held-groups" role="group" aria-label="Hold reasons">
      {cards.map((c, i) => {
        const pressed = c.key === active;
        return (
          <button
            key={c.key ?? "all"}
            type="button"
            className={`held-group ${pressed ? "is-active" : ""} ${c.key ? `reason-${c.key}` : "is-all"}`}
            aria-pressed={pressed}
            data-testid={`held-group-${c.key ?? "all"}`}
            title={i < 9 ? `${c.label} (press ${i + 1})` : c.label}
            onClick={() => onSelect(c.key)}
          >
            <span className="held-group-top">
              <span className="held-group-label">{c.label}</span>
              <span className="held-group-count" data-testid="held-group-count">
                {formatCount(c.count)}
              </span>
            </span>
            <span className="held-group-badges">
              {c.overdue > 0 && (
                <span className="sla-badge sla-overdue" data-testid="held-group-overdue">
                  {formatCount(c.overdue)} overdue
                </span>
              )}
              {c.dueToday > 0 && (
                <span className="sla-badge sla-soon" data-testid="held-group-due-today">
                  {formatCount(c.dueToday)} due today
                </span>
              )}
              {c.oldest && <span className="held-group-age">oldest {heldFor(c.oldest, now)}</span>}
            </span>
          </button>
        );
      })}
    </div>
  );
}
