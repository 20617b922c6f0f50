// A partner's confirmation entered by hand, from the order detail's shipments: "Enter tracking…"
// is offered only on an open shipment (reserved, handed off, accepted) at a partner (drop-ship
// vendor, 3PL, Amazon MCF); submitting sends exactly that shipment, carrier and tracking number
// and reads the order again; a refusal naming a field is shown on that field with nothing else
// changed; missing values are named before anything is sent; Esc closes the form.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { ApiError } from "../src/api";
import type { LocationKind, ShipmentStatus, ShipmentView } from "../src/bindings";
import { canEnterTracking, placeTrackingRefusal } from "../src/components/detail/enterTracking";
import { detail, summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";
import { shipment } from "./stock-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const VENDOR = { location_id: "loc_pac", location_name: "Pacific Drop-ship", location_kind: "drop_ship_vendor" as const };

async function openOrder(shipments: ShipmentView[], carrier: string | null = null) {
  fakeApi.orderDetail.mockImplementation(async (id) => {
    const d = detail({ id, status: "handed_off", location_id: "loc_pac", carrier });
    return { ...d, shipments };
  });
  fakeApi.listOrders.mockResolvedValue({ items: summaries(1), next_cursor: null });
  fakeApi.facets.mockResolvedValue({ channels: [], locations: [], carriers: ["DHL", "FedEx", "UPS", "USPS"], tags: [] });
  render(<App />);
  fireEvent.click((await screen.findAllByTestId("order-row"))[0]);
  await waitFor(() => expect(screen.getByTestId("order-detail").getAttribute("data-order-id")).toBe("ord_0001"));
  return screen.getByTestId("order-detail");
}

/** Opens the form of the panel's only offering shipment. */
async function openForm(panel: HTMLElement) {
  fireEvent.click(await within(panel).findByTestId("enter-tracking"));
  return within(panel).getByTestId("tracking-form");
}

function type(form: HTMLElement, field: "carrier" | "tracking", value: string) {
  fireEvent.change(within(form).getByTestId(`tracking-${field}`), { target: { value } });
}

beforeEach(() => {
  resetFakeApi();
});

describe("Enter tracking: offered only for open partner shipments", () => {
  it("appears on reserved, handed-off and accepted shipments at a drop-ship vendor, 3PL or Amazon MCF, and on no other", async () => {
    const cases: [ShipmentStatus, LocationKind, boolean][] = [
      ["reserved", "drop_ship_vendor", true],
      ["handed_off", "third_party_logistics", true],
      ["accepted", "amazon_mcf", true],
      ["shipped", "drop_ship_vendor", false],
      ["rejected", "third_party_logistics", false],
      ["cancelled", "amazon_mcf", false],
      ["reserved", "warehouse", false],
      ["accepted", "store", false],
    ];
    const panel = await openOrder(
      cases.map(([status, location_kind], i) => shipment({ id: `shp_${i + 1}`, seq: i + 1, status, location_kind, location_id: `loc_${i + 1}`, location_name: `Place ${i + 1}` })),
    );
    const items = within(panel).getAllByTestId("shipment");
    expect(items.map((s) => within(s).queryByTestId("enter-tracking") !== null)).toEqual(cases.map(([, , offered]) => offered));
    // The rule itself, as the panel applies it.
    for (const [status, location_kind, offered] of cases) expect(canEnterTracking({ status, location_kind })).toBe(offered);
  });

  it("the action opens an inline form under its shipment with the known carriers as suggestions, and toggles it closed", async () => {
    const panel = await openOrder([shipment({ id: "shp_1", status: "handed_off", ...VENDOR })]);
    const form = await openForm(panel);
    const item = within(panel).getByTestId("shipment");
    expect(item.contains(form)).toBe(true);
    const carrier = within(form).getByTestId("tracking-carrier") as HTMLInputElement;
    expect(document.activeElement).toBe(carrier);
    const list = document.getElementById(carrier.getAttribute("list") ?? "");
    expect([...(list?.querySelectorAll("option") ?? [])].map((o) => o.getAttribute("value"))).toEqual(["DHL", "FedEx", "UPS", "USPS"]);
    fireEvent.click(within(panel).getByTestId("enter-tracking"));
    expect(within(panel).queryByTestId("tracking-form")).toBeNull();
  });
});

describe("Enter tracking: submitting", () => {
  it("sends exactly the shipment, carrier and tracking number, then reads the order again and closes", async () => {
    const panel = await openOrder([
      shipment({ id: "shp_1", seq: 1, status: "shipped", carrier: "UPS", tracking: "1Z111" }),
      shipment({ id: "shp_2", seq: 2, status: "accepted", ...VENDOR }),
    ]);
    const form = await openForm(panel);
    type(form, "carrier", "FedEx");
    type(form, "tracking", " 771234567890 ");
    const reads = fakeApi.orderDetail.mock.calls.length;
    // Enter in a field submits the form.
    fireEvent.submit(form);
    await waitFor(() => expect(fakeApi.confirmShipment).toHaveBeenCalledTimes(1));
    expect(fakeApi.confirmShipment).toHaveBeenCalledWith("shp_2", "FedEx", "771234567890");
    await waitFor(() => expect(fakeApi.orderDetail.mock.calls.length).toBeGreaterThan(reads));
    await waitFor(() => expect(within(panel).queryByTestId("tracking-form")).toBeNull());
    expect(screen.queryByTestId("error-toast")).toBeNull();
  });

  it("starts the carrier from the order's carrier, with the tracking number to type", async () => {
    const panel = await openOrder([shipment({ id: "shp_1", status: "reserved", ...VENDOR })], "UPS");
    const form = await openForm(panel);
    expect((within(form).getByTestId("tracking-carrier") as HTMLInputElement).value).toBe("UPS");
    expect(document.activeElement).toBe(within(form).getByTestId("tracking-tracking"));
    type(form, "tracking", "1Z999AA10123456784");
    fireEvent.click(within(form).getByTestId("tracking-submit"));
    await waitFor(() => expect(fakeApi.confirmShipment).toHaveBeenCalledWith("shp_1", "UPS", "1Z999AA10123456784"));
  });

  it("names a missing carrier or tracking number on its field and sends nothing", async () => {
    const panel = await openOrder([shipment({ id: "shp_1", status: "reserved", ...VENDOR })]);
    const form = await openForm(panel);
    type(form, "tracking", "   ");
    fireEvent.submit(form);
    expect(within(form).getByTestId("tracking-carrier-problem").textContent).toBe("Name the carrier");
    expect(within(form).getByTestId("tracking-tracking-problem").textContent).toBe("Enter the tracking number");
    expect(fakeApi.confirmShipment).not.toHaveBeenCalled();
    // Typing in a field clears its problem, and only its own.
    type(form, "carrier", "DHL");
    expect(within(form).queryByTestId("tracking-carrier-problem")).toBeNull();
    expect(within(form).getByTestId("tracking-tracking-problem")).toBeTruthy();
  });

  it("Esc closes the form without sending, and leaves the order open", async () => {
    const panel = await openOrder([shipment({ id: "shp_1", status: "reserved", ...VENDOR })]);
    const form = await openForm(panel);
    type(form, "tracking", "1Z999");
    fireEvent.keyDown(within(form).getByTestId("tracking-tracking"), { key: "Escape" });
    expect(within(panel).queryByTestId("tracking-form")).toBeNull();
    expect(document.activeElement).toBe(within(panel).getByTestId("enter-tracking"));
    expect(screen.getByTestId("order-detail")).toBeTruthy();
    expect(fakeApi.confirmShipment).not.toHaveBeenCalled();
  });
});

describe("Enter tracking: refusals", () => {
  it("a `tracking: …` refusal is shown on the tracking field, and nothing else changes", async () => {
    fakeApi.confirmShipment.mockRejectedValue(new ApiError("invalid_input", "tracking: 1Z12 is not a tracking number UPS issues"));
    const panel = await openOrder([shipment({ id: "shp_1", status: "handed_off", ...VENDOR })]);
    const form = await openForm(panel);
    type(form, "carrier", "UPS");
    type(form, "tracking", "1Z12");
    const reads = fakeApi.orderDetail.mock.calls.length;
    fireEvent.submit(form);
    const problem = await within(form).findByTestId("tracking-tracking-problem");
    expect(problem.textContent).toBe("1Z12 is not a tracking number UPS issues");
    const tracking = within(form).getByTestId("tracking-tracking") as HTMLInputElement;
    expect(tracking.getAttribute("aria-invalid")).toBe("true");
    expect(tracking.getAttribute("aria-describedby")).toBe(problem.id);
    expect(document.activeElement).toBe(tracking);
    // Nothing else: the carrier is fine, no general error or toast, what was typed is kept, the
    // shipment is as it was and the order was not read again.
    expect(within(form).queryByTestId("tracking-carrier-problem")).toBeNull();
    expect(within(form).getByTestId("tracking-carrier").getAttribute("aria-invalid")).toBeNull();
    expect(within(form).queryByTestId("tracking-error")).toBeNull();
    expect(screen.queryByTestId("error-toast")).toBeNull();
    expect((within(form).getByTestId("tracking-carrier") as HTMLInputElement).value).toBe("UPS");
    expect(tracking.value).toBe("1Z12");
    expect(within(panel).getByTestId("shipment-status").textContent).toBe("Handed off");
    expect(fakeApi.orderDetail.mock.calls.length).toBe(reads);
    expect(fakeApi.confirmShipment).toHaveBeenCalledTimes(1);
  });

  it("a refusal naming no field (the shipment is no longer open) is shown above the buttons", async () => {
    fakeApi.confirmShipment.mockRejectedValue(new ApiError("not_allowed", "shipment shp_1 is shipped: only an open shipment can be confirmed"));
    const panel = await openOrder([shipment({ id: "shp_1", status: "accepted", ...VENDOR })]);
    const form = await openForm(panel);
    type(form, "carrier", "UPS");
    type(form, "tracking", "1Z999");
    fireEvent.submit(form);
    expect((await within(form).findByTestId("tracking-error")).textContent).toBe("shipment shp_1 is shipped: only an open shipment can be confirmed");
    expect(within(form).queryByTestId("tracking-tracking-problem")).toBeNull();
    expect(within(form).queryByTestId("tracking-carrier-problem")).toBeNull();
  });

  it("places a refusal on the field its message starts with", () => {
    expect(placeTrackingRefusal("carrier: name the carrier")).toEqual({ field: "carrier", text: "name the carrier" });
    expect(placeTrackingRefusal("tracking: enter the tracking number")).toEqual({ field: "tracking", text: "enter the tracking number" });
    expect(placeTrackingRefusal("there is no shipment shp_9")).toEqual({ field: null, text: "there is no shipment shp_9" });
  });
});
