// The order detail's shipments: a split order reads at a glance (1 of 2 from one location, 2 of 2
// from another, each with its status, lines and tracking), the parcels a partner reported show
// under their shipment, a partner's refusal is shown with its reason, and an order with no
// shipments has no Shipments section at all.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import type { ShipmentView } from "../src/bindings";
import { detail, summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";
import { parcel, shipment } from "./stock-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

async function openOrder(shipments: ShipmentView[]) {
  fakeApi.orderDetail.mockImplementation(async (id) => ({ ...detail({ id, status: "partially_shipped", location_id: "loc_reno" }), shipments }));
  fakeApi.listOrders.mockResolvedValue({ items: summaries(1), next_cursor: null });
  render(<App />);
  fireEvent.click((await screen.findAllByTestId("order-row"))[0]);
  await waitFor(() => expect(screen.getByTestId("order-detail").getAttribute("data-order-id")).toBe("ord_0001"));
  return screen.getByTestId("order-detail");
}

beforeEach(() => {
  resetFakeApi();
});

describe("order detail: shipments", () => {
  it("shows a split order's two shipments, 1 of 2 and 2 of 2, with their locations, statuses, lines and tracking", async () => {
    const panel = await openOrder([
      // Given out of order: the panel lists them first to last.
      shipment({ id: "shp_2", seq: 2, location_id: "loc_nwk", location_name: "Newark DC", status: "reserved", lines: [{ sku: "CUP-TI-450", quantity: 1 }] }),
      shipment({
        id: "shp_1",
        seq: 1,
        status: "shipped",
        lines: [
          { sku: "MUG-01", quantity: 2 },
          { sku: "LMP-400", quantity: 1 },
        ],
        carrier: "UPS",
        tracking: "1Z999AA10123456784",
        shipped_at: "2025-01-11T09:00:00Z",
      }),
    ]);
    const section = within(panel).getByTestId("shipments");
    expect(within(section).getByTestId("shipments-split").textContent).toBe("Split: 2 shipments from 2 locations");
    const items = within(section).getAllByTestId("shipment");
    expect(items.map((s) => s.getAttribute("aria-label"))).toEqual(["Shipment 1 of 2", "Shipment 2 of 2"]);
    expect(items.map((s) => within(s).getByTestId("shipment-location").textContent)).toEqual(["Reno DC", "Newark DC"]);
    expect(items.map((s) => within(s).getByTestId("shipment-status").textContent)).toEqual(["Shipped", "Reserved"]);
    expect(items[0].textContent).toContain("1 of 2");
    expect(items[0].textContent).toContain("Warehouse");
    expect(within(items[0]).getByTestId("shipment-lines").textContent).toBe("2 × MUG-011 × LMP-400");
    expect(within(items[0]).getByTestId("shipment-tracking").textContent).toBe("UPS · 1Z999AA10123456784");
    expect(within(items[1]).queryByTestId("shipment-tracking")).toBeNull();
    // The shipping facts name both places.
    expect(panel.textContent).toContain("Reno DC + Newark DC");
  });

  it("a partner's rejected shipment shows its reason and reference, and does not count as a split", async () => {
    const panel = await openOrder([
      shipment({
        id: "shp_1",
        seq: 1,
        location_id: "loc_rtm",
        location_name: "Rotterdam 3PL",
        location_kind: "third_party_logistics",
        status: "rejected",
        partner_ref: "RTM-88012",
        note: "SKU not set up at partner",
        handed_off_at: "2025-01-10T10:20:00Z",
      }),
      shipment({ id: "shp_2", seq: 2, status: "reserved" }),
    ]);
    const items = within(panel).getAllByTestId("shipment");
    expect(items[0].getAttribute("data-status")).toBe("rejected");
    expect(within(items[0]).getByTestId("shipment-note").textContent).toBe("Rejected: SKU not set up at partner");
    expect(items[0].textContent).toContain("RTM-88012");
    expect(items[0].textContent).toContain("3PL");
    expect(within(panel).queryByTestId("shipments-split")).toBeNull();
  });

  it("parcels a partner reported render under their shipment, each with its carrier, tracking number and lines", async () => {
    const panel = await openOrder([
      shipment({
        id: "shp_1",
        seq: 1,
        location_id: "loc_mcf",
        location_name: "Amazon MCF",
        location_kind: "amazon_mcf",
        status: "accepted",
        partner_ref: "MCF-88012-1",
        lines: [
          { sku: "MUG-01", quantity: 2 },
          { sku: "LMP-400", quantity: 1 },
        ],
        carrier: "UPS",
        tracking: "1Z111, 1Z222",
        handed_off_at: "2025-01-10T10:20:00Z",
        acknowledged_at: "2025-01-10T10:45:00Z",
        packages: [
          parcel({ carrier: "UPS", tracking: "1Z111", lines: [{ sku: "MUG-01", quantity: 2 }] }),
          parcel({ carrier: "UPS", tracking: "1Z222", lines: [{ sku: "LMP-400", quantity: 1 }] }),
        ],
      }),
      shipment({ id: "shp_2", seq: 2, status: "reserved" }),
    ]);
    const [partner, own] = within(panel).getAllByTestId("shipment");
    const parcels = within(partner).getByTestId("parcels");
    expect(parcels.textContent).toContain("2 parcels");
    const items = within(parcels).getAllByTestId("parcel");
    expect(items.map((p) => within(p).getByTestId("parcel-tracking").textContent)).toEqual(["1Z111", "1Z222"]);
    expect(items[0].textContent).toContain("UPS");
    expect(within(items[0]).getByTestId("parcel-lines").textContent).toBe("2 × MUG-01");
    expect(within(items[1]).getByTestId("parcel-lines").textContent).toBe("1 × LMP-400");
    // The parcels carry the tracking numbers: not repeated as a separate fact.
    expect(within(partner).queryByTestId("shipment-tracking")).toBeNull();
    expect(partner.textContent).toContain("Acknowledged");
    // A shipment without parcels shows none.
    expect(within(own).queryByTestId("parcels")).toBeNull();
  });

  it("a shipment with several tracking numbers and no parcels lists each number", async () => {
    const panel = await openOrder([shipment({ status: "shipped", carrier: "UPS", tracking: "1Z111, 1Z222", shipped_at: "2025-01-11T09:00:00Z" })]);
    const tracking = within(panel).getByTestId("shipment-tracking");
    expect([...tracking.querySelectorAll("code")].map((c) => c.textContent)).toEqual(["1Z111", "1Z222"]);
  });

  it("an order without shipments has no Shipments section", async () => {
    const panel = await openOrder([]);
    expect(within(panel).queryByTestId("shipments")).toBeNull();
  });
});
