// The browser mock's stock and locations keep the promises the screens are judged against: the
// demo data the brief describes (about 40 SKUs over five stocking locations, a few low, fed
// channels with buffers), changes that really move stock and are all or nothing, a counts file
// refused whole when a row is bad, stock arriving that routes the orders waiting for it,
// shipments derived from orders, some split, some with partners; and the partners the brief
// describes (ShipRight 3PL and Amazon MCF with some backlog, one SLA breach, one rejected hand-off
// with its reason, a partner not set up), with re-routing that never goes back to a partner that
// rejected the order.
import { describe, expect, it } from "vitest";
import type { Order, OrderEvent } from "../src/bindings";
import { fakeOrders } from "../src/mock/fake-orders";
import { MockInventory, type WaitingOrder } from "../src/mock/inventory";
import { mockPartners } from "../src/mock/partners";
import { MockStore } from "../src/mock/store";

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

describe("mock partners", () => {
  const setUp = () => {
    const store = new MockStore(fakeOrders(600));
    const inventory = new MockInventory();
    return { store, inventory, partners: mockPartners(inventory, store) };
  };

  it("ShipRight 3PL and Amazon MCF have some backlog and one SLA breach between them; the drop-ship vendor has a setup problem", () => {
    const { partners } = setUp();
    const view = partners.view().partners;
    const byName = new Map(view.map((p) => [p.name, p]));
    const shipRight = byName.get("ShipRight 3PL")!;
    const mcf = byName.get("Amazon MCF")!;
    expect(shipRight).toMatchObject({ adapter: "simulated", problem: null });
    expect(mcf).toMatchObject({ adapter: "mcf", problem: null, sla_breaches: 1 });
    expect(shipRight.backlog + mcf.backlog).toBeGreaterThan(0);
    expect(view.reduce((n, p) => n + p.sla_breaches, 0)).toBe(1);
    expect(Date.now() - Date.parse(mcf.oldest_unacknowledged_at!)).toBeGreaterThan(24 * 3_600_000);
    expect(mcf.failures).toBeGreaterThan(0);
    expect(mcf.error_rate).toBeCloseTo(mcf.failures / mcf.exchanges);
    expect(byName.get("Pacific Drop-ship")?.problem).toMatch(/^folder: /);
    for (const p of view) expect(p.backlog).toBe(p.counts.handed_off + p.counts.accepted + p.pending_handoffs);
  });

  it("ShipRight's hand-offs, newest first, include a rejected one with the partner's reason; a shipped one carries its parcels", () => {
    const { partners } = setUp();
    const handoffs = partners.handoffs("loc_03rtm", 1000);
    expect(handoffs.map((s) => s.created_at)).toEqual([...handoffs.map((s) => s.created_at)].sort().reverse());
    const rejected = handoffs.find((s) => s.status === "rejected");
    expect(rejected?.note).toBe("SKU not set up at partner.");
    expect(rejected?.order_number).toBeTruthy();
    const shipped = handoffs.find((s) => s.status === "shipped")!;
    expect(shipped.packages.length).toBeGreaterThan(0);
    expect(shipped.tracking).toBe(shipped.packages.map((p) => p.tracking).join(", "));
    expect(partners.handoffs("loc_03rtm", 5)).toHaveLength(5);
    expect(() => partners.handoffs("loc_nowhere", 5)).toThrow(expect.objectContaining({ code: "not_found" }));
  });

  it("re-routing a rejected order never sends it back to the partner, keeps the rejected hand-off first, and refuses orders not held for it", () => {
    const { store, inventory } = setUp();
    const [held] = store.select((o) => o.hold?.reason === "partner_rejected");
    const [ready] = store.select((o) => o.status === "ready");
    const avoid = inventory.rejectedBy(held.order, held.timeline);
    expect(avoid).toEqual(["loc_03rtm"]);
    inventory.rememberRejection(held.order, held.timeline);
    const outcome = store.reroute([held.order.id, ready.order.id], (o, reason) => inventory.placeAgain(o, reason, avoid));
    expect(outcome.applied).toEqual([held.order.id]);
    expect(outcome.refused).toEqual([expect.objectContaining({ id: ready.order.id, code: "not_allowed", message: expect.stringContaining("is not held for a partner's refusal or for stock") })]);
    expect(held.order.status).toBe("ready");
    expect(held.order.location_id).not.toBe("loc_03rtm");
    const shipments = inventory.shipmentsOf(held.order, held.timeline);
    expect(shipments[0]).toMatchObject({ seq: 1, status: "rejected", location_name: "ShipRight 3PL" });
    expect(shipments.slice(1).every((s) => s.location_id !== "loc_03rtm" && s.status === "reserved")).toBe(true);
  });
});
