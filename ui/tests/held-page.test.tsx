// The held-orders view: totals and reason groups from held_overview, a list of held orders sorted
// by ship-by (most urgent first) that a group filters, each row with its SLA, held age and why,
// the order detail beside the list, the empty state, and live refresh.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import type { OrderQuery } from "../src/bindings";
import { detail } from "./builders";
import { emitOrdersChanged, fakeApi, lastQuery, resetFakeApi } from "./fake-api";
import { heldDetail, heldRow, HOUR, installHeldFakes, MIN, overviewOf } from "./held-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const ROWS = [
  heldRow(1, "address_invalid", -3 * HOUR - 5 * MIN),
  heldRow(2, "fraud_risk", 5 * HOUR + 5 * MIN),
  heldRow(3, "address_invalid", 3 * 24 * HOUR + HOUR),
  heldRow(4, "out_of_stock", null),
];

const OVERVIEW = overviewOf([
  { reason: "address_invalid", count: 2, overdue: 1, due_today: 0, oldest_held_at: new Date(Date.now() - 3 * 24 * HOUR - HOUR).toISOString() },
  { reason: "fraud_risk", count: 1, overdue: 0, due_today: 1, oldest_held_at: new Date(Date.now() - 2 * HOUR).toISOString() },
  { reason: "out_of_stock", count: 1, overdue: 0, due_today: 0, oldest_held_at: null },
]);

/** listOrders answers like the backend: only held rows of the asked reason. */
function serve(rows = ROWS) {
  fakeApi.listOrders.mockImplementation(async (q: OrderQuery) => ({
    items: rows.filter((r) => q.filter.status === "on_hold" && (q.filter.hold_reason === null || r.hold_reason === q.filter.hold_reason)),
    next_cursor: null,
  }));
}

const heldRows = () => screen.queryAllByTestId("held-row");
const numbers = () => heldRows().map((r) => r.getAttribute("data-order-number"));

async function openHeld(rows = ROWS) {
  serve(rows);
  window.location.hash = "#held";
  render(<App />);
  await screen.findByTestId("held-page");
  await waitFor(() => expect(heldRows().length).toBe(rows.length));
}

beforeEach(() => {
  resetFakeApi();
  installHeldFakes(OVERVIEW);
  fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id));
});
afterEach(() => {
  window.location.hash = "";
});

describe("held orders view", () => {
  it("asks for held orders only, sorted by ship-by ascending so the most urgent come first", async () => {
    await openHeld();
    expect(fakeApi.listOrders.mock.calls[0][0]).toMatchObject({
      filter: { status: "on_hold", hold_reason: null, search: null },
      sort: "ship_by",
      descending: false,
      after: null,
    });
  });

  it("shows the totals and one card per hold reason with its count, overdue / due-today badges and oldest age", async () => {
    await openHeld();
    await waitFor(() => expect(screen.getByTestId("held-total").textContent).toBe("4"));
    expect(screen.getByTestId("held-overdue").textContent).toBe("1");
    expect(screen.getByTestId("held-due-today").textContent).toBe("1");

    const address = screen.getByTestId("held-group-address_invalid");
    expect(address.textContent).toContain("Address invalid");
    expect(within(address).getByTestId("held-group-count").textContent).toBe("2");
    expect(within(address).getByTestId("held-group-overdue").textContent).toBe("1 overdue");
    expect(within(address).queryByTestId("held-group-due-today")).toBeNull();
    expect(address.textContent).toContain("oldest 3 d");
    expect(within(screen.getByTestId("held-group-fraud_risk")).getByTestId("held-group-due-today").textContent).toBe("1 due today");
    expect(within(screen.getByTestId("held-group-all")).getByTestId("held-group-count").textContent).toBe("4");
  });

  it("choosing a group filters the list by that hold reason; All held shows every held order again", async () => {
    await openHeld();
    await screen.findByTestId("held-group-address_invalid");
    fireEvent.click(screen.getByTestId("held-group-address_invalid"));
    await waitFor(() => expect(numbers()).toEqual(["#1001", "#1003"]));
    expect(lastQuery()?.filter).toMatchObject({ status: "on_hold", hold_reason: "address_invalid" });
    expect(screen.getByTestId("held-group-address_invalid").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("held-toolbar").textContent).toContain("Address invalid");

    fireEvent.click(screen.getByTestId("held-group-all"));
    await waitFor(() => expect(numbers()).toEqual(["#1001", "#1002", "#1003", "#1004"]));
    expect(lastQuery()?.filter.hold_reason).toBeNull();
  });

  it("number keys choose groups like the queue's tabs (1 = all held)", async () => {
    await openHeld();
    await screen.findByTestId("held-group-fraud_risk");
    fireEvent.keyDown(window, { key: "3" });
    await waitFor(() => expect(lastQuery()?.filter.hold_reason).toBe("fraud_risk"));
    fireEvent.keyDown(window, { key: "1" });
    await waitFor(() => expect(lastQuery()?.filter.hold_reason).toBeNull());
  });

  it("each row shows its SLA: overdue in red, due within 24 h in amber, later neutral, none without a ship-by", async () => {
    await openHeld();
    const sla = heldRows().map((r) => within(r).getByTestId("held-sla"));
    expect(sla.map((s) => s.textContent)).toEqual(["overdue 3 h", "due in 5 h", "due in 3 d", "no ship-by"]);
    expect(sla.map((s) => s.getAttribute("data-sla"))).toEqual(["overdue", "soon", "later", "none"]);
    expect(sla[0].className).toContain("sla-overdue");
    expect(sla[1].className).toContain("sla-soon");
  });

  it("each row shows how long it has been held and why: the rule's name and the hold note", async () => {
    fakeApi.orderDetail.mockImplementation(async (id) =>
      id === "ord_0002"
        ? heldDetail(id, "fraud_risk", { placed_by: "user:ana", note: "Call the customer first", placed_at: new Date(Date.now() - 40 * MIN - 30_000).toISOString(), release_at: new Date(Date.now() + 2 * HOUR + 5 * MIN).toISOString() })
        : heldDetail(id),
    );
    await openHeld();
    const row = (i: number) => heldRows()[i];
    await waitFor(() => expect(within(row(0)).getByTestId("held-why").textContent).toContain("Fix the ship-to address"));
    expect(within(row(0)).getByTestId("held-why").textContent).toContain("Address fails the checks");
    expect(within(row(0)).getByTestId("held-age").textContent).toBe("5 h");
    await waitFor(() => expect(within(row(1)).getByTestId("held-why").textContent).toContain("ana"));
    expect(within(row(1)).getByTestId("held-why").textContent).toContain("Call the customer first");
    expect(within(row(1)).getByTestId("held-why").textContent).toContain("releases in 2 h");
    expect(within(row(1)).getByTestId("held-age").textContent).toBe("40 min");
  });

  it("selecting an order opens the existing order detail beside the list, with its hold banner", async () => {
    await openHeld();
    fireEvent.click(heldRows()[0]);
    const panel = await screen.findByTestId("order-detail");
    await waitFor(() => expect(panel.getAttribute("data-order-id")).toBe("ord_0001"));
    expect(screen.getByTestId("held-list")).toBeTruthy();
    expect(within(panel).getByTestId("hold-banner").textContent).toContain("Placed by rule “Address fails the checks”");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("order-detail")).toBeNull();
  });

  it("says plainly when nothing is held", async () => {
    installHeldFakes(overviewOf([]));
    serve([]);
    window.location.hash = "#held";
    render(<App />);
    const empty = await screen.findByTestId("held-empty");
    expect(empty.textContent).toContain("Nothing is on hold");
    expect(screen.queryByTestId("held-group-all")).toBeNull();
  });

  it("an orders-changed event refreshes the overview, the list and the changed rows' hold info", async () => {
    await openHeld();
    await waitFor(() => expect(fakeApi.orderDetail).toHaveBeenCalledWith("ord_0001"));
    const overviews = fakeApi.heldOverview.mock.calls.length;
    const lists = fakeApi.listOrders.mock.calls.length;
    const reads = fakeApi.orderDetail.mock.calls.filter(([id]) => id === "ord_0001").length;
    fakeApi.heldOverview.mockResolvedValue(overviewOf([{ reason: "fraud_risk", count: 1, overdue: 0, due_today: 1, oldest_held_at: null }]));
    serve([ROWS[1]]);
    act(() => emitOrdersChanged({ ids: ["ord_0001"], cause: "action" }));
    await waitFor(() => expect(fakeApi.heldOverview.mock.calls.length).toBe(overviews + 1));
    expect(fakeApi.listOrders.mock.calls.length).toBe(lists + 1);
    await waitFor(() => expect(numbers()).toEqual(["#1002"]));
    await waitFor(() => expect(screen.getByTestId("held-total").textContent).toBe("1"));
    expect(fakeApi.orderDetail.mock.calls.filter(([id]) => id === "ord_0001").length).toBe(reads);
  });

  it("the open order stays in the panel after it leaves the held list", async () => {
    await openHeld();
    fireEvent.click(heldRows()[0]);
    await screen.findByTestId("order-detail");
    fakeApi.orderDetail.mockImplementation(async (id) => detail({ id, status: "ready" }));
    serve(ROWS.slice(1));
    fireEvent.click(within(screen.getByTestId("order-detail")).getByTestId("action-release"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "release", note: "" }));
    await waitFor(() => expect(screen.getByTestId("detail-status").textContent).toBe("Ready"));
    await waitFor(() => expect(numbers()).toEqual(["#1002", "#1003", "#1004"]));
    expect(screen.queryByTestId("hold-banner")).toBeNull();
  });
});
