// Why the order is held, by whom (the rule's name when a rule held it), since when, and when it
// releases itself.
import type { ReactNode } from "react";
import type { Hold } from "../../bindings";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import { humanActor } from "../../format/actor";
import { fullDateTime, placedLabel } from "../../format/dates";

type Props = {
  hold: Hold;
  now: Date;
  owned?: ReactNode;
  /** The name of the rule that placed the hold, when a rule did (from the order's rules run). */
  ruleName?: string | null;
};

export function HoldBanner({ hold, now, owned, ruleName }: Props) {
  return (
    <div className="banner banner-hold" data-testid="hold-banner">
      <div className="banner-body">
        <strong>
          On hold · {HOLD_REASON_LABEL[hold.reason]} {owned}
        </strong>
        {hold.note && <p className="hold-note">{hold.note}</p>}
        <p className="muted small">
          Placed by {ruleName ? <>rule “{ruleName}”</> : humanActor(hold.placed_by)} <span title={fullDateTime(hold.placed_at)}>{placedLabel(hold.placed_at, now)}</span>
          {hold.release_at && <> · releases automatically {fullDateTime(hold.release_at)}</>}
        </p>
      </div>
    </div>
  );
}
