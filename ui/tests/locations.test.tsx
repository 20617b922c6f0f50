// The locations & partners screen: own places and partners in two groups, today's load against
// the daily capacity, the capacity edited in place (an emptied box is no limit: null), adding a
// location with the backend's refusal placed on the field it names, each partner's health from
// partnersView (with no numbers made up before it is read) and its hand-offs from partnerHandoffs.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import { App } from "../src/App";
import type { LocationView } from "../src/bindings";
import { dayLoad } from "../src/components/locations/CapacityBar";
import { buildNewLocation, EMPTY_LOCATION, placeLocationRefusal } from "../src/components/locations/newLocation";
import { fakeApi, resetFakeApi } from "./fake-api";
import { location, parcel, partnerHealth, shipment } from "./stock-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const LOCATIONS: LocationView[] = [
  location({ id: "loc_mcf", name: "Amazon MCF Osaka", kind: "amazon_mcf", daily_capacity: null, shipments_today: 57, adapter: "mcf" }),
  location({ id: "loc_reno", name: "Reno DC", kind: "warehouse", daily_capacity: 400, shipments_today: 212, open_shipments: 138 }),
  location({ id: "loc_rtm", name: "Rotterdam 3PL", kind: "third_party_logistics", daily_capacity: 300, shipments_today: 96, adapter: "threepl" }),
  location({ id: "loc_bkln", name: "Brooklyn store", kind: "store", daily_capacity: 40, shipments_today: 43 }),
];

async function openLocations(list = LOCATIONS) {
  fakeApi.locationsView.mockResolvedValue(list);
  window.location.hash = "#locations";
  render(<App />);
  await screen.findByTestId("locations-page");
  await waitFor(() => expect(screen.getAllByTestId("location-card")).toHaveLength(list.length));
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const card = (name: string) => screen.getByRole("article", { name });
const names = (group: string) => within(screen.getByTestId(group)).getAllByTestId("location-card").map((c) => c.getAttribute("aria-label"));

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("locations screen", () => {
  it("groups own locations (warehouses, stores) apart from partners (3PL, MCF, drop-ship), each by name", async () => {
    await openLocations();
    expect(names("locations-own")).toEqual(["Brooklyn store", "Reno DC"]);
    expect(names("locations-partners")).toEqual(["Amazon MCF Osaka", "Rotterdam 3PL"]);
    expect(screen.getByTestId("locations-summary").textContent).toBe("2 own · 2 partners");
    // Partners name their adapter; own places do not have one.
    expect(within(card("Rotterdam 3PL")).getByTestId("adapter").textContent).toBe("3PL API");
    expect(within(card("Reno DC")).queryByTestId("adapter")).toBeNull();
  });

  it("shows today's shipments against the daily capacity, over capacity and no limit", async () => {
    await openLocations();
    expect(within(card("Reno DC")).getByTestId("capacity-text").textContent).toBe("212 of 400 a day");
    expect(within(card("Reno DC")).getByRole("meter").getAttribute("data-tone")).toBe("ok");
    expect(within(card("Brooklyn store")).getByTestId("capacity-text").textContent).toBe("43 of 40 a day · 3 over");
    expect(within(card("Brooklyn store")).getByRole("meter").getAttribute("data-tone")).toBe("full");
    expect(within(card("Amazon MCF Osaka")).getByTestId("capacity-text").textContent).toBe("57 shipments · no daily limit");
    expect(within(card("Amazon MCF Osaka")).queryByRole("meter")).toBeNull();
    expect(within(card("Reno DC")).getByTestId("open-shipments").textContent).toBe("138");
  });

  it("an emptied capacity is sent as null (no limit); a number as that number; a bad one not at all", async () => {
    await openLocations();
    const reno = card("Reno DC");
    fireEvent.click(within(reno).getByTestId("capacity-edit"));
    const input = within(reno).getByTestId("capacity-input") as HTMLInputElement;
    expect(input.value).toBe("400");
    expect(document.activeElement).toBe(input);

    fireEvent.change(input, { target: { value: "lots" } });
    fireEvent.click(within(reno).getByTestId("capacity-save"));
    expect(within(reno).getByTestId("capacity-error").textContent).toMatch(/whole number/);
    expect(fakeApi.setLocationCapacity).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: "  " } });
    fireEvent.click(within(reno).getByTestId("capacity-save"));
    await waitFor(() => expect(fakeApi.setLocationCapacity).toHaveBeenCalledWith("loc_reno", null));
    await waitFor(() => expect(within(reno).queryByTestId("capacity-form")).toBeNull());

    fireEvent.click(within(card("Brooklyn store")).getByTestId("capacity-edit"));
    fireEvent.change(within(card("Brooklyn store")).getByTestId("capacity-input"), { target: { value: "60" } });
    fireEvent.submit(within(card("Brooklyn store")).getByTestId("capacity-form"));
    await waitFor(() => expect(fakeApi.setLocationCapacity).toHaveBeenCalledWith("loc_bkln", 60));
  });

  it("Escape leaves the capacity as it was", async () => {
    await openLocations();
    const reno = card("Reno DC");
    fireEvent.click(within(reno).getByTestId("capacity-edit"));
    fireEvent.change(within(reno).getByTestId("capacity-input"), { target: { value: "" } });
    fireEvent.keyDown(within(reno).getByTestId("capacity-input"), { key: "Escape" });
    expect(within(reno).queryByTestId("capacity-form")).toBeNull();
    expect(fakeApi.setLocationCapacity).not.toHaveBeenCalled();
  });

  it("adds a location, and shows the backend's refusal on the field its message starts with", async () => {
    fakeApi.addLocation.mockRejectedValueOnce(new ApiError("invalid_input", "country: `USA` is not a two-letter country code"));
    await openLocations();
    fireEvent.click(screen.getByTestId("add-location"));
    const form = await screen.findByTestId("add-location-form");
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: " Newark DC " } });
    fireEvent.change(within(form).getByLabelText(/^Kind/), { target: { value: "warehouse" } });
    fireEvent.change(within(form).getByLabelText(/^Postal code/), { target: { value: "07114" } });
    fireEvent.change(within(form).getByLabelText(/^Country/), { target: { value: "USA" } });
    fireEvent.change(within(form).getByLabelText(/^Shipments a day/), { target: { value: "250" } });
    fireEvent.click(within(form).getByTestId("add-location-save"));

    await waitFor(() =>
      expect(fakeApi.addLocation).toHaveBeenCalledWith({ name: "Newark DC", kind: "warehouse", postal_code: "07114", country: "USA", daily_capacity: 250 }),
    );
    const country = within(form).getByTestId("location-field-country");
    expect((await within(country).findByRole("alert")).textContent).toBe("`USA` is not a two-letter country code");
    expect(within(country).getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByTestId("add-location-error").textContent).toBe("`USA` is not a two-letter country code");

    fireEvent.change(within(form).getByLabelText(/^Country/), { target: { value: "us" } });
    expect(within(country).queryByRole("alert")).toBeNull();
    fireEvent.click(within(form).getByTestId("add-location-save"));
    expect((await screen.findByTestId("location-added")).textContent).toContain("Newark DC was added");
    expect(fakeApi.addLocation).toHaveBeenLastCalledWith(expect.objectContaining({ country: "US", daily_capacity: 250 }));
    expect(screen.queryByTestId("add-location-form")).toBeNull();
  });

  it("asks for a name before sending anything; an empty capacity is no limit", () => {
    expect(buildNewLocation({ ...EMPTY_LOCATION, name: "  " })).toEqual({ ok: false, problems: { name: "Required" } });
    expect(buildNewLocation({ ...EMPTY_LOCATION, name: "X", capacity: "-3" })).toEqual({ ok: false, problems: { daily_capacity: expect.any(String) } });
    expect(buildNewLocation({ ...EMPTY_LOCATION, name: "X", capacity: "" })).toMatchObject({ ok: true, location: { daily_capacity: null } });
    expect(placeLocationRefusal("name: there is already a location called Reno DC")).toEqual({ field: "name", text: "there is already a location called Reno DC" });
    expect(placeLocationRefusal("there is no location loc_9")).toEqual({ field: null, text: "there is no location loc_9" });
  });

  it("a partner card shows its backlog, the oldest unacknowledged hand-off (red past 24 h), the error rate as failures of exchanges and its SLA breaches, from partnersView", async () => {
    fakeApi.partnersView.mockResolvedValue({
      partners: [
        partnerHealth({
          id: "loc_rtm",
          name: "Rotterdam 3PL",
          backlog: 7,
          pending_handoffs: 2,
          counts: { reserved: 2, handed_off: 2, accepted: 3, shipped: 40, rejected: 1, cancelled: 0 },
          oldest_unacknowledged_at: ago(27 * HOUR),
          last_success_at: ago(4 * MIN),
          last_error: "429 Too Many Requests: QuotaExceeded",
          last_error_at: ago(6 * MIN),
          error_rate: 3 / 18,
          exchanges: 18,
          failures: 3,
          window_start: ago(47 * MIN),
          sla_breaches: 1,
        }),
        partnerHealth({ id: "loc_mcf", name: "Amazon MCF Osaka", kind: "amazon_mcf", adapter: "mcf", backlog: 1, oldest_unacknowledged_at: ago(2 * HOUR) }),
      ],
    });
    await openLocations();
    const rtm = card("Rotterdam 3PL");
    await waitFor(() => expect(within(rtm).getByTestId("partner-health").getAttribute("data-state")).toBe("reported"));
    expect(within(rtm).getByTestId("partner-backlog").textContent).toBe("Backlog7");
    expect(within(rtm).getByTestId("partner-backlog-detail").textContent).toBe("2 awaiting acknowledgement · 3 accepted · 2 to hand off");
    const oldest = within(rtm).getByTestId("partner-oldest");
    expect(oldest.textContent).toContain("27 h ago");
    expect(oldest.getAttribute("data-late")).toBe("true");
    expect(oldest.className).toContain("is-bad");
    expect(within(rtm).getByTestId("partner-error-rate").textContent).toBe("Error rate17 %3 of 18 failed");
    expect(within(rtm).getByTestId("partner-sla").textContent).toBe("SLA breaches1");
    expect(within(rtm).getByTestId("partner-sla").className).toContain("is-bad");
    expect(within(rtm).getByTestId("partner-last-success").textContent).toBe("Last success4 min ago");
    expect(within(rtm).getByTestId("partner-last-error").textContent).toBe("Last error 6 min ago: 429 Too Many Requests: QuotaExceeded");
    expect(within(rtm).queryByTestId("partner-problem")).toBeNull();

    // Within a day is not late; no breaches are not highlighted; no exchanges is no rate at all.
    const mcf = card("Amazon MCF Osaka");
    expect(within(mcf).getByTestId("partner-oldest").textContent).toContain("2 h ago");
    expect(within(mcf).getByTestId("partner-oldest").getAttribute("data-late")).toBe("false");
    expect(within(mcf).getByTestId("partner-sla").className).not.toContain("is-bad");
    expect(within(mcf).getByTestId("partner-error-rate").textContent).toBe("Error rate—no exchanges");
    expect(within(mcf).queryByTestId("partner-last-error")).toBeNull();
    // Own places have no partner health.
    expect(within(card("Reno DC")).queryByTestId("partner-health")).toBeNull();
  });

  it("a partner whose adapter cannot be built says why in plain words", async () => {
    fakeApi.partnersView.mockResolvedValue({
      partners: [
        partnerHealth({ id: "loc_rtm", name: "Rotterdam 3PL", problem: "token: not in the credential store; enter partner Rotterdam 3PL's token again", backlog: 4, pending_handoffs: 4 }),
        partnerHealth({ id: "loc_mcf", name: "Amazon MCF Osaka", kind: "amazon_mcf" }),
      ],
    });
    await openLocations();
    const problem = await within(card("Rotterdam 3PL")).findByTestId("partner-problem");
    expect(problem.textContent).toBe("Setup problem: token: not in the credential store; enter partner Rotterdam 3PL's token again");
    expect(within(card("Amazon MCF Osaka")).queryByTestId("partner-problem")).toBeNull();
  });

  it("partner health not read yet, or not readable, shows no numbers", async () => {
    fakeApi.partnersView.mockReturnValue(new Promise(() => {}));
    await openLocations();
    for (const name of ["Amazon MCF Osaka", "Rotterdam 3PL"]) {
      const spot = within(card(name)).getByTestId("partner-health");
      expect(spot.getAttribute("data-state")).toBe("loading");
      expect(spot.textContent).not.toMatch(/\d/);
    }
    cleanup();
    resetFakeApi();
    fakeApi.partnersView.mockRejectedValue(new ApiError("internal", "partner state is unreadable"));
    await openLocations();
    const spot = await waitFor(() => {
      const el = within(card("Rotterdam 3PL")).getByTestId("partner-health");
      expect(el.getAttribute("data-state")).toBe("failed");
      return el;
    });
    expect(spot.textContent).toBe("Partner health could not be read: partner state is unreadable");
  });

  it("the Hand-offs list is read only when opened; each order links to its detail and a rejected hand-off shows the partner's reason", async () => {
    fakeApi.partnersView.mockResolvedValue({ partners: [partnerHealth({ id: "loc_rtm", name: "Rotterdam 3PL" }), partnerHealth({ id: "loc_mcf", name: "Amazon MCF Osaka" })] });
    fakeApi.partnerHandoffs.mockResolvedValue([
      shipment({
        id: "shp_9",
        order_id: "ord_0009",
        order_number: "#1009",
        location_id: "loc_rtm",
        location_name: "Rotterdam 3PL",
        location_kind: "third_party_logistics",
        status: "handed_off",
        partner_ref: "SR-88019-1",
        created_at: ago(28 * HOUR),
        handed_off_at: ago(27 * HOUR),
      }),
      shipment({
        id: "shp_7",
        order_id: "ord_0007",
        order_number: "#1007",
        location_id: "loc_rtm",
        location_name: "Rotterdam 3PL",
        location_kind: "third_party_logistics",
        status: "rejected",
        partner_ref: "SR-88007-1",
        note: "SKU not set up at partner",
        handed_off_at: ago(30 * HOUR),
        updated_at: ago(29 * HOUR),
      }),
      shipment({
        id: "shp_5",
        order_id: "ord_0005",
        order_number: "#1005",
        location_id: "loc_rtm",
        location_kind: "third_party_logistics",
        status: "shipped",
        carrier: "DHL",
        tracking: "JD0001, JD0002",
        handed_off_at: ago(50 * HOUR),
        acknowledged_at: ago(49 * HOUR),
        shipped_at: ago(30 * HOUR),
        packages: [parcel({ carrier: "DHL", tracking: "JD0001" }), parcel({ carrier: "DHL", tracking: "JD0002", lines: [{ sku: "CUP-TI-450", quantity: 1 }] })],
      }),
    ]);
    await openLocations();
    const rtm = card("Rotterdam 3PL");
    const toggle = await within(rtm).findByTestId("handoffs-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(fakeApi.partnerHandoffs).not.toHaveBeenCalled();

    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    await waitFor(() => expect(within(rtm).getAllByTestId("handoff")).toHaveLength(3));
    expect(fakeApi.partnerHandoffs).toHaveBeenCalledWith("loc_rtm", 20);
    const [late, rejected, shipped] = within(rtm).getAllByTestId("handoff");

    const link = within(rejected).getByTestId("handoff-order");
    expect(link.textContent).toBe("#1007");
    expect(link.getAttribute("href")).toBe("#orders/ord_0007");
    expect(within(rejected).getByTestId("handoff-status").textContent).toBe("Rejected");
    expect(within(rejected).getByTestId("handoff-ref").textContent).toBe("SR-88007-1");
    expect(within(rejected).getByTestId("handoff-note").textContent).toBe("Rejected: SKU not set up at partner");

    expect(within(late).getByTestId("handoff-late").textContent).toBe("not acknowledged within 24 h");
    expect(within(late).queryByTestId("handoff-note")).toBeNull();

    expect(within(shipped).getAllByTestId("parcel-tracking").map((t) => t.textContent)).toEqual(["JD0001", "JD0002"]);
    expect(within(shipped).getByTestId("parcels").textContent).toContain("2 parcels");
    // Only the opened partner's list was read.
    expect(within(card("Amazon MCF Osaka")).queryByTestId("handoffs")).toBeNull();
  });
});

describe("day load", () => {
  it("is busy from 85 %, full at capacity; a capacity of 0 is always full (it takes nothing)", () => {
    expect(dayLoad(84, 100)).toEqual({ tone: "ok", percent: 84 });
    expect(dayLoad(85, 100).tone).toBe("busy");
    expect(dayLoad(120, 100)).toEqual({ tone: "full", percent: 100 });
    expect(dayLoad(0, 0).tone).toBe("full");
    expect(dayLoad(1, 0)).toEqual({ tone: "full", percent: 100 });
  });
});
