// The browser mock's stock and locations keep the promises the screens are judged against: the
// demo data the brief describes (about 40 SKUs over five stocking locations, a few low, fed
// channels with buffers), changes that really move stock and are all or nothing, a counts file
// refused whole when a row is bad, stock arriving that routes the orders waiting for it, and
// shipments derived from orders, some split, some with partners.
import { describe, expect, it } from "vitest";
import type { Order, OrderEvent } from "../src/bindings";
import { fakeOrders } from "../src/mock/fake-orders";
import { MockInventory, type WaitingOrder } from "../src/mock/inventory";

const NOW = Date.parse("2026-11-26T10:00:00Z");
const ALL = { search: "", low_only: false, limit: 500 };

const at = (inv: MockInventory, sku: string, loc: string) => inv.view({ ...ALL, search: sku }).rows.find((r) => r.sku === sku)?.locations.find((l) => l.location_id === loc);

describe("mock inventory", () => {
  it("has about 40 SKUs over Reno, Newark, Brooklyn, a 3PL and Amazon MCF, a few low ones first, and fed channels with buffers", () => {
    const v = new MockInventory(undefined, NOW).view(ALL);
    expect(v.total_skus).toBe(40);
    const names = v.locations.map((l) => l.name);
    for (const n of ["Reno DC", "Newark DC", "Brooklyn store", "ShipRight 3PL", "Amazon MCF"]) expect(names).toContain(n);
    expect(v.low_skus).toBe(5);
    expect(v.rows.slice(0, 5).every((r) => r.low)).toBe(true);
    expect(v.rows.slice(5).some((r) => r.low)).toBe(false);
    expect(v.channels.filter((c) => c.buffer > 0).length).toBeGreaterThanOrEqual(2);
    // Sellable is what the channel's locations have available, less its buffer.
    const row = v.rows.find((r) => r.sku === "LMP-400")!;
    const shop = v.channels.find((c) => c.id === "chn_02shop")!;
    const fed = row.locations.filter((l) => shop.locations.includes(l.location_id)).reduce((n, l) => n + l.available, 0);
    expect(row.channels.find((c) => c.channel_id === shop.id)?.quantity).toBe(Math.max(0, fed - shop.buffer));
    expect(v.adjustments.length).toBeGreaterThan(5);
  });

  it("searches SKU and name by every word, and lists only low stock when asked", () => {
    const inv = new MockInventory(undefined, NOW);
    expect(inv.view({ ...ALL, search: "fuel iso" }).rows.map((r) => r.sku).sort()).toEqual(["FUEL-230", "FUEL-450"]);
    expect(inv.view({ ...ALL, low_only: true }).rows.every((r) => r.low)).toBe(true);
  });

  it("an adjustment changes on hand and is logged first; one refused change leaves everything as it was", () => {
    const inv = new MockInventory(undefined, NOW);
    const before = at(inv, "LMP-400", "loc_01reno")!.on_hand;
    const outcome = inv.change([{ kind: "adjust", location_id: "loc_01reno", sku: "LMP-400", delta: 7, reason: "received", note: "PO 9" }], "user:ana", NOW);
    expect(outcome.changed_rows).toBe(1);
    expect(at(inv, "LMP-400", "loc_01reno")!.on_hand).toBe(before + 7);
    expect(inv.view(ALL).adjustments[0]).toMatchObject({ sku: "LMP-400", delta: 7, on_hand_after: before + 7, reason: "received", note: "PO 9", actor: "user:ana" });

    expect(() =>
      inv.change([
        { kind: "count", location_id: "loc_01reno", sku: "LMP-400", on_hand: 1 },
        { kind: "adjust", location_id: "loc_01reno", sku: "LMP-400", delta: -5, reason: "damaged", note: "" },
      ]),
    ).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/below zero/) }));
    expect(at(inv, "LMP-400", "loc_01reno")!.on_hand).toBe(before + 7);
  });

  it("a count below what orders hold reports the shortfall", () => {
    const inv = new MockInventory(undefined, NOW);
    const outcome = inv.change([{ kind: "count", location_id: "loc_06nwk", sku: "TNT-2P-GRN", on_hand: 0 }]);
    expect(outcome.shortfalls).toEqual(["TNT-2P-GRN at loc_06nwk: 2 reserved units not on hand"]);
  });

  it("a counts file with a bad row changes nothing and names every bad line; a good one applies all", () => {
    const inv = new MockInventory(undefined, NOW);
    const before = at(inv, "LMP-400", "loc_01reno")!.on_hand;
    const refused = inv.importCounts("sku,location,on_hand\nLMP-400,Reno DC,1\nFUEL-230,Nowhere,3\nCUP-TI-450,Reno DC,lots\n", null);
    expect(refused.outcome).toBeNull();
    expect(refused.rows).toBe(3);
    expect(refused.errors).toEqual([
      { line: 3, message: "there is no location `Nowhere`" },
      { line: 4, message: "on_hand `lots` is not a whole number of units" },
    ]);
    expect(at(inv, "LMP-400", "loc_01reno")!.on_hand).toBe(before);

    const applied = inv.importCounts("sku,on_hand,name\nLMP-400,1\nNEW-SKU-1,5,Camp chair\n", "loc_01reno");
    expect(applied.errors).toEqual([]);
    expect(applied.outcome?.changed_rows).toBe(2);
    expect(at(inv, "LMP-400", "loc_01reno")!.on_hand).toBe(1);
    expect(inv.view({ ...ALL, search: "NEW-SKU-1" }).rows[0]).toMatchObject({ name: "Camp chair", on_hand: 5 });
    expect(() => inv.importCounts("sku,on_hand\nLMP-400,1\n", null)).toThrow(expect.objectContaining({ message: expect.stringMatching(/^line 1:/) }));
  });

  it("stock arriving for a SKU routes the orders waiting for it, oldest first, and reserves their units", () => {
    const waiting: WaitingOrder[] = [];
    for (let i = 0; waiting.length < 3; i++) {
      const id = `ord_wait${i}`;
      if (MockInventory.waitingFor(id).sku === "TNT-2P-GRN") waiting.push({ id, number: `#${2000 + i}`, placed_at: new Date(NOW - i * 60_000).toISOString() });
    }
    const released: string[][] = [];
    const inv = new MockInventory({ waiting: () => waiting, release: (ids) => released.push(ids) }, NOW);
    const outcome = inv.change([{ kind: "adjust", location_id: "loc_01reno", sku: "TNT-2P-GRN", delta: 20, reason: "received", note: "" }]);
    expect(outcome.rerouted).toEqual([...waiting].reverse().map((o) => o.number));
    expect(released).toEqual([[...waiting].reverse().map((o) => o.id)]);
    expect(at(inv, "TNT-2P-GRN", "loc_01reno")!.reserved).toBeGreaterThanOrEqual(3);
    // Stock for another SKU routes none of them.
    released.length = 0;
    expect(inv.change([{ kind: "adjust", location_id: "loc_01reno", sku: "LMP-400", delta: 1, reason: "found", note: "" }]).rerouted).toEqual([]);
  });

  it("groups partners after own locations, refuses a bad country and a taken name by field, and sets capacity", () => {
    const inv = new MockInventory(undefined, NOW);
    const kinds = inv.locationsView().map((l) => l.kind);
    expect(kinds.slice(0, 3).every((k) => k === "warehouse" || k === "store")).toBe(true);
    expect(inv.locationsView().find((l) => l.kind === "amazon_mcf")?.adapter).toBe("mcf");
    const base = { name: "Dallas DC", kind: "warehouse" as const, postal_code: "75201", country: "us", daily_capacity: 100 };
    expect(() => inv.addLocation({ ...base, country: "USA" })).toThrow(expect.objectContaining({ message: expect.stringMatching(/^country: /) }));
    expect(() => inv.addLocation({ ...base, name: "reno dc" })).toThrow(expect.objectContaining({ code: "conflict", message: expect.stringMatching(/^name: /) }));
    const id = inv.addLocation(base);
    expect(inv.locationsView().find((l) => l.id === id)).toMatchObject({ name: "Dallas DC", country: "US", daily_capacity: 100 });
    inv.setCapacity(id, null);
    expect(inv.locationsView().find((l) => l.id === id)?.daily_capacity).toBeNull();
  });

  it("derives shipments from orders: a split between two warehouses, a partner's with its reference, a rejected one with the partner's reason", () => {
    const inv = new MockInventory(undefined, NOW);
    const orders = fakeOrders(600);
    const all = orders.map(({ order, timeline }: { order: Order; timeline: OrderEvent[] }) => ({ order, shipments: inv.shipmentsOf(order, timeline) }));
    const split = all.find((x) => x.shipments.length === 2);
    expect(split).toBeTruthy();
    expect(new Set(split!.shipments.map((s) => s.location_id)).size).toBe(2);
    expect(split!.shipments.flatMap((s) => s.lines).length).toBe(split!.order.lines.length);
    const partner = all.flatMap((x) => x.shipments).find((s) => s.location_kind === "amazon_mcf" && s.status === "shipped");
    expect(partner?.partner_ref).toMatch(/^MCF-/);
    expect(partner?.tracking).toBeTruthy();
    const held = orders.find(({ order }) => order.hold?.reason === "partner_rejected")!;
    const rejected = inv.shipmentsOf(held.order, held.timeline);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ status: "rejected", location_name: "ShipRight 3PL" });
    expect(rejected[0].note).toBeTruthy();
  });
});
