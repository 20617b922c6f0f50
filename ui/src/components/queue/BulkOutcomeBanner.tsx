// "12 held, 2 refused", with each refusal's order and reason, so nobody has to guess which
// orders still need attention.
import type { BulkOutcome, ManualAction } from "../../bindings";
import { formatCount } from "../../format/numbers";

const DONE: Record<ManualAction["action"], string> = {
  hold: "held",
  release: "released",
  cancel: "cancelled",
  edit_ship_to: "updated",
  add_tag: "tagged",
  remove_tag: "untagged",
  add_note: "noted",
  ship: "shipped",
};

export function outcomeSummary(action: ManualAction["action"], o: BulkOutcome): string {
  const parts = [`${formatCount(o.applied.length)} ${DONE[action]}`];
  if (o.refused.length > 0) parts.push(`${formatCount(o.refused.length)} refused`);
  return parts.join(", ");
}

type Props = { action: ManualAction["action"]; outcome: BulkOutcome; onDismiss: () => void };

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
