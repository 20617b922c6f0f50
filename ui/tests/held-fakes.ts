// Builders and fake-api defaults for the held-orders view and the rules "Why" tests: held rows,
// an overview, and an order detail with a hold and the rules run that placed it.
import { vi } from "vitest";
import type { Api } from "../src/api";
import type { DecisionRecord, HeldOverview, Hold, HoldReason, OrderDetail, RulesRun, TraceReport } from "../src/bindings";
import { noDecision } from "../src/mock/ruleset";
import { detail, summary } from "./builders";
import { fakeApi } from "./fake-api";

export const HOUR = 3_600_000;
export const MIN = 60_000;
export const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/** resetFakeApi() knows only the queue's commands; the held view needs two more. */
export function installHeldFakes(overview: HeldOverview = EMPTY_OVERVIEW) {
  fakeApi.heldOverview = vi.fn<Api["heldOverview"]>().mockResolvedValue(overview);
  fakeApi.rerunRules = vi.fn<Api["rerunRules"]>().mockImplementation(async (ids) => ({ applied: ids, refused: [] }));
}

export const EMPTY_OVERVIEW: HeldOverview = { total: 0, overdue: 0, due_today: 0, groups: [] };

export function overviewOf(groups: HeldOverview["groups"]): HeldOverview {
  return {
    total: groups.reduce((n, g) => n + g.count, 0),
    overdue: groups.reduce((n, g) => n + g.overdue, 0),
    due_today: groups.reduce((n, g) => n + g.due_today, 0),
    groups,
  };
}

export function heldRow(n: number, reason: HoldReason, shipByFromNow: number | null) {
  return summary(n, { status: "on_hold", hold_reason: reason, ship_by: shipByFromNow === null ? null : iso(shipByFromNow) });
}

export const NO_DECISION: DecisionRecord = noDecision(12);

export function run(over: Partial<RulesRun> = {}, decision: Partial<DecisionRecord> = {}, trace: TraceReport | null = null): RulesRun {
  return { ruleset_version: 12, ran_at: iso(-2 * HOUR), cause: "imported", decision: { ...NO_DECISION, ...decision }, trace, ...over };
}

/** An order held by rule `rul_addr` ("Address fails the checks"), as the backend reports it. */
export function heldDetail(id: string, reason: HoldReason = "address_invalid", hold: Partial<Hold> = {}): OrderDetail {
  const h: Hold = { reason, note: "Fix the ship-to address", placed_by: "rule:rul_addr", placed_at: iso(-5 * HOUR - 10 * MIN), release_at: null, ...hold };
  const d = detail({ id, status: "on_hold", hold: h });
  d.rules = run({}, { hold: { reason, note: h.note, release_at: null, rule_id: "rul_addr", rule_name: "Address fails the checks" }, fired: [{ rule_id: "rul_addr", name: "Address fails the checks", stage: "holds" }] });
  return d;
}
