// The inventory screen: the stock table reads per location and per channel with low stock
// first; the adjust form sends nothing without a reason (nor without a note for "other") and
// then exactly the StockChange chosen; a counts file the backend refuses lists its bad lines and
// applies nothing; what a change did (orders routed, shortfalls) is told in a notice.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import { App } from "../src/App";
import type { InventoryView } from "../src/bindings";
import { buildStockChange, type AdjustDraft } from "../src/components/inventory/adjustDraft";
import { previewCounts } from "../src/components/inventory/countsCsv";
import { fakeApi, resetFakeApi } from "./fake-api";
import { BROOKLYN, inventoryOf, RENO, sku } from "./stock-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const SHOP = { id: "chn_shop", name: "Trailhead Supply", buffer: 2, locations: [RENO.id, BROOKLYN.id] };

/** Deliberately not low-first: the screen must put the low one first whatever order it gets. */
const VIEW: InventoryView = inventoryOf(
  [
    sku({
      sku: "LMP-400",
      name: "Headlamp 400 lm",
      tags: ["battery"],
      locations: [
        { location_id: RENO.id, on_hand: 14, reserved: 2, available: 12 },
        { location_id: BROOKLYN.id, on_hand: 3, reserved: 0, available: 3 },
      ],
      on_hand: 17,
      reserved: 2,
      available: 15,
      channels: [{ channel_id: SHOP.id, quantity: 13 }],
    }),
    sku({
      sku: "FUEL-230",
      name: "Isobutane fuel 230 g",
      tags: ["hazmat"],
      low_stock_at: 10,
      locations: [{ location_id: RENO.id, on_hand: 6, reserved: 2, available: 4 }],
      on_hand: 6,
      reserved: 2,
      available: 4,
      channels: [{ channel_id: SHOP.id, quantity: 2 }],
      low: true,
    }),
  ],
  {
    channels: [SHOP],
    total_skus: 40,
    adjustments: [
      {
        at: new Date(Date.now() - 12 * 60_000).toISOString(),
        kind: "adjusted",
        location: "Reno DC",
        sku: "FUEL-230",
        delta: -4,
        on_hand_after: 6,
        reason: "damaged",
        note: "Two cans dented",
        actor: "user:ana",
      },
      { at: new Date(Date.now() - 3_600_000).toISOString(), kind: "reconciled", location: "Reno DC", sku: "LMP-400", delta: 3, on_hand_after: 14, reason: null, note: null, actor: "threepl stock report" },
    ],
  },
);

async function openInventory(view = VIEW) {
  fakeApi.inventoryView.mockResolvedValue(view);
  window.location.hash = "#inventory";
  render(<App />);
  await screen.findByTestId("inventory-page");
  await waitFor(() => expect(screen.getAllByTestId("stock-row")).toHaveLength(view.rows.length));
}

const row = (s: string) => screen.getAllByTestId("stock-row").find((r) => r.getAttribute("data-sku") === s)!;
const cell = (r: HTMLElement, location: string) => within(r).getAllByTestId("stock-cell").find((c) => c.getAttribute("data-location-id") === location)!;

async function openAdjust(s: string) {
  fireEvent.click(within(row(s)).getByTestId("adjust-stock"));
  return screen.findByTestId("adjust-form");
}

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("inventory table", () => {
  it("shows per-location available with on hand/reserved, total available and per-channel sellable, low stock first", async () => {
    await openInventory();
    expect(screen.getAllByTestId("stock-row").map((r) => r.getAttribute("data-sku"))).toEqual(["FUEL-230", "LMP-400"]);
    expect(within(row("FUEL-230")).getByTestId("low-badge").textContent).toBe("Low");
    expect(within(row("LMP-400")).queryByTestId("low-badge")).toBeNull();

    const reno = cell(row("LMP-400"), RENO.id);
    expect(reno.textContent).toBe("1214/2");
    expect(reno.getAttribute("title")).toBe("Reno DC: 14 on hand, 2 reserved, 12 available");
    // Nothing reserved: available is on hand, no second number.
    expect(cell(row("LMP-400"), BROOKLYN.id).textContent).toBe("3");
    // Not stocked there at all.
    expect(cell(row("FUEL-230"), BROOKLYN.id).textContent).toBe("—");
    expect(within(row("LMP-400")).getByTestId("stock-total").textContent).toBe("15");
    expect(within(row("LMP-400")).getByTestId("sellable-cell").textContent).toBe("13");
    expect(screen.getAllByTestId("location-column").map((c) => c.textContent)).toEqual(["Reno DC", "Brooklyn store"]);
    expect(screen.getByTestId("channel-column").textContent).toBe("Trailhead Supply−2 buffer");
    expect(within(row("FUEL-230")).getByText("hazmat")).toBeTruthy();

    expect(screen.getByTestId("tile-skus").textContent).toBe("40");
    expect(screen.getByTestId("tile-low").textContent).toBe("1");
  });

  it("asks the backend again with the search words and the low-stock toggle", async () => {
    await openInventory();
    fireEvent.change(screen.getByTestId("inventory-search"), { target: { value: " fuel " } });
    await waitFor(() => expect(fakeApi.inventoryView).toHaveBeenLastCalledWith({ search: "fuel", low_only: false, limit: 500 }));
    fireEvent.click(screen.getByTestId("low-only"));
    await waitFor(() => expect(fakeApi.inventoryView).toHaveBeenLastCalledWith({ search: "fuel", low_only: true, limit: 500 }));
  });

  it("lists the recent adjustments: when, who, where, ±delta → on hand, why and the note", async () => {
    await openInventory();
    const rows = within(screen.getByTestId("recent-adjustments")).getAllByTestId("adjustment-row");
    expect(rows[0].textContent).toContain("ana");
    expect(rows[0].textContent).toContain("FUEL-230");
    expect(within(rows[0]).getByTestId("adjustment-change").textContent).toBe("−4 → 6");
    expect(rows[0].textContent).toContain("Damaged");
    expect(rows[0].textContent).toContain("Two cans dented");
    // A partner's report names its source and reads as a report, not a person's reason.
    expect(rows[1].textContent).toContain("threepl stock report");
    expect(rows[1].textContent).toContain("Partner report");
  });
});

describe("adjust form", () => {
  it("requires a reason and sends nothing without one; then sends exactly the adjust StockChange", async () => {
    fakeApi.changeStock.mockResolvedValue({ changed_rows: 1, rerouted: ["#1041", "#1042"], shortfalls: [] });
    await openInventory();
    const form = await openAdjust("FUEL-230");
    // The location holding the SKU is chosen; what the shelf will hold is shown before saving.
    expect((within(form).getByTestId("adjust-location") as HTMLSelectElement).value).toBe(RENO.id);
    fireEvent.change(within(form).getByTestId("adjust-amount"), { target: { value: "+12" } });
    expect(within(form).getByTestId("adjust-after").textContent).toBe("6 on hand → 18");

    fireEvent.click(within(form).getByTestId("adjust-submit"));
    expect(within(form).getByRole("alert").textContent).toMatch(/reason/i);
    expect(within(form).getByTestId("adjust-reason").getAttribute("aria-invalid")).toBe("true");
    expect(fakeApi.changeStock).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByTestId("adjust-reason"), { target: { value: "received" } });
    fireEvent.change(within(form).getByTestId("adjust-note"), { target: { value: "  PO 4471 " } });
    fireEvent.click(within(form).getByTestId("adjust-submit"));
    await waitFor(() =>
      expect(fakeApi.changeStock).toHaveBeenCalledWith([{ kind: "adjust", location_id: RENO.id, sku: "FUEL-230", delta: 12, reason: "received", note: "PO 4471" }]),
    );
    await waitFor(() => expect(screen.queryByTestId("adjust-form")).toBeNull());
    const notice = screen.getByTestId("stock-notice");
    expect(notice.textContent).toContain("Adjusted FUEL-230 at Reno DC by +12 (received).");
    expect(within(notice).getByTestId("stock-rerouted").textContent).toBe("2 orders waiting for stock are routed now: #1041, #1042.");
  });

  it("requires a note when the reason is Other", async () => {
    await openInventory();
    const form = await openAdjust("LMP-400");
    fireEvent.change(within(form).getByTestId("adjust-amount"), { target: { value: "-1" } });
    fireEvent.change(within(form).getByTestId("adjust-reason"), { target: { value: "other" } });
    fireEvent.click(within(form).getByTestId("adjust-submit"));
    expect(within(form).getByRole("alert").textContent).toMatch(/note/i);
    expect(fakeApi.changeStock).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByTestId("adjust-note"), { target: { value: "sample for the trade show" } });
    fireEvent.click(within(form).getByTestId("adjust-submit"));
    await waitFor(() =>
      expect(fakeApi.changeStock).toHaveBeenCalledWith([{ kind: "adjust", location_id: RENO.id, sku: "LMP-400", delta: -1, reason: "other", note: "sample for the trade show" }]),
    );
  });

  it("Set count sends a count (no reason needed) at the chosen location, and tells the shortfall it causes", async () => {
    fakeApi.changeStock.mockResolvedValue({ changed_rows: 1, rerouted: [], shortfalls: [`FUEL-230 at ${RENO.id}: 2 reserved units not on hand`] });
    await openInventory();
    const form = await openAdjust("FUEL-230");
    fireEvent.click(within(form).getByTestId("adjust-mode-count"));
    expect(within(form).queryByTestId("adjust-reason")).toBeNull();
    fireEvent.change(within(form).getByTestId("adjust-amount"), { target: { value: "0" } });
    fireEvent.click(within(form).getByTestId("adjust-submit"));
    await waitFor(() => expect(fakeApi.changeStock).toHaveBeenCalledWith([{ kind: "count", location_id: RENO.id, sku: "FUEL-230", on_hand: 0 }]));
    // The backend's location id is shown as the location's name.
    expect((await screen.findByTestId("stock-shortfalls")).textContent).toContain("FUEL-230 at Reno DC: 2 reserved units not on hand");
  });

  it("keeps the form open with the backend's refusal, and Escape closes it", async () => {
    fakeApi.changeStock.mockRejectedValue(new ApiError("invalid_input", `adjusting LMP-400 at ${RENO.id} by -3 would leave 2 on hand below zero`));
    await openInventory();
    const form = await openAdjust("LMP-400");
    fireEvent.change(within(form).getByTestId("adjust-amount"), { target: { value: "-3" } });
    fireEvent.change(within(form).getByTestId("adjust-reason"), { target: { value: "damaged" } });
    fireEvent.click(within(form).getByTestId("adjust-submit"));
    expect((await within(form).findByTestId("adjust-error")).textContent).toBe("adjusting LMP-400 at Reno DC by -3 would leave 2 on hand below zero");
    expect(screen.queryByTestId("stock-notice")).toBeNull();
    fireEvent.keyDown(within(form).getByTestId("adjust-amount"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("adjust-form")).toBeNull());
  });
});

describe("building a stock change", () => {
  const draft = (over: Partial<AdjustDraft>): AdjustDraft => ({ location_id: "loc_reno", mode: "adjust", amount: "", reason: "", note: "", ...over });

  it("refuses what the backend would refuse, field by field", () => {
    expect(buildStockChange("X", draft({ amount: "0", reason: "found" }), 5)).toEqual({ ok: false, problems: { amount: expect.stringMatching(/zero/) } });
    expect(buildStockChange("X", draft({ amount: "-6", reason: "lost" }), 5)).toEqual({ ok: false, problems: { amount: expect.stringMatching(/below zero/) } });
    expect(buildStockChange("X", draft({ amount: "2.5", reason: "lost" }), 5).ok).toBe(false);
    expect(buildStockChange("X", draft({ mode: "count", amount: "-1" }), 5).ok).toBe(false);
    expect(buildStockChange("X", draft({ amount: "−2", reason: "lost" }), 5)).toEqual({
      ok: true,
      change: { kind: "adjust", location_id: "loc_reno", sku: "X", delta: -2, reason: "lost", note: "" },
    });
  });
});

describe("import counts", () => {
  const CSV = "sku,location,on_hand\nLMP-400,Reno DC,120\nFUEL-230,Nowhere,3\nCUP-TI-450,Reno DC,lots\n";

  it("previews the first rows, and a refused file lists its row errors by line and applies nothing", async () => {
    fakeApi.importCounts.mockResolvedValue({
      rows: 3,
      outcome: null,
      errors: [
        { line: 3, message: "there is no location `Nowhere`" },
        { line: 4, message: "on_hand `lots` is not a whole number of units" },
      ],
    });
    await openInventory();
    const calls = fakeApi.inventoryView.mock.calls.length;
    fireEvent.click(screen.getByTestId("import-counts-open"));
    const panel = await screen.findByTestId("import-counts");
    fireEvent.change(within(panel).getByTestId("import-text"), { target: { value: CSV } });
    const preview = within(panel).getByTestId("import-preview");
    expect(within(preview).getAllByTestId("preview-row").map((r) => r.textContent)).toEqual(["2LMP-400Reno DC120", "3FUEL-230Nowhere3", "4CUP-TI-450Reno DClots"]);
    fireEvent.change(within(panel).getByTestId("import-location"), { target: { value: BROOKLYN.id } });

    fireEvent.click(within(panel).getByTestId("import-apply"));
    await waitFor(() => expect(fakeApi.importCounts).toHaveBeenCalledWith(CSV, BROOKLYN.id));
    const errors = await within(panel).findByTestId("count-errors");
    expect(errors.textContent).toContain("Nothing was imported: 2 of 3 rows have problems.");
    expect(within(errors).getAllByTestId("count-error").map((e) => e.textContent)).toEqual([
      "Line 3 there is no location `Nowhere`",
      "Line 4 on_hand `lots` is not a whole number of units",
    ]);
    // Applied nothing: no notice, the panel stays open with the text, nothing re-read.
    expect(screen.queryByTestId("stock-notice")).toBeNull();
    expect((within(panel).getByTestId("import-text") as HTMLTextAreaElement).value).toBe(CSV);
    expect(fakeApi.inventoryView.mock.calls.length).toBe(calls);
    expect(fakeApi.changeStock).not.toHaveBeenCalled();
  });

  it("an applied file closes the panel and says what changed", async () => {
    fakeApi.importCounts.mockResolvedValue({ rows: 2, outcome: { changed_rows: 2, rerouted: ["#1050"], shortfalls: [] }, errors: [] });
    await openInventory();
    fireEvent.click(screen.getByTestId("import-counts-open"));
    const panel = await screen.findByTestId("import-counts");
    fireEvent.change(within(panel).getByTestId("import-text"), { target: { value: "sku,location,on_hand\nA,Reno DC,1\nB,Reno DC,2\n" } });
    fireEvent.click(within(panel).getByTestId("import-apply"));
    const notice = await screen.findByTestId("stock-notice");
    expect(notice.textContent).toContain("Imported 2 counts: 2 stock rows changed.");
    expect(notice.textContent).toContain("1 order waiting for stock is routed now: #1050.");
    expect(screen.queryByTestId("import-counts")).toBeNull();
  });

  it("the preview warns, as the backend would refuse, when the file has no location column and none is chosen", () => {
    expect(previewCounts("sku,on_hand\nA,1\n", null)?.problem).toMatch(/no `location` column/);
    expect(previewCounts("sku,on_hand\nA,1\n", "loc_reno")?.problem).toBeNull();
    expect(previewCounts("sku,count\nA,1\n", "loc_reno")?.problem).toMatch(/`sku` and `on_hand`/);
    expect(previewCounts('sku,location,on_hand,name\nA,"Reno DC",1,"Mug, ""enamel"""\n\n', null)).toMatchObject({ rows: [["A", "Reno DC", "1", 'Mug, "enamel"']], total: 1 });
  });
});
