// Held orders: totals, groups by reason, and the held orders most urgent first (ship-by
// ascending) with how long each has waited and why; the order detail opens beside the list, and
// bulk actions release, schedule a release, re-run the rules or cancel. Kept fresh by the
// backend's change events, like the queue.
import { useCallback, useEffect, useMemo, useState } from "react";
import { api, isFatal } from "../../api";
import type { BulkOutcome, HoldReason, ManualAction, OrderFilter } from "../../bindings";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import type { NameBook } from "../../format/events";
import { useFacets } from "../../hooks/useFacets";
import { useNow } from "../../hooks/useNow";
import { useOrderDetail } from "../../hooks/useOrderDetail";
import { useOrderPages } from "../../hooks/useOrderPages";
import { useOrdersChanged } from "../../hooks/useOrdersChanged";
import { useQueueKeys } from "../../hooks/useQueueKeys";
import { useSelection } from "../../hooks/useSelection";
import { EmptyState } from "../common/EmptyState";
import { OrderDetailPanel } from "../detail/OrderDetailPanel";
import type { Submit } from "../forms/useSubmit";
import { BulkOutcomeBanner, type BulkKind } from "../queue/BulkOutcomeBanner";
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

type Outcome = { action: BulkKind; outcome: BulkOutcome };

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
  const [openId, setOpenId] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [range, setRange] = useState({ first: 0, last: 0 });

  const filter = useMemo(() => heldFilter(reason), [reason]);
  const pages = useOrderPages(filter, "ship_by", false, report);
  const detail = useOrderDetail(openId, report);
  const rowIds = useMemo(() => pages.rows.map((r) => r.id), [pages.rows]);
  const selection = useSelection(rowIds);
  const visible = useMemo(() => rowIds.slice(range.first, range.last + 1), [rowIds, range]);
  const holdInfo = useHoldInfo(visible, report);

  const { keepOnly } = selection;
  useEffect(() => {
    if (pages.loaded) keepOnly(new Set(rowIds));
  }, [rowIds, pages.loaded, keepOnly]);

  // The chosen group emptied (everything in it was released): show all held orders again.
  useEffect(() => {
    if (overview && reason && !overview.groups.some((g) => g.reason === reason)) setReason(null);
  }, [overview, reason]);

  const focusedIndex = focusedId ? rowIds.indexOf(focusedId) : -1;

  const names = useMemo<NameBook>(() => {
    const channels = new Map(facets.channels.map((c) => [c.id, c.name]));
    const locations = new Map(facets.locations.map((l) => [l.id, l.name]));
    return { channelName: (id) => channels.get(id) ?? id, locationName: (id) => locations.get(id) ?? id };
  }, [facets]);

  const { refreshWindow } = pages;
  const { invalidate } = holdInfo;
  const { reload } = detail;
  const refreshAll = useCallback(
    (changed: ReadonlySet<string> | null) => {
      refreshOverview();
      // Forget the changed rows' hold info once the list is read again, so rows that left it
      // are not read again for nothing.
      void refreshWindow(range.first, range.last).finally(() => invalidate(changed));
      if (openId && (changed === null || changed.has(openId))) reload();
    },
    [refreshOverview, refreshWindow, range, invalidate, openId, reload],
  );
  useOrdersChanged((ids) => refreshAll(ids));

  const onRange = useCallback((first: number, last: number) => {
    setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
  }, []);

  const open = useCallback((id: string) => {
    setOpenId(id);
    setFocusedId(id);
  }, []);

  const chooseGroup = (r: HoldReason | null) => {
    setReason(r);
    setFocusedId(null);
  };

  /** Reports a bulk outcome, keeps the refused orders selected, and refreshes what it touched. */
  const done = (action: BulkKind, ids: string[], result: BulkOutcome) => {
    setOutcome({ action, outcome: result });
    selection.remove(result.applied);
    refreshAll(new Set(ids));
  };

  const runBulk: Submit<ManualAction> = async (action) => {
    const ids = [...selection.selected];
    try {
      done(action.action, ids, await api.applyAction(ids, action));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  const releaseAtBulk: Submit<ReleaseAt> = async ({ releaseAt, note }) => {
    const ids = [...selection.selected];
    const numbers = new Map(pages.rows.map((r) => [r.id, r.number]));
    try {
      const infos = await holdInfo.load(ids);
      const { plans, refused } = planReleaseAt(ids, infos, (id) => numbers.get(id) ?? id, note);
      const results = [];
      for (const p of plans) results.push(await api.applyAction(p.ids, { action: "hold", reason: p.reason, note: p.note, release_at: releaseAt }));
      done("release_at", ids, mergeOutcomes([...results, { applied: [], refused }]));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  const rerunBulk = async () => {
    const ids = [...selection.selected];
    try {
      done("rerun_rules", ids, await api.rerunRules(ids));
    } catch (err) {
      report(err);
    }
  };

  const runOne: Submit<ManualAction> = async (action) => {
    if (!openId) return null;
    try {
      const result = await api.applyAction([openId], action);
      if (result.refused.length > 0) return result.refused.map((r) => r.message).join("; ");
      refreshAll(new Set([openId]));
      return null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  const rerunOne = async (): Promise<string | null> => {
    if (!openId) return null;
    try {
      const result = await api.rerunRules([openId]);
      refreshAll(new Set([openId]));
      return result.refused.length > 0 ? result.refused.map((r) => r.message).join("; ") : null;
    } catch (err) {
      if (isFatal(err)) report(err);
      return message(err);
    }
  };

  useQueueKeys({
    move: (delta) => {
      if (rowIds.length === 0) return;
      const next = Math.max(0, Math.min(rowIds.length - 1, (focusedIndex < 0 ? (delta > 0 ? -1 : 0) : focusedIndex) + delta));
      setFocusedId(rowIds[next]);
      if (openId) setOpenId(rowIds[next]);
    },
    open: () => {
      if (focusedIndex >= 0) open(rowIds[focusedIndex]);
    },
    toggle: (rangeSelect) => {
      if (focusedIndex >= 0) selection.toggle(rowIds[focusedIndex], rangeSelect);
    },
    focusSearch: () => {},
    escape: () => {
      if (openId) setOpenId(null);
      else if (selection.selected.size > 0) selection.clear();
      else if (outcome) setOutcome(null);
    },
    tab: (i) => {
      if (i === 0) chooseGroup(null);
      else if (overview?.groups[i - 1]) chooseGroup(overview.groups[i - 1].reason);
    },
  });

  const nothingHeld = overview !== null && overview.total === 0 && pages.loaded && pages.rows.length === 0;

  return (
    <section className={`held ${openId ? "has-detail" : ""}`} data-testid="held-page">
      <div className="held-main">
        <header className="page-head held-head">
          <div className="held-title">
            <h1>Held orders</h1>
            <HeldSummary overview={overview} />
          </div>
          {overview && overview.total > 0 && <HeldGroups overview={overview} active={reason} now={now} onSelect={chooseGroup} />}
        </header>
        {selection.selected.size > 0 ? (
          <HeldBulkBar
            count={selection.selected.size}
            loadedCount={rowIds.length}
            onRun={runBulk}
            onReleaseAt={releaseAtBulk}
            onRerun={rerunBulk}
            onSelectAll={() => selection.setAll(rowIds)}
            onClear={selection.clear}
          />
        ) : (
          <div className="held-toolbar" data-testid="held-toolbar">
            <span>
              {reason ? HOLD_REASON_LABEL[reason] : "All held orders"} <span className="muted">· most urgent first (ship-by)</span>
            </span>
          </div>
        )}
        {outcome && <BulkOutcomeBanner action={outcome.action} outcome={outcome.outcome} onDismiss={() => setOutcome(null)} />}
        {nothingHeld ? (
          <EmptyState title="Nothing is on hold" testId="held-empty">
            Orders that the rules or people hold show up here, grouped by reason, the most urgent first.
          </EmptyState>
        ) : (
          <HeldList
            rows={pages.rows}
            hasMore={pages.hasMore}
            loading={pages.loading}
            loaded={pages.loaded}
            loadMore={pages.loadMore}
            info={holdInfo.get}
            focusedIndex={focusedIndex}
            selected={selection.selected}
            openId={openId}
            now={now}
            onToggle={selection.toggle}
            onToggleAll={() => (selection.selected.size === rowIds.length ? selection.clear() : selection.setAll(rowIds))}
            onOpen={open}
            onRange={onRange}
            empty={
              <EmptyState title={reason ? `No orders held for ${HOLD_REASON_LABEL[reason].toLowerCase()}` : "Nothing is on hold"} testId="held-list-empty">
                Held orders appear here as soon as a rule or a person holds one.
              </EmptyState>
            }
          />
        )}
      </div>
      {openId && (
        <OrderDetailPanel
          detail={detail.detail}
          loading={detail.loading}
          names={names}
          now={now}
          onClose={() => setOpenId(null)}
          onRun={runOne}
          onRerun={rerunOne}
        />
      )}
    </section>
  );
}
