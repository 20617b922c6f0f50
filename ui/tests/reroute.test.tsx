// One-click Re-route: offered on an order held because a partner rejected it, stock was short or
// no location could take it (and on no other hold), it calls rerouteOrders with that order and
// shows the backend's refusal like the other one-click actions do; in the held view, a bulk
// Re-route is offered only when every selected order is held for one of those reasons, and its
// outcome banner names each refused order.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import type { HoldReason, OrderQuery } from "../src/bindings";
import { summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";
import { heldDetail, heldRow, HOUR, installHeldFakes, overviewOf } from "./held-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

async function openHeldOrder(reason: HoldReason) {
  fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id, reason, { note: "ShipRight 3PL rejected: SKU not set up at partner", placed_by: "partner:loc_3pl" }));
  fakeApi.listOrders.mockResolvedValue({ items: summaries(1), next_cursor: null });
  render(<App />);
  fireEvent.click((await screen.findAllByTestId("order-row"))[0]);
  await waitFor(() => expect(screen.getByTestId("order-detail").getAttribute("data-order-id")).toBe("ord_0001"));
  return screen.getByTestId("order-detail");
}

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("order detail: Re-route", () => {
  it("Re-route on an order a partner rejected calls rerouteOrders with its id, then reads the order again", async () => {
    const panel = await openHeldOrder("partner_rejected");
    const reads = fakeApi.orderDetail.mock.calls.length;
    fireEvent.click(within(panel).getByTestId("action-reroute"));
    await waitFor(() => expect(fakeApi.rerouteOrders).toHaveBeenCalledWith(["ord_0001"]));
    expect(fakeApi.rerouteOrders).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(fakeApi.orderDetail.mock.calls.length).toBeGreaterThan(reads));
    expect(screen.queryByTestId("error-toast")).toBeNull();
  });

  it("a refused Re-route shows the backend's reason", async () => {
    fakeApi.rerouteOrders.mockResolvedValue({
      applied: [],
      refused: [{ id: "ord_0001", number: "#1001", code: "not_allowed", message: "#1001 is not held for a partner's refusal or for stock (it is ready)" }],
    });
    const panel = await openHeldOrder("partner_rejected");
    fireEvent.click(within(panel).getByTestId("action-reroute"));
    const toast = await screen.findByTestId("error-toast");
    expect(toast.textContent).toContain("#1001 is not held for a partner's refusal or for stock (it is ready)");
    expect(toast.getAttribute("data-code")).toBe("not_allowed");
  });

  it("is offered for out-of-stock and unroutable holds too, and for no hold routing cannot cure", async () => {
    for (const [reason, offered] of [
      ["out_of_stock", true],
      ["unroutable", true],
      ["fraud_risk", false],
      ["address_invalid", false],
    ] as const) {
      const panel = await openHeldOrder(reason);
      expect(within(panel).queryByTestId("action-reroute") !== null).toBe(offered);
      // Release stays available on every hold.
      expect(within(panel).getByTestId("action-release")).toBeTruthy();
      cleanup();
    }
  });
});

describe("held orders: bulk Re-route", () => {
  const ROWS = [heldRow(1, "partner_rejected", -HOUR), heldRow(2, "out_of_stock", 2 * HOUR), heldRow(3, "fraud_risk", 30 * HOUR)];
  const heldRows = () => screen.queryAllByTestId("held-row");
  const check = (i: number) => fireEvent.click(within(heldRows()[i]).getAllByRole("gridcell")[0]);

  async function openHeld() {
    installHeldFakes(
      overviewOf([
        { reason: "partner_rejected", count: 1, overdue: 1, due_today: 0, oldest_held_at: null },
        { reason: "out_of_stock", count: 1, overdue: 0, due_today: 1, oldest_held_at: null },
        { reason: "fraud_risk", count: 1, overdue: 0, due_today: 0, oldest_held_at: null },
      ]),
    );
    const reasons = new Map(ROWS.map((r) => [r.id, r.hold_reason as HoldReason]));
    fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id, reasons.get(id) ?? "custom"));
    fakeApi.listOrders.mockImplementation(async (q: OrderQuery) => ({
      items: ROWS.filter((r) => q.filter.hold_reason === null || r.hold_reason === q.filter.hold_reason),
      next_cursor: null,
    }));
    window.location.hash = "#held";
    render(<App />);
    await waitFor(() => expect(heldRows().length).toBe(ROWS.length));
  }

  it("appears only while every selected order is held for a partner's refusal, stock or as unroutable", async () => {
    await openHeld();
    check(0);
    check(1);
    expect(await screen.findByTestId("bulk-reroute")).toBeTruthy();
    check(2);
    await waitFor(() => expect(screen.queryByTestId("bulk-reroute")).toBeNull());
  });

  it("sends the selection to rerouteOrders and reports re-routed and refused orders", async () => {
    fakeApi.rerouteOrders.mockResolvedValue({
      applied: ["ord_0001"],
      refused: [{ id: "ord_0002", number: "#1002", code: "not_allowed", message: "#1002 is not held for a partner's refusal or for stock (it is ready)" }],
    });
    await openHeld();
    check(0);
    check(1);
    fireEvent.click(await screen.findByTestId("bulk-reroute"));
    await waitFor(() => expect(fakeApi.rerouteOrders).toHaveBeenCalledWith(["ord_0001", "ord_0002"]));
    const outcome = await screen.findByTestId("bulk-outcome");
    expect(within(outcome).getByTestId("bulk-outcome-summary").textContent).toBe("1 re-routed, 1 refused");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("#1002");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("not held for a partner's refusal or for stock");
  });
});
