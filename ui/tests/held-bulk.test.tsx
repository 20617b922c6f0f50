// Bulk actions over held orders (and the queue's new "Re-run rules"): each sends exactly what the
// person chose, and the outcome banner names every order that was refused and why.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import type { OrderQuery } from "../src/bindings";
import { planReleaseAt } from "../src/components/held/releasePlan";
import { summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";
import { heldDetail, heldRow, HOUR, installHeldFakes, overviewOf } from "./held-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const ROWS = [heldRow(1, "address_invalid", -HOUR), heldRow(2, "fraud_risk", 2 * HOUR), heldRow(3, "address_invalid", 30 * HOUR)];

const heldRows = () => screen.queryAllByTestId("held-row");
const check = (i: number) => fireEvent.click(within(heldRows()[i]).getAllByRole("gridcell")[0]);

async function openHeld() {
  fakeApi.listOrders.mockImplementation(async (q: OrderQuery) => ({
    items: ROWS.filter((r) => q.filter.hold_reason === null || r.hold_reason === q.filter.hold_reason),
    next_cursor: null,
  }));
  window.location.hash = "#held";
  render(<App />);
  await waitFor(() => expect(heldRows().length).toBe(ROWS.length));
}

beforeEach(() => {
  resetFakeApi();
  installHeldFakes(
    overviewOf([
      { reason: "address_invalid", count: 2, overdue: 1, due_today: 0, oldest_held_at: null },
      { reason: "fraud_risk", count: 1, overdue: 0, due_today: 1, oldest_held_at: null },
    ]),
  );
  fakeApi.orderDetail.mockImplementation(async (id) =>
    id === "ord_0002" ? heldDetail(id, "fraud_risk", { note: "Card issuer flagged AVS mismatch" }) : heldDetail(id),
  );
});
afterEach(() => {
  window.location.hash = "";
});

describe("held orders: bulk actions", () => {
  it("bulk Release sends release for the selection and shows each refusal with its order and reason", async () => {
    await openHeld();
    fakeApi.applyAction.mockResolvedValue({
      applied: ["ord_0001"],
      refused: [{ id: "ord_0002", number: "#1002", code: "not_allowed", message: "the order is not on hold" }],
    });
    check(0);
    check(1);
    expect(screen.getByTestId("bulk-count").textContent).toBe("2 selected");
    fireEvent.click(screen.getByTestId("bulk-release"));
    fireEvent.change(screen.getByTestId("bulk-release-input"), { target: { value: " address confirmed " } });
    fireEvent.click(screen.getByTestId("bulk-release-submit"));
    const outcome = await screen.findByTestId("bulk-outcome");
    expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001", "ord_0002"], { action: "release", note: "address confirmed" });
    expect(within(outcome).getByTestId("bulk-outcome-summary").textContent).toBe("1 released, 1 refused");
    const refusal = within(outcome).getByTestId("bulk-refusal");
    expect(refusal.textContent).toContain("#1002");
    expect(refusal.textContent).toContain("the order is not on hold");
    // The refused order stays selected for a second look.
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
    // And the view is read again: overview and list.
    await waitFor(() => expect(fakeApi.heldOverview.mock.calls.length).toBeGreaterThanOrEqual(2));
  });

  it("bulk Cancel asks for a reason first, then cancels the selection", async () => {
    await openHeld();
    check(2);
    fireEvent.click(screen.getByTestId("bulk-cancel"));
    expect(fakeApi.applyAction).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("bulk-cancel-input"), { target: { value: "fraud confirmed" } });
    fireEvent.click(screen.getByTestId("bulk-cancel-submit"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0003"], { action: "cancel", note: "fraud confirmed" }));
    expect((await screen.findByTestId("bulk-outcome-summary")).textContent).toBe("1 cancelled");
  });

  it("bulk Re-run rules calls rerun_rules with the selection and reports re-run and refused orders", async () => {
    await openHeld();
    fakeApi.rerunRules.mockResolvedValue({
      applied: ["ord_0001"],
      refused: [{ id: "ord_0003", number: "#1003", code: "not_allowed", message: "#1003 is shipped: rules only act on orders awaiting payment, on hold or ready" }],
    });
    check(0);
    check(2);
    fireEvent.click(screen.getByTestId("bulk-rerun-rules"));
    const outcome = await screen.findByTestId("bulk-outcome");
    expect(fakeApi.rerunRules).toHaveBeenCalledWith(["ord_0001", "ord_0003"]);
    expect(fakeApi.applyAction).not.toHaveBeenCalled();
    expect(within(outcome).getByTestId("bulk-outcome-summary").textContent).toBe("1 re-run, 1 refused");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("rules only act on orders awaiting payment, on hold or ready");
  });

  it("Release at a time holds each order again with its own reason and note and the chosen release time", async () => {
    await openHeld();
    check(0);
    check(1);
    check(2);
    fireEvent.click(screen.getByTestId("bulk-release-at"));
    fireEvent.change(screen.getByTestId("release-at-input"), { target: { value: "2999-06-01T09:30" } });
    fireEvent.click(screen.getByTestId("release-at-submit"));
    const at = new Date("2999-06-01T09:30").toISOString();
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledTimes(2));
    expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001", "ord_0003"], { action: "hold", reason: "address_invalid", note: "Fix the ship-to address", release_at: at });
    expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0002"], { action: "hold", reason: "fraud_risk", note: "Card issuer flagged AVS mismatch", release_at: at });
    expect((await screen.findByTestId("bulk-outcome-summary")).textContent).toBe("3 set to release");
  });

  it("Release at refuses a time in the past without asking the backend", async () => {
    await openHeld();
    check(0);
    fireEvent.click(screen.getByTestId("bulk-release-at"));
    fireEvent.change(screen.getByTestId("release-at-input"), { target: { value: "2001-01-01T09:00" } });
    fireEvent.click(screen.getByTestId("release-at-submit"));
    expect((await screen.findByTestId("form-error")).textContent).toContain("in the future");
    expect(fakeApi.applyAction).not.toHaveBeenCalled();
  });
});

describe("release-at plan", () => {
  it("groups orders by (reason, note), a typed note replaces every note, and orders no longer held are refused", () => {
    const info = (reason: "fraud_risk" | "address_invalid", note: string) => ({ reason, note, placedAt: "2025-01-01T00:00:00Z", by: "x", releaseAt: null });
    const infos = new Map([
      ["a", info("fraud_risk", "n1")],
      ["b", info("fraud_risk", "n1")],
      ["c", info("fraud_risk", "n2")],
      ["d", null],
    ]);
    const kept = planReleaseAt(["a", "b", "c", "d"], infos, (id) => `#${id}`, null);
    expect(kept.plans).toEqual([
      { reason: "fraud_risk", note: "n1", ids: ["a", "b"] },
      { reason: "fraud_risk", note: "n2", ids: ["c"] },
    ]);
    expect(kept.refused).toEqual([{ id: "d", number: "#d", code: "not_allowed", message: "it is no longer on hold" }]);
    const replaced = planReleaseAt(["a", "c"], infos, (id) => id, "waiting for reply");
    expect(replaced.plans).toEqual([{ reason: "fraud_risk", note: "waiting for reply", ids: ["a", "c"] }]);
  });
});

describe("order queue: bulk Re-run rules", () => {
  it("re-runs the rules on the selected orders and shows the same outcome banner", async () => {
    fakeApi.listOrders.mockResolvedValue({ items: summaries(3), next_cursor: null });
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId("order-row").length).toBe(3));
    fakeApi.rerunRules.mockResolvedValue({
      applied: ["ord_0002"],
      refused: [{ id: "ord_0003", number: "#1003", code: "not_allowed", message: "#1003 is cancelled: rules only act on orders awaiting payment, on hold or ready" }],
    });
    fireEvent.click(within(screen.getAllByTestId("order-row")[1]).getAllByRole("gridcell")[0]);
    fireEvent.click(within(screen.getAllByTestId("order-row")[2]).getAllByRole("gridcell")[0]);
    fireEvent.click(screen.getByTestId("bulk-rerun-rules"));
    const outcome = await screen.findByTestId("bulk-outcome");
    expect(fakeApi.rerunRules).toHaveBeenCalledWith(["ord_0002", "ord_0003"]);
    expect(within(outcome).getByTestId("bulk-outcome-summary").textContent).toBe("1 re-run, 1 refused");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("#1003");
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
  });
});
