// A test on an order, read: the decision (each value with the rule that decided it), what would
// change on the order, and the full trace. The decision and the trace are drawn by the same
// components as the order detail's "Why" section, so both screens tell the story the same way.
import { useMemo } from "react";
import type { Facets, RuleTest } from "../../bindings";
import type { NameBook } from "../../format/events";
import { fullDateTime } from "../../format/dates";
import { DecisionSummary } from "../detail/DecisionSummary";
import { TraceView as RulesTrace } from "../detail/TraceView";
import { ChangeList } from "./ChangeList";

type Props = { test: RuleTest; facets: Facets; currency: string };

export function TraceView({ test, facets, currency }: Props) {
  const names: NameBook = useMemo(
    () => ({
      channelName: (id) => facets.channels.find((c) => c.id === id)?.name ?? id,
      locationName: (id) => facets.locations.find((l) => l.id === id)?.name ?? id,
    }),
    [facets],
  );
  return (
    <div className="trace" data-testid="trace-view">
      <section className="trace-part">
        <h4>Decision</h4>
        <DecisionSummary decision={test.decision} currency={currency} names={names} />
      </section>
      <section className="trace-part" data-testid="test-changes">
        <h4>What would change</h4>
        {test.changes.length === 0 ? (
          <p className="muted small">Nothing: running these rules again leaves the order as it is.</p>
        ) : (
          <ChangeList changes={test.changes} facets={facets} />
        )}
      </section>
      <section className="trace-part">
        <h4>Trace</h4>
        <p className="muted small">
          Rules version {test.trace.ruleset_version}, dates measured at {fullDateTime(test.trace.now)}. Rules that did not match open on a click.
        </p>
        <RulesTrace trace={test.trace} names={names} />
      </section>
    </div>
  );
}
