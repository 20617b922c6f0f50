// The browser mock's `confirm_shipment` keeps the backend's promises: a partner's open shipment
// confirmed by hand is shipped in that one parcel with every line, its units leave the partner's
// shelf, the order moves to shipped with the parcel in its timeline, and the tracking is owed to
// the channel; an empty field is refused by name, and a shipment no longer open is refused.
import { describe, expect, it } from "vitest";
import { fakeOrders } from "../src/mock/fake-orders";
import { MockInventory } from "../src/mock/inventory";
import { mockPartners } from "../src/mock/partners";
import { MockStore } from "../src/mock/store";
import { MockSync } from "../src/mock/sync";

const ALL = { search: "", low_only: false, limit: 500 };

function setUp() {
  const store = new MockStore(fakeOrders(600));
  const inventory = new MockInventory();
  const partners = mockPartners(inventory, store);
  // An order in flight at Amazon MCF: its shipment handed off or accepted, with stock on the partner's shelf.
  const [row] = store.select((o) => o.status === "handed_off" && o.location_id === "loc_04mcf");
  const [s] = inventory.shipmentsOf(row.order, row.timeline);
  return { store, inventory, partners, row, s };
}

const level = (inv: MockInventory, sku: string, loc: string) => inv.view({ ...ALL, search: sku }).rows.find((r) => r.sku === sku)?.locations.find((l) => l.location_id === loc);

describe("mock: a partner's confirmation entered by hand", () => {
  it("ships the shipment in that parcel, takes its units off the shelf and moves the order to shipped", () => {
    const { inventory, partners, row, s } = setUp();
    expect(["handed_off", "accepted"]).toContain(s.status);
    const before = s.lines.map((l) => level(inventory, l.sku, "loc_04mcf"));
    expect(before.some((b) => b !== undefined && b.on_hand > 0)).toBe(true);
    const { order } = partners.confirm(s.id, " FedEx ", " 771234567890 ");
    expect(order.id).toBe(row.order.id);
    expect(row.order.status).toBe("shipped");
    expect(row.timeline.at(-2)?.kind).toEqual({ type: "shipped", carrier: "FedEx", tracking: ["771234567890"] });
    const [after] = inventory.shipmentsOf(row.order, row.timeline);
    expect(after).toMatchObject({ id: s.id, status: "shipped", carrier: "FedEx", tracking: "771234567890", partner_ref: s.partner_ref, handed_off_at: s.handed_off_at });
    expect(after.packages).toEqual([{ carrier: "FedEx", tracking: "771234567890", shipped_at: after.shipped_at, lines: s.lines }]);
    s.lines.forEach((l, i) => {
      const was = before[i];
      if (!was) return;
      expect(level(inventory, l.sku, "loc_04mcf")).toMatchObject({ on_hand: Math.max(0, was.on_hand - l.quantity), reserved: Math.max(0, was.reserved - l.quantity) });
    });
    // The partner screen sees it shipped too.
    expect(partners.handoffs("loc_04mcf", 1000).find((h) => h.id === s.id)?.status).toBe("shipped");
  });

  it("refuses an empty field by name, and a shipment no longer open, changing nothing", () => {
    const { partners, row, s } = setUp();
    expect(() => partners.confirm(s.id, "UPS", "  ")).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/^tracking: /) }));
    expect(() => partners.confirm(s.id, "", "1Z999")).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/^carrier: /) }));
    expect(() => partners.confirm("shp_nowhere_1", "UPS", "1Z999")).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(row.order.status).toBe("handed_off");
    partners.confirm(s.id, "UPS", "1Z999AA10123456784");
    expect(() => partners.confirm(s.id, "UPS", "1Z999AA10123456784")).toThrow(
      expect.objectContaining({ code: "not_allowed", message: expect.stringContaining("only an open shipment can be confirmed") }),
    );
  });

  it("owes the tracking to the order's channel", () => {
    const { partners, s } = setUp();
    const sync = new MockSync(() => []);
    const { order, carrier, tracking } = partners.confirm(s.id, "UPS", "1Z999AA10123456784");
    sync.oweTracking(order, carrier, tracking);
    // Read as of before it was due, so the fake worker has not delivered it yet.
    const owed = sync.outbox(0).effects.filter((e) => e.order_id === order.id);
    expect(owed).toEqual([expect.objectContaining({ kind: "fulfillment", status: "pending", channel_id: order.channel_id })]);
    expect(owed[0].payload).toContain("1Z999AA10123456784");
  });
});
