// The browser mock backend's rules and held overview (src/mock/holds.ts, src/mock/store.ts):
// plausible enough for screenshots and browser tests only if it behaves like the real commands.
import { describe, expect, it } from "vitest";
import { fakeOrders } from "../src/mock/fake-orders";
import { evaluate, heldOverview, initialFacts } from "../src/mock/holds";
import { MockStore } from "../src/mock/store";
import { ADDRESS, order } from "./builders";

describe("mock rules", () => {
  it("evaluate follows the engine: stop-processing skips the rest of a stage, disabled rules are listed, a group stops at its deciding condition", () => {
    const o = order({ status: "on_hold", hold: { reason: "fraud_risk", note: "x", placed_by: "rule:rul_01fraud", placed_at: "2025-01-10T10:00:00Z", release_at: null } });
    const { decision, trace } = evaluate(o, initialFacts(o), new Date("2025-01-10T10:00:00Z"));
    expect(decision.hold).toMatchObject({ reason: "fraud_risk", rule_id: "rul_01fraud" });
    const holds = trace.rules.filter((r) => r.stage === "holds");
    expect(holds[0]).toMatchObject({ outcome: "matched", stopped_processing: true });
    expect(holds.slice(1, 5).every((r) => r.outcome === "skipped" && r.stopped_by === "rul_01fraud")).toBe(true);
    expect(holds[5].outcome).toBe("disabled");
    const light = trace.rules.find((r) => r.rule_id === "rul_16light");
    // US address, 1 kg: country holds, weight fails.
    expect(light?.conditions?.map((c) => c.result)).toEqual([false, true, false]);
  });

  it("fields a person owns are kept, not changed", () => {
    const o = order({ owned_fields: ["location"], ship_to: { ...ADDRESS, country: "DE" } });
    const { decision, trace } = evaluate(o, initialFacts(o), new Date());
    expect(decision.location).toBeNull();
    expect(decision.kept).toContain("location");
    expect(trace.rules.find((r) => r.rule_id === "rul_04eu")?.actions?.[0]).toMatchObject({ effect: "kept", note: "kept: set by a person" });
  });

  it("fixing an address lifts the address hold and re-runs the rules; re-run refuses shipped orders", () => {
    const store = new MockStore(fakeOrders(400));
    const held = store.listOrders({ filter: { status: "on_hold", channel_id: null, location_id: null, hold_reason: "address_invalid", tag: null, carrier: null, placed_from: null, placed_to: null, search: null }, sort: "ship_by", descending: false, after: null, limit: 1 }).items[0];
    expect(held).toBeTruthy();
    const before = store.detail(held.id);
    expect(before.rules?.decision.hold?.reason).toBe("address_invalid");
    expect(before.order.hold?.placed_by).toBe(`rule:${before.rules?.decision.hold?.rule_id}`);
    expect(store.apply([held.id], { action: "edit_ship_to", address: { ...before.order.ship_to, postal_code: "97209" } }).applied).toEqual([held.id]);
    const after = store.detail(held.id);
    expect(after.order.hold).toBeNull();
    expect(after.order.status).not.toBe("on_hold");
    expect(after.rules?.cause).toBe("rerun");
    expect(after.timeline.some((e) => e.kind.type === "released")).toBe(true);

    const shipped = store.listOrders({ filter: { status: "shipped", channel_id: null, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search: null }, sort: "placed_at", descending: true, after: null, limit: 1 }).items[0];
    const out = store.rerun([held.id, shipped.id]);
    expect(out.applied).toEqual([held.id]);
    expect(out.refused[0]).toMatchObject({ id: shipped.id, code: "not_allowed" });
  });

  it("the held overview counts held orders per reason, overdue and due within 24 h", () => {
    const now = new Date("2025-01-10T12:00:00Z");
    const hold = (reason: "fraud_risk" | "out_of_stock", placed_at: string) => ({ reason, note: "", placed_by: "system", placed_at, release_at: null });
    const orders = [
      order({ id: "a", status: "on_hold", ship_by: "2025-01-10T11:00:00Z", hold: hold("fraud_risk", "2025-01-09T00:00:00Z") }),
      order({ id: "b", status: "on_hold", ship_by: "2025-01-11T11:00:00Z", hold: hold("fraud_risk", "2025-01-08T00:00:00Z") }),
      order({ id: "c", status: "on_hold", ship_by: null, hold: hold("out_of_stock", "2025-01-10T00:00:00Z") }),
      order({ id: "d", status: "ready" }),
    ];
    expect(heldOverview(orders, now)).toEqual({
      total: 3,
      overdue: 1,
      due_today: 1,
      groups: [
        { reason: "fraud_risk", count: 2, overdue: 1, due_today: 1, oldest_held_at: "2025-01-08T00:00:00Z" },
        { reason: "out_of_stock", count: 1, overdue: 0, due_today: 0, oldest_held_at: "2025-01-10T00:00:00Z" },
      ],
    });
  });
});
