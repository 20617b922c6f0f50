// Held orders: totals, groups by reason, and the held orders most urgent first (ship-by
// ascending) with how long each has waited and why; the order detail opens beside the list, and
// bulk actions release, schedule a release, re-route (orders a partner rejected, short of stock or
// unroutable), re-run the rules or cancel. Kept fresh by the
// backend's change events, like the queue.
import { useCallback, useEffect, useMemo, useState } from "react";
import { api, isFatal } from "../../api";
import type { HoldReason, OrderFilter } from "../../bindings";
import { canReroute, HOLD_REASON_LABEL } from "../../domain/labels";
import { useFacets } from "../../hooks/useFacets";
import { useNow } from "../../hooks/useNow";
import { useOrderPages } from "../../hooks/useOrderPages";
import { EmptyState } from "../common/EmptyState";
import type { Submit } from "../forms/useSubmit";
import { OrderListLayout } from "../orderlist/OrderListLayout";
import { useOrderListPage } from "../orderlist/useOrderListPage";
import { useReportError } from "../shell/errors";
import { HeldBulkBar } from "./HeldBulkBar";
import { HeldGroups } from "./HeldGroups";
import { HeldList } from "./HeldList";
import { HeldSummary } from "./HeldSummary";
import { mergeOutcomes, planReleaseAt } from "./releasePlan";
import type { ReleaseAt } from "./ReleaseAtForm";
import { useHeldOverview } from "./useHeldOverview";
import { useHoldInfo } from "./useHoldInfo";
import "../../styles/held.css";

/** Held orders of one reason (or all), the most urgent first. */
export function heldFilter(reason: HoldReason | null): OrderFilter {
  return {
    status: "on_hold",
    channel_id: null,
    location_id: null,
    hold_reason: reason,
    tag: null,
    carrier: null,
    placed_from: null,
    placed_to: null,
    search: null,
  };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function HeldPage() {
  const report = useReportError();
  const now = useNow();
  const { facets } = useFacets(report);
  const { overview, refresh: refreshOverview } = useHeldOverview(report);
  const [reason, setReason] = useState<HoldReason | null>(null);
  const [range, setRange] = useState({ first: 0, last: 0 });

  const filter = useMemo(() => heldFilter(reason), [reason]);
  const pages = useOrderPages(filter, "ship_by", false, report);
  const visible = useMemo(() => pages.rows.slice(range.first, range.last + 1).map((r) => r.id), [pages.rows, range]);
  const holdInfo = useHoldInfo(visible, report);

  // The chosen group emptied (everything in it was released): show all held orders again.
  useEffect(() => {
    if (overview && reason && !overview.groups.some((g) => g.reason === reason)) setReason(null);
  }, [overview, reason]);

  const { refreshWindow } = pages;
  const { invalidate } = holdInfo;
  const refreshList = useCallback(
    (changed: ReadonlySet<string> | null) => {
      refreshOverview();
      // Forget the changed rows' hold info once the list is read again, so rows that left it
      // are not read again for nothing.
      void refreshWindow(range.first, range.last).finally(() => invalidate(changed));
    },
    [refreshOverview, refreshWindow, range, invalidate],
  );

  const onRange = useCallback((first: number, last: number) => {
    setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
  }, []);

  const chooseGroup = (r: HoldReason | null) => {
    setReason(r);
    page.clearFocus();
  };

  const page = useOrderListPage({
    pages,
    facets,
    report,
    now,
    refreshList,
    onRange,
    keys: {
      focusSearch: () => {},
      tab: (i) => {
        if (i === 0) chooseGroup(null);
        else if (overview?.groups[i - 1]) chooseGroup(overview.groups[i - 1].reason);
      },
    },
  });
  const { selection } = page;

  const releaseAtBulk: Submit<ReleaseAt> = async ({ releaseAt, note }) => {
    const ids = [...selection.selected];
    const numbers = new Map(pages.rows.map((r) => [r.id, r.number]));
    try {
      const infos = await holdInfo.load(ids);
      const { plans, refused } = planReleaseAt(ids, infos, (id) => numbers.get(id) ?? id, note);
      const results = [];
      for (const p of plans) results.push(await api.applyAction(p.ids, { action: "hold", reason: p.reason, note: p.note, release_at: releaseAt }));
      page.bulkDone("release_at", ids, mergeOutcomes([...results, { applied: [], refused }]));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  // Re-route is offered when every selected order is held for a reason routing again can cure.
  const reasons = new Map(pages.rows.map((r) => [r.id, r.hold_reason]));
  const reroutable =
    selection.selected.size > 0 && [...selection.selected].every((id) => canReroute("on_hold", holdInfo.get(id)?.reason ?? reasons.get(id)));

  const nothingHeld = overview !== null && overview.total === 0 && pages.loaded && pages.rows.length === 0;

  return (
    <OrderListLayout
      page={page}
      now={now}
      name="held"
      testId="held-page"
      head={
        <header className="page-head held-head">
          <div className="held-title">
            <h1>Held orders</h1>
            <HeldSummary overview={overview} />
          </div>
          {overview && overview.total > 0 && <HeldGroups overview={overview} active={reason} now={now} onSelect={chooseGroup} />}
        </header>
      }
      bar={
        selection.selected.size > 0 ? (
          <HeldBulkBar {...page.bulk} onReleaseAt={releaseAtBulk} canReroute={reroutable} />
        ) : (
          <div className="held-toolbar" data-testid="held-toolbar">
            <span>
              {reason ? HOLD_REASON_LABEL[reason] : "All held orders"} <span className="muted">· most urgent first (ship-by)</span>
            </span>
          </div>
        )
      }
    >
      {nothingHeld ? (
        <EmptyState title="Nothing is on hold" testId="held-empty">
          Orders that the rules or people hold show up here, grouped by reason, the most urgent first.
        </EmptyState>
      ) : (
        <HeldList
          {...page.list}
          info={holdInfo.get}
          empty={
            <EmptyState title={reason ? `No orders held for ${HOLD_REASON_LABEL[reason].toLowerCase()}` : "Nothing is on hold"} testId="held-list-empty">
              Held orders appear here as soon as a rule or a person holds one.
            </EmptyState>
          }
        />
      )}
    </OrderListLayout>
  );
}
