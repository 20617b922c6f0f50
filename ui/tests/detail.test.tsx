// The order detail panel: actions send exactly the ManualAction the person chose, refusals are
// shown where the person is working, and the timeline reads as who-did-what.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { ApiError } from "../src/api";
import type { OrderEvent } from "../src/bindings";
import { Timeline } from "../src/components/detail/Timeline";
import { ADDRESS, detail, summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

async function openFirstOrder() {
  fakeApi.listOrders.mockResolvedValue({ items: summaries(3), next_cursor: null });
  render(<App />);
  const rows = await screen.findAllByTestId("order-row");
  fireEvent.click(rows[0]);
  await waitFor(() => expect(screen.getByTestId("order-detail").getAttribute("data-order-id")).toBe("ord_0001"));
  return screen.getByTestId("order-detail");
}

beforeEach(() => {
  resetFakeApi();
});

describe("order detail", () => {
  it("shows the order's status label, lines and totals", async () => {
    fakeApi.orderDetail.mockResolvedValue(detail({ id: "ord_0001", status: "partially_shipped", currency: "JPY", total: 12000, subtotal: 12000 }));
    const panel = await openFirstOrder();
    expect(within(panel).getByTestId("detail-status").textContent).toBe("Partially shipped");
    expect(within(panel).getByTestId("order-lines").textContent).toContain("SKU-1");
    expect(within(panel).getByTestId("order-totals").textContent).toContain("¥12,000");
  });

  it("the hold form sends a ManualAction with the chosen reason, note and no release time", async () => {
    const panel = await openFirstOrder();
    fireEvent.click(within(panel).getByTestId("action-hold"));
    fireEvent.change(screen.getByTestId("hold-reason"), { target: { value: "fraud_risk" } });
    fireEvent.change(screen.getByTestId("hold-note"), { target: { value: "  AVS mismatch  " } });
    fireEvent.click(screen.getByTestId("hold-submit"));
    await waitFor(() =>
      expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "hold", reason: "fraud_risk", note: "AVS mismatch", release_at: null }),
    );
    // Done: the form closes and the order is re-read.
    await waitFor(() => expect(screen.queryByTestId("hold-form")).toBeNull());
    expect(fakeApi.orderDetail.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("a held order offers a one-click Release (not Hold) and shows why, by whom and until when", async () => {
    fakeApi.orderDetail.mockResolvedValue(
      detail({
        id: "ord_0001",
        status: "on_hold",
        hold: { reason: "address_invalid", note: "Postal code does not match", placed_by: "rule:rul_7", placed_at: "2025-01-10T10:00:00Z", release_at: "2025-01-12T10:00:00Z" },
        owned_fields: ["hold"],
      }),
    );
    const panel = await openFirstOrder();
    expect(within(panel).queryByTestId("action-hold")).toBeNull();
    const banner = within(panel).getByTestId("hold-banner");
    expect(banner.textContent).toContain("Address invalid");
    expect(banner.textContent).toContain("Postal code does not match");
    expect(banner.textContent).toContain("Placed by Rule");
    expect(banner.textContent).toContain("releases automatically");
    expect(within(panel).getByTestId("owned-hold").textContent).toBe("set by hand");
    fireEvent.click(within(panel).getByTestId("action-release"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "release", note: "" }));
  });

  it("an address edit refused by the backend shows the message and keeps the form open", async () => {
    const panel = await openFirstOrder();
    fakeApi.applyAction.mockResolvedValue({
      applied: [],
      refused: [{ id: "ord_0001", number: "#1001", code: "invalid_input", message: "the address is not usable: city: must not be empty" }],
    });
    fireEvent.click(within(panel).getByTestId("action-edit-address"));
    fireEvent.change(screen.getByTestId("address-city"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("address-submit"));
    const error = await screen.findByTestId("address-error");
    expect(error.textContent).toBe("the address is not usable: city: must not be empty");
    expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "edit_ship_to", address: { ...ADDRESS, city: "" } });
    expect(screen.getByTestId("address-form")).toBeTruthy();
    expect((screen.getByTestId("address-city") as HTMLInputElement).value).toBe("");
  });

  it("an address edit rejected with an error code also shows inline, not only as a toast", async () => {
    const panel = await openFirstOrder();
    fakeApi.applyAction.mockRejectedValue(new ApiError("invalid_input", "the address is not usable: postal_code: must not be empty"));
    fireEvent.click(within(panel).getByTestId("action-edit-address"));
    fireEvent.click(screen.getByTestId("address-submit"));
    expect((await screen.findByTestId("address-error")).textContent).toContain("postal_code: must not be empty");
    expect(screen.getByTestId("address-form")).toBeTruthy();
  });

  it("removing a tag sends remove_tag for that tag", async () => {
    const panel = await openFirstOrder();
    fireEvent.click(within(within(panel).getByTestId("tags")).getByLabelText("Remove tag vip"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "remove_tag", tag: "vip" }));
  });

  it("adding a tag sends add_tag with the trimmed text", async () => {
    const panel = await openFirstOrder();
    fireEvent.click(within(panel).getByTestId("action-add-tag"));
    fireEvent.change(screen.getByTestId("tag-input"), { target: { value: " priority " } });
    fireEvent.click(screen.getByTestId("tag-submit"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "add_tag", tag: "priority" }));
  });

  it("cancel asks for confirmation before sending anything", async () => {
    const panel = await openFirstOrder();
    fireEvent.click(within(panel).getByTestId("action-cancel"));
    expect(fakeApi.applyAction).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("cancel-input"), { target: { value: "customer asked" } });
    fireEvent.click(screen.getByTestId("cancel-submit"));
    await waitFor(() => expect(fakeApi.applyAction).toHaveBeenCalledWith(["ord_0001"], { action: "cancel", note: "customer asked" }));
  });
});

describe("timeline", () => {
  const at = (m: number) => new Date(Date.UTC(2025, 0, 10, 10, m)).toISOString();
  const events: OrderEvent[] = [
    { order_id: "o", at: at(0), actor: "channel:chn_1", kind: { type: "imported", channel_status: "paid" } },
    { order_id: "o", at: at(1), actor: "rule:rul_01", kind: { type: "rule_applied", rule: "Signature over 300", summary: "signature required" } },
    { order_id: "o", at: at(2), actor: "system", kind: { type: "routed", location: "loc_1", carrier: "UPS", service: "Ground" } },
    { order_id: "o", at: at(3), actor: "user:ana", kind: { type: "held", reason: "fraud_risk", note: "check card", release_at: null } },
    { order_id: "o", at: at(4), actor: "partner:loc_1", kind: { type: "shipped", carrier: "UPS", tracking: ["1Z1", "1Z2"] } },
    { order_id: "o", at: at(5), actor: "user:marco", kind: { type: "address_edited", before: ADDRESS, after: { ...ADDRESS, city: "Salem" } } },
  ];
  const names = { channelName: (id: string) => (id === "chn_1" ? "Trailhead" : id), locationName: (id: string) => (id === "loc_1" ? "Reno DC" : id) };

  it("renders one entry per event, oldest first, with human actors and a sentence per kind", () => {
    render(<Timeline events={events} names={names} now={new Date(Date.UTC(2025, 0, 11))} />);
    const entries = screen.getAllByTestId("timeline-event");
    expect(entries).toHaveLength(events.length);
    expect(entries.map((e) => e.getAttribute("data-event-type"))).toEqual(["imported", "rule_applied", "routed", "held", "shipped", "address_edited"]);
    expect(screen.getAllByTestId("timeline-actor").map((a) => a.textContent)).toEqual(["Channel", "Rule", "Waybill", "ana", "Partner", "marco"]);
    expect(entries[0].textContent).toContain("Imported from Trailhead");
    expect(entries[2].textContent).toContain("Routed to Reno DC, UPS · Ground");
    expect(entries[3].textContent).toContain("Held: Fraud risk");
    expect(entries[4].textContent).toContain("Tracking 1Z1, 1Z2");
    expect(entries[5].textContent).toContain("city: Portland → Salem");
  });
});
