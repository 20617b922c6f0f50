// The locations & partners screen: own places and partners in two groups, today's load against
// the daily capacity, the capacity edited in place (an emptied box is no limit: null), adding a
// location with the backend's refusal placed on the field it names, and the partner health spot
// marked as not reported (no numbers made up).
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import { App } from "../src/App";
import type { LocationView } from "../src/bindings";
import { dayLoad } from "../src/components/locations/CapacityBar";
import { PartnerHealth } from "../src/components/locations/PartnerHealth";
import { buildNewLocation, EMPTY_LOCATION, placeLocationRefusal } from "../src/components/locations/newLocation";
import { fakeApi, resetFakeApi } from "./fake-api";
import { location } from "./stock-fakes";

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

  it("every partner card keeps a marked spot for its health, with no numbers until the backend reports them", async () => {
    await openLocations();
    for (const name of ["Amazon MCF Osaka", "Rotterdam 3PL"]) {
      const spot = within(card(name)).getByTestId("partner-health");
      expect(spot.getAttribute("data-state")).toBe("pending");
      expect(spot.textContent).not.toMatch(/\d/);
    }
    expect(within(card("Reno DC")).queryByTestId("partner-health")).toBeNull();
  });

  it("the health spot shows what it is given", () => {
    render(
      <PartnerHealth
        now={new Date("2026-11-26T10:00:00Z")}
        health={{ backlog: 4, oldest_unacknowledged_at: "2026-11-26T08:00:00Z", last_success_at: null, error_rate: 0.12, sla_breaches: 1, handoffs: [] }}
      />,
    );
    const spot = screen.getByTestId("partner-health");
    expect(spot.getAttribute("data-state")).toBe("reported");
    expect(spot.textContent).toContain("Backlog4");
    expect(spot.textContent).toContain("2h ago");
    expect(spot.textContent).toContain("12 %");
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
