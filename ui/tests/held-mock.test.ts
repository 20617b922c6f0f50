// The browser mock backend's rules and held overview (src/mock/holds.ts, src/mock/store.ts):
// plausible enough for screenshots and browser tests only if it behaves like the real commands.
import { describe, expect, it } from "vitest";
import { fakeOrders } from "../src/mock/fake-orders";
import { heldOverview } from "../src/mock/holds";
import { rulesFor } from "../src/mock/rules";
import { evaluate, initialRuleset } from "../src/mock/ruleset";
import { MockStore } from "../src/mock/store";
import { order } from "./builders";

describe("mock rules", () => {
  const rule = (name: string) => initialRuleset().rules.find((r) => r.name === name)!;

  it("the held orders and the Rules page run one ruleset: a hold is credited to the rule the Rules page shows", () => {
    const store = new MockStore(fakeOrders(400));
    expect(rulesFor(store).view().ruleset).toEqual(store.ruleset);
    const held = store.listOrders({ filter: { status: "on_hold", channel_id: null, location_id: null, hold_reason: "address_invalid", tag: null, carrier: null, placed_from: null, placed_to: null, search: null }, sort: "ship_by", descending: false, after: null, limit: 1 }).items[0];
    const d = store.detail(held.id);
    expect(d.order.hold?.placed_by).toBe(`rule:${rule("Address fails the checks").id}`);
    expect(d.rules?.ruleset_version).toBe(store.ruleset.version);
    expect(d.rules?.trace?.rules.map((r) => r.rule_id)).toEqual(expect.arrayContaining(store.ruleset.rules.map((r) => r.id)));
  });

  it("evaluate follows the engine: later holds override earlier ones, disabled rules are listed", () => {
    const o = order({ total: 80_000, gift: true });
    const { decision, trace } = evaluate(initialRuleset(), o, Date.parse("2025-01-10T10:00:00Z"));
    expect(decision.hold).toMatchObject({ reason: "manual_review", rule_id: rule("Gift orders: check the message").id });
    const fraud = trace.find((r) => r.rule_id === rule("Large order: fraud review").id);
    expect(fraud).toMatchObject({ outcome: "matched" });
    expect(fraud?.actions?.[0].overridden_by?.rule_id).toBe(rule("Gift orders: check the message").id);
    expect(trace.find((r) => r.rule_id === rule("Age check for knives").id)?.outcome).toBe("disabled");
  });

  it("the address checker's verdict comes from the fake data's facts", () => {
    const o = order({});
    const id = rule("Address fails the checks").id;
    expect(evaluate(initialRuleset(), o, Date.now(), { addressInvalid: true }).decision.hold?.rule_id).toBe(id);
    expect(evaluate(initialRuleset(), o, Date.now()).decision.hold).toBeNull();
  });

  it("fields a person owns are kept, not changed", () => {
    const o = order({ owned_fields: ["location"], currency: "EUR" });
    const { decision, trace } = evaluate(initialRuleset(), o, Date.now());
    expect(decision.location).toBeNull();
    expect(decision.kept).toContain("location");
    expect(trace.find((r) => r.rule_id === rule("EU orders to ShipRight 3PL").id)?.actions?.[0]).toMatchObject({ effect: "kept", note: "kept: set by a person" });
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
