// The order detail and the rules: "Re-run rules" only where rules act (awaiting payment, on hold,
// ready), a re-run reads the order again, the "Why" section shows the latest run, and fixing an
// address shows the lifted hold once the order has been read again.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import type { OrderStatus } from "../src/bindings";
import { DetailActions } from "../src/components/detail/DetailActions";
import { detail, order, summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";
import { heldDetail, installHeldFakes, run } from "./held-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

async function openFirstOrder() {
  fakeApi.listOrders.mockResolvedValue({ items: summaries(2), next_cursor: null });
  render(<App />);
  fireEvent.click((await screen.findAllByTestId("order-row"))[0]);
  await waitFor(() => expect(screen.getByTestId("order-detail").getAttribute("data-order-id")).toBe("ord_0001"));
  return screen.getByTestId("order-detail");
}

beforeEach(() => {
  resetFakeApi();
  installHeldFakes();
});

describe("Re-run rules in the order detail", () => {
  const statuses: [OrderStatus, boolean][] = [
    ["awaiting_payment", true],
    ["on_hold", true],
    ["ready", true],
    ["handed_off", false],
    ["partially_shipped", false],
    ["shipped", false],
    ["cancelled", false],
  ];
  it.each(statuses)("for an order %s the button is shown: %s (rules only act on orders awaiting payment, on hold or ready)", (status, shown) => {
    const onRerun = vi.fn(async () => null);
    render(<DetailActions order={order({ status })} onRun={async () => null} onRerun={onRerun} editingAddress={false} onEditAddress={() => {}} />);
    expect(screen.queryByTestId("rerun-rules") !== null).toBe(shown);
  });

  it("re-runs the rules on the open order and reads it again, showing the new run", async () => {
    fakeApi.orderDetail.mockImplementation(async (id) => ({ ...detail({ id }), rules: run({ ruleset_version: 3 }) }));
    const panel = await openFirstOrder();
    expect(within(panel).getByTestId("rules-run-meta").textContent).toContain("Ruleset v3");
    fakeApi.orderDetail.mockImplementation(async (id) => ({ ...detail({ id }), rules: run({ ruleset_version: 4, cause: "rerun", ran_at: new Date().toISOString() }) }));
    fireEvent.click(within(panel).getByTestId("rerun-rules"));
    await waitFor(() => expect(fakeApi.rerunRules).toHaveBeenCalledWith(["ord_0001"]));
    await waitFor(() => expect(within(screen.getByTestId("order-detail")).getByTestId("rules-run-meta").textContent).toContain("Ruleset v4"));
    expect(screen.getByTestId("rules-run-meta").textContent).toContain("re-run");
  });

  it("a refused re-run is reported with the backend's reason", async () => {
    const panel = await openFirstOrder();
    fakeApi.rerunRules.mockResolvedValue({
      applied: [],
      refused: [{ id: "ord_0001", number: "#1001", code: "not_allowed", message: "#1001 is shipped: rules only act on orders awaiting payment, on hold or ready" }],
    });
    fireEvent.click(within(panel).getByTestId("rerun-rules"));
    expect((await screen.findByTestId("error-toast")).textContent).toContain("rules only act on orders awaiting payment, on hold or ready");
  });
});

describe("Why section in the order detail", () => {
  it("names the rule that held the order in the hold banner and in the decision summary", async () => {
    fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id));
    const panel = await openFirstOrder();
    expect(within(panel).getByTestId("hold-banner").textContent).toContain("Placed by rule “Address fails the checks”");
    const summary = within(panel).getByTestId("decision-summary");
    expect(summary.textContent).toContain("Address invalid");
    expect(summary.textContent).toContain("Address fails the checks");
  });
});

describe("fixing the address of an order held for it", () => {
  it("after saving, the order is read again: the hold banner is gone and the panel says the hold was lifted", async () => {
    fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id));
    const panel = await openFirstOrder();
    expect(within(panel).getByTestId("hold-banner")).toBeTruthy();
    const reads = fakeApi.orderDetail.mock.calls.length;
    // The backend re-runs the rules on an address edit; the rule no longer holds the order.
    fakeApi.applyAction.mockImplementation(async (ids) => {
      fakeApi.orderDetail.mockImplementation(async (id) => ({ ...detail({ id, status: "ready" }), rules: run({ cause: "rerun" }) }));
      return { applied: ids, refused: [] };
    });
    fireEvent.click(within(panel).getByTestId("action-edit-address"));
    fireEvent.change(screen.getByTestId("address-postal_code"), { target: { value: "97210" } });
    fireEvent.click(screen.getByTestId("address-submit"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], expect.objectContaining({ action: "edit_ship_to" })));
    const saved = await screen.findByTestId("address-saved");
    expect(fakeApi.orderDetail.mock.calls.length).toBeGreaterThan(reads);
    expect(saved.textContent).toContain("address hold was lifted");
    expect(saved.getAttribute("data-hold-lifted")).toBe("true");
    expect(screen.queryByTestId("hold-banner")).toBeNull();
    expect(screen.getByTestId("detail-status").textContent).toBe("Ready");
    expect(screen.queryByTestId("address-form")).toBeNull();
  });

  it("says so when the saved address still fails the checks and the order stays held", async () => {
    fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id));
    const panel = await openFirstOrder();
    fakeApi.applyAction.mockImplementation(async (ids) => {
      fakeApi.orderDetail.mockImplementation(async (id) => heldDetail(id, "address_invalid", { note: "Postal code does not match the city" }));
      return { applied: ids, refused: [] };
    });
    fireEvent.click(within(panel).getByTestId("action-edit-address"));
    fireEvent.click(screen.getByTestId("address-submit"));
    const saved = await screen.findByTestId("address-saved");
    expect(saved.textContent).toContain("still held for its address");
    expect(saved.textContent).toContain("Postal code does not match the city");
    expect(screen.getByTestId("hold-banner")).toBeTruthy();
  });
});
