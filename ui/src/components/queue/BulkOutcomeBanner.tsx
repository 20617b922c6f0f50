// "12 held, 2 refused", with each refusal's order and reason, so nobody has to guess which
// orders still need attention.
import type { BulkOutcome, ManualAction } from "../../bindings";
import { formatCount } from "../../format/numbers";

/** A manual action, or one of the bulk operations that are not one (re-running the rules, re-routing, setting a release time). */
export type BulkKind = ManualAction["action"] | "rerun_rules" | "reroute" | "release_at";

const DONE: Record<BulkKind, string> = {
  hold: "held",
  release: "released",
  cancel: "cancelled",
  edit_ship_to: "updated",
  add_tag: "tagged",
  remove_tag: "untagged",
  add_note: "noted",
  ship: "shipped",
  rerun_rules: "re-run",
  reroute: "re-routed",
  release_at: "set to release",
};

export function outcomeSummary(action: BulkKind, o: BulkOutcome): string {
  const parts = [`${formatCount(o.applied.length)} ${DONE[action]}`];
  if (o.refused.length > 0) parts.push(`${formatCount(o.refused.length)} refused`);
  return parts.join(", ");
}

type Props = { action: BulkKind; outcome: BulkOutcome; onDismiss: () => void };

export function BulkOutcomeBanner({ action, outcome, onDismiss }: Props) {
  const refused = outcome.refused.length > 0;
  return (
    <div className={`banner ${refused ? "banner-warn" : "banner-ok"}`} role="status" data-testid="bulk-outcome">
      <div className="banner-body">
        <strong data-testid="bulk-outcome-summary">{outcomeSummary(action, outcome)}</strong>
        {refused && (
          <ul className="refusals">
            {outcome.refused.map((r) => (
              <li key={r.id} data-testid="bulk-refusal">
                <span className="refusal-number">{r.number}</span> {r.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
