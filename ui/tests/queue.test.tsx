// The order queue: rows and counts come from the backend, every control sends the filter it
// promises, multi-select and bulk outcomes are shown truthfully.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { ApiError } from "../src/api";
import { summaries, summary } from "./builders";
import { emitOrdersChanged, fakeApi, lastQuery, resetFakeApi } from "./fake-api";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const rows = () => screen.queryAllByTestId("order-row");
const row = (i: number) => rows()[i];
const checkCell = (i: number) => within(row(i)).getByRole("checkbox");

async function renderQueue(items = summaries(5)) {
  fakeApi.listOrders.mockResolvedValue({ items, next_cursor: null });
  render(<App />);
  await waitFor(() => expect(rows().length).toBe(items.length));
}

beforeEach(() => {
  resetFakeApi();
  fakeApi.tabCounts.mockResolvedValue([
    { status: "on_hold", count: 2 },
    { status: "ready", count: 1200 },
    { status: "shipped", count: 5 },
  ]);
});

describe("order queue", () => {
  it("renders rows and tab counts from the API", async () => {
    await renderQueue([summary(1, { number: "#A-1" }), summary(2, { number: "#A-2", customer_name: "Yuki Tanaka" })]);
    expect(rows().map((r) => r.getAttribute("data-order-number"))).toEqual(["#A-1", "#A-2"]);
    expect(row(1).getAttribute("data-order-id")).toBe("ord_0002");
    expect(row(1).textContent).toContain("Yuki Tanaka");
    const count = (tab: string) => within(screen.getByTestId(`queue-tab-${tab}`)).getByTestId("tab-count");
    await waitFor(() => expect(count("on_hold").textContent).toBe("2"));
    expect(count("ready").getAttribute("data-count")).toBe("1200");
    expect(count("awaiting_payment").textContent).toBe("0");
    expect(count("all").getAttribute("data-count")).toBe("1207");
  });

  it("asks for one keyset page of 100, sorted newest first, with no filter", async () => {
    await renderQueue();
    expect(fakeApi.listOrders).toHaveBeenCalledWith({
      filter: { status: null, channel_id: null, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search: null },
      sort: "placed_at",
      descending: true,
      after: null,
      limit: 100,
    });
  });

  it("switching a tab sends the status filter (by click and by number key)", async () => {
    await renderQueue();
    fireEvent.click(screen.getByTestId("queue-tab-on_hold"));
    await waitFor(() => expect(lastQuery()?.filter.status).toBe("on_hold"));
    expect(lastQuery()?.after).toBeNull();
    expect(screen.getByTestId("queue-tab-on_hold").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(window, { key: "4" });
    await waitFor(() => expect(lastQuery()?.filter.status).toBe("ready"));
    fireEvent.keyDown(window, { key: "1" });
    await waitFor(() => expect(lastQuery()?.filter.status).toBeNull());
  });

  it("typing in search sends filter.search once, after the debounce", async () => {
    await renderQueue();
    const input = screen.getByTestId("search-input");
    fireEvent.change(input, { target: { value: "a" } });
    fireEvent.change(input, { target: { value: "an" } });
    fireEvent.change(input, { target: { value: "ana" } });
    const searches = () => fakeApi.listOrders.mock.calls.map(([q]) => q.filter.search).filter((s) => s !== null);
    expect(searches()).toEqual([]); // nothing before the pause…
    await new Promise((r) => setTimeout(r, 100));
    expect(searches()).toEqual([]); // …nor while it is shorter than the debounce
    await waitFor(() => expect(searches()).toEqual(["ana"]));
    await new Promise((r) => setTimeout(r, 300));
    expect(searches()).toEqual(["ana"]);
  });

  it("sort and filter pickers send their values", async () => {
    fakeApi.facets.mockResolvedValue({
      channels: [{ id: "chn_9", name: "Amazon JP", kind: "amazon_seller", created_at: "2024-01-01T00:00:00Z" }],
      locations: [],
      carriers: ["UPS"],
      tags: ["vip"],
    });
    await renderQueue();
    await waitFor(() => expect(screen.getByTestId("filter-channel").querySelectorAll("option").length).toBe(2));
    fireEvent.change(screen.getByTestId("filter-channel"), { target: { value: "chn_9" } });
    await waitFor(() => expect(lastQuery()?.filter.channel_id).toBe("chn_9"));
    fireEvent.change(screen.getByTestId("sort-key"), { target: { value: "ship_by" } });
    fireEvent.click(screen.getByTestId("sort-direction"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "ship_by", descending: false, filter: { channel_id: "chn_9" } }));
  });

  it("loads the next page with the previous page's cursor as the user nears the end", async () => {
    fakeApi.listOrders
      .mockResolvedValueOnce({ items: summaries(30), next_cursor: "cur-30" })
      .mockResolvedValueOnce({ items: summaries(30, 31), next_cursor: null });
    render(<App />);
    await waitFor(() => expect(fakeApi.listOrders).toHaveBeenCalledTimes(2));
    expect(fakeApi.listOrders.mock.calls[1][0]).toMatchObject({ after: "cur-30", limit: 100 });
    await new Promise((r) => setTimeout(r, 50));
    expect(fakeApi.listOrders).toHaveBeenCalledTimes(2); // no request past the last page
  });

  it("shift-click selects a range and the bulk bar shows the count", async () => {
    await renderQueue(summaries(8));
    fireEvent.click(checkCell(1));
    fireEvent.click(checkCell(4), { shiftKey: true });
    expect(screen.getByTestId("bulk-count").textContent).toBe("4 selected");
    expect(rows().map((r) => r.getAttribute("aria-selected"))).toEqual(["false", "true", "true", "true", "true", "false", "false", "false"]);
    fireEvent.click(screen.getByTestId("bulk-select-all"));
    expect(screen.getByTestId("bulk-count").textContent).toBe("8 selected");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("bulk-bar")).toBeNull();
  });

  it("a refused bulk action shows the applied/refused counts and each refusal message", async () => {
    await renderQueue(summaries(3));
    fakeApi.applyAction.mockResolvedValue({
      applied: ["ord_0001"],
      refused: [{ id: "ord_0002", number: "#1002", code: "not_allowed", message: "it is shipped and can no longer be held" }],
    });
    fireEvent.click(checkCell(0));
    fireEvent.click(checkCell(1));
    fireEvent.click(screen.getByTestId("bulk-hold"));
    fireEvent.change(screen.getByTestId("hold-reason"), { target: { value: "out_of_stock" } });
    fireEvent.click(screen.getByTestId("hold-submit"));
    const outcome = await screen.findByTestId("bulk-outcome");
    expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001", "ord_0002"], { action: "hold", reason: "out_of_stock", note: "", release_at: null });
    expect(within(outcome).getByTestId("bulk-outcome-summary").textContent).toBe("1 held, 1 refused");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("#1002");
    expect(within(outcome).getByTestId("bulk-refusal").textContent).toContain("it is shipped and can no longer be held");
    // The refused order stays selected for a second look; the applied one is done.
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
  });

  it("keyboard: j/k move the focused row, x selects it, Enter opens it, Esc closes the detail", async () => {
    await renderQueue(summaries(4));
    fireEvent.keyDown(window, { key: "j" });
    fireEvent.keyDown(window, { key: "j" });
    fireEvent.keyDown(window, { key: "k" });
    fireEvent.keyDown(window, { key: "ArrowDown" });
    expect(row(1).className).toContain("is-focused");
    fireEvent.keyDown(window, { key: "x" });
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
    fireEvent.keyDown(window, { key: "Enter" });
    await screen.findByTestId("order-detail");
    expect(fakeApi.orderDetail).toHaveBeenCalledWith("ord_0002");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("order-detail")).toBeNull();
    fireEvent.keyDown(window, { key: "Escape" }); // second Esc clears the selection
    fireEvent.keyDown(window, { key: "/" });
    expect(document.activeElement).toBe(screen.getByTestId("search-input"));
  });

  it("an orders-changed event refreshes counts, the list window and the open detail, at most once per 500 ms", async () => {
    await renderQueue(summaries(3));
    fireEvent.click(row(0));
    await screen.findByTestId("order-detail");
    await waitFor(() => expect(fakeApi.orderDetail).toHaveBeenCalledTimes(1));
    const counts = fakeApi.tabCounts.mock.calls.length;
    const lists = fakeApi.listOrders.mock.calls.length;
    act(() => {
      emitOrdersChanged({ ids: ["ord_0001"], cause: "updated" });
      emitOrdersChanged({ ids: ["ord_0002"], cause: "updated" });
      emitOrdersChanged({ ids: ["ord_0003"], cause: "updated" });
    });
    await waitFor(() => expect(fakeApi.tabCounts.mock.calls.length).toBe(counts + 1));
    expect(fakeApi.listOrders.mock.calls.length).toBe(lists + 1);
    expect(fakeApi.listOrders.mock.calls[lists][0]).toMatchObject({ after: null });
    expect(fakeApi.orderDetail).toHaveBeenCalledTimes(2);
    // The burst's trailing refresh comes once, after the interval.
    await waitFor(() => expect(fakeApi.tabCounts.mock.calls.length).toBe(counts + 2), { timeout: 1500 });
    await new Promise((r) => setTimeout(r, 600));
    expect(fakeApi.tabCounts.mock.calls.length).toBe(counts + 2);
  });

  it("an event without ids (a seed) refreshes everything, the open detail included", async () => {
    await renderQueue(summaries(2));
    fireEvent.click(row(0));
    await waitFor(() => expect(fakeApi.orderDetail).toHaveBeenCalledTimes(1));
    act(() => emitOrdersChanged({ ids: [], cause: "seeded" }));
    await waitFor(() => expect(fakeApi.orderDetail).toHaveBeenCalledTimes(2));
  });

  it("rows carry their status for tests and styling", async () => {
    await renderQueue([summary(1, { status: "on_hold", hold_reason: "fraud_risk" })]);
    expect(row(0).getAttribute("data-status")).toBe("on_hold");
    expect(row(0).textContent).toContain("Fraud risk");
  });

  it("an event about other orders does not reload the open detail", async () => {
    await renderQueue(summaries(2));
    fireEvent.click(row(0));
    await waitFor(() => expect(fakeApi.orderDetail).toHaveBeenCalledTimes(1));
    const counts = fakeApi.tabCounts.mock.calls.length;
    act(() => emitOrdersChanged({ ids: ["ord_0999"], cause: "imported" }));
    await waitFor(() => expect(fakeApi.tabCounts.mock.calls.length).toBe(counts + 1));
    expect(fakeApi.orderDetail).toHaveBeenCalledTimes(1);
  });

  it("an ordinary API error is shown as a toast with its message", async () => {
    fakeApi.tabCounts.mockRejectedValue(new ApiError("internal", "counting failed: disk I/O error"));
    await renderQueue();
    const toast = await screen.findByTestId("error-toast");
    expect(toast.textContent).toContain("counting failed: disk I/O error");
  });

  it("a locked database replaces the window with an explanation of what to do", async () => {
    fakeApi.listOrders.mockRejectedValue(new ApiError("database_locked", "database is locked"));
    render(<App />);
    const fatal = await screen.findByTestId("fatal-state");
    expect(fatal.getAttribute("data-code")).toBe("database_locked");
    expect(fatal.textContent).toContain("The workspace is busy");
    expect(fatal.textContent).toContain("database is locked");
    expect(screen.queryByTestId("order-list")).toBeNull();
  });

  it("empty results say so instead of showing a blank list", async () => {
    await renderQueue([]);
    await screen.findByTestId("queue-empty");
    expect(screen.getByTestId("queue-empty").textContent).toContain("No orders yet");
  });
});
