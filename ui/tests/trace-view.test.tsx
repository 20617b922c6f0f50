// The "Why" of an order: the decision summary names the rule behind each value and marks fields a
// person owns as kept; the trace lists every rule by stage with its outcome, each condition with
// the value it saw and its result, and each action with what became of it.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TraceReport } from "../src/bindings";
import { DecisionSummary } from "../src/components/detail/DecisionSummary";
import { TraceView } from "../src/components/detail/TraceView";
import { RulesWhy } from "../src/components/detail/RulesWhy";
import { order } from "./builders";
import { NO_DECISION, run } from "./held-fakes";

const names = {
  channelName: (id: string) => (id === "chn_MKT" ? "Amazon JP" : id),
  locationName: (id: string) => (id === "loc_TPL" ? "Rotterdam 3PL" : id === "loc_WH1" ? "Reno DC" : id),
};

// Shapes as the backend serialises them (crates/core/tests/rules/snapshots: stop_processing,
// disabled_rules, overrides, owned_fields).
const TRACE: TraceReport = {
  ruleset_version: 7,
  now: "2024-06-03T12:00:00Z",
  rules: [
    { rule_id: "rul_off", name: "Hold everything", stage: "holds", priority: 1, outcome: "disabled" },
    {
      rule_id: "rul_big",
      name: "High value, unpaid",
      stage: "holds",
      priority: 2,
      outcome: "not_matched",
      conditions: [
        { path: "when", test: "all of 2 conditions", result: false },
        { path: "when.all[0]", test: "order total ≥ 50000", saw: "30.00 USD", result: false },
        { path: "when.all[1]", test: "payment status is pending", result: null },
      ],
    },
    {
      rule_id: "rul_mkt",
      name: "Marketplace orders to the 3PL",
      stage: "location",
      priority: 1,
      outcome: "matched",
      stopped_processing: true,
      conditions: [{ path: "when", test: "channel is chn_MKT", saw: "chn_MKT", result: true }],
      actions: [{ action: "route to partner loc_TPL", effect: "applied" }],
    },
    { rule_id: "rul_west", name: "West coast from WH2", stage: "location", priority: 2, outcome: "skipped", stopped_by: "rul_mkt" },
    {
      rule_id: "rul_base",
      name: "Base service",
      stage: "service",
      priority: 1,
      outcome: "matched",
      conditions: [{ path: "when", test: "always", result: true }],
      actions: [
        {
          action: "set service USPS / Ground Advantage",
          effect: "applied",
          overridden_by: { rule_id: "rul_kg", rule_name: "Over 1 kg", action: "set service UPS / Ground" },
        },
      ],
    },
    {
      rule_id: "rul_kg",
      name: "Over 1 kg",
      stage: "service",
      priority: 2,
      outcome: "matched",
      conditions: [{ path: "when", test: "total weight (g) > 1000", saw: "7000", result: true }],
      actions: [
        {
          action: "set service UPS / Ground",
          effect: "applied",
          overrides: [{ rule_id: "rul_base", rule_name: "Base service", action: "set service USPS / Ground Advantage" }],
        },
      ],
    },
    {
      rule_id: "rul_extras",
      name: "Extras",
      stage: "enhance",
      priority: 1,
      outcome: "matched",
      conditions: [{ path: "when", test: "always", result: true }],
      actions: [
        { action: "require signature", effect: "kept", note: "kept: set by a person" },
        { action: 'add note "Checked by rules"', effect: "applied" },
      ],
    },
  ],
};

const ruleEl = (id: string) => screen.getAllByTestId("trace-rule").find((r) => r.getAttribute("data-rule-id") === id) as HTMLElement;

describe("trace view", () => {
  it("lists every rule grouped by stage in run order, with matched / not matched / skipped (stopped by …) / switched off", () => {
    render(<TraceView trace={TRACE} names={names} />);
    const rules = screen.getAllByTestId("trace-rule");
    expect(rules.map((r) => r.getAttribute("data-outcome"))).toEqual(["disabled", "not_matched", "matched", "skipped", "matched", "matched", "matched"]);
    const stages = [...screen.getByTestId("rules-trace").querySelectorAll("[data-stage]")].map((s) => s.getAttribute("data-stage"));
    expect(stages).toEqual(["holds", "location", "service", "enhance"]);
    expect(within(ruleEl("rul_off")).getByTestId("trace-outcome").textContent).toBe("switched off");
    expect(within(ruleEl("rul_big")).getByTestId("trace-outcome").textContent).toBe("not matched");
    expect(within(ruleEl("rul_west")).getByTestId("trace-outcome").textContent).toBe("skipped");
    expect(within(ruleEl("rul_west")).getByTestId("trace-stopped-by").textContent).toBe("stopped by Marketplace orders to the 3PL");
    expect(ruleEl("rul_mkt").textContent).toContain("stopped the rest of the stage");
    expect(screen.getByTestId("rules-trace").querySelector('[data-stage="holds"] h4')?.textContent).toContain("0 of 2 matched");
  });

  it("shows each condition with the value it saw and ✓, ✗ or not needed", () => {
    render(<TraceView trace={TRACE} names={names} />);
    const conditions = within(ruleEl("rul_big")).getAllByTestId("trace-condition");
    expect(conditions.map((c) => c.getAttribute("data-result"))).toEqual(["fail", "fail", "skipped"]);
    expect(conditions[1].textContent).toContain("✗");
    expect(conditions[1].textContent).toContain("order total ≥ 50000");
    expect(within(conditions[1]).getByTestId("trace-saw").textContent).toBe("saw 30.00 USD");
    expect(conditions[2].textContent).toContain("not needed");
    // A rule that did not match says which condition failed, without opening it.
    expect(ruleEl("rul_big").querySelector(".why-not")?.textContent).toContain("order total ≥ 50000 (saw 30.00 USD)");
    const kg = within(ruleEl("rul_kg")).getByTestId("trace-condition");
    expect(kg.getAttribute("data-result")).toBe("pass");
    expect(kg.textContent).toContain("✓");
    expect(kg.textContent).toContain("saw 7000");
  });

  it("shows each action as applied, overridden by the later rule, or kept because a person set the field", () => {
    render(<TraceView trace={TRACE} names={names} />);
    const base = within(ruleEl("rul_base")).getByTestId("trace-action");
    expect(base.getAttribute("data-effect")).toBe("overridden");
    expect(base.textContent).toContain("overridden by Over 1 kg (set service UPS / Ground)");
    const kg = within(ruleEl("rul_kg")).getByTestId("trace-action");
    expect(kg.getAttribute("data-effect")).toBe("applied");
    expect(kg.textContent).toContain("replaces Base service (set service USPS / Ground Advantage)");
    const extras = within(ruleEl("rul_extras")).getAllByTestId("trace-action");
    expect(extras.map((a) => a.getAttribute("data-effect"))).toEqual(["kept", "applied"]);
    expect(extras[0].textContent).toContain("kept: set by a person");
  });

  it("names locations and channels instead of their ids", () => {
    render(<TraceView trace={TRACE} names={names} />);
    expect(ruleEl("rul_mkt").textContent).toContain("route to partner Rotterdam 3PL");
    expect(ruleEl("rul_mkt").textContent).toContain("channel is Amazon JP");
  });
});

describe("decision summary", () => {
  it("gives each decided value with the rule that decided it, and marks fields a person owns as kept", () => {
    render(
      <DecisionSummary
        currency="USD"
        names={names}
        decision={{
          ...NO_DECISION,
          hold: { reason: "fraud_risk", note: "Large order not yet paid", release_at: null, rule_id: "rul_h", rule_name: "High value, unpaid" },
          location: { value: "loc_WH1", rule_id: "rul_l", rule_name: "Everything from WH1" },
          carrier: { value: "FedEx", rule_id: "rul_s", rule_name: "Over 5 kg" },
          service: { value: "Home Delivery", rule_id: "rul_s", rule_name: "Over 5 kg" },
          package: { value: "Box XL", rule_id: "rul_s", rule_name: "Over 5 kg" },
          insurance: { value: 75000, rule_id: "rul_i", rule_name: "Insure over 500" },
          tags: [{ value: "auto", rule_id: "rul_t", rule_name: "Batch A" }],
          kept: ["options"],
        }}
      />,
    );
    const summary = screen.getByTestId("decision-summary");
    const row = (field: string) => summary.querySelector(`[data-field="${field}"]`) as HTMLElement;
    expect(row("hold").textContent).toContain("Fraud risk");
    expect(row("hold").textContent).toContain("High value, unpaid");
    expect(row("location").textContent).toContain("Reno DC");
    expect(row("location").textContent).toContain("Everything from WH1");
    expect(row("service").textContent).toContain("FedEx · Home Delivery");
    expect(row("service").textContent).toContain("package Box XL");
    expect(row("service").querySelectorAll(".why-by-rule")).toHaveLength(1);
    expect(row("options").textContent).toContain("Insured $750.00");
    expect(within(row("options")).getByTestId("decision-kept-options").textContent).toBe("kept: set by a person");
    expect(row("tags").textContent).toContain("auto");
  });

  it("says so when no rule matched", () => {
    render(<DecisionSummary decision={NO_DECISION} currency="USD" names={names} />);
    expect(screen.getByTestId("decision-summary").textContent).toContain("No rule matched");
  });
});

describe("Why section", () => {
  it("shows the ruleset version and when and why the rules ran; the full trace stays folded until asked for", () => {
    render(<RulesWhy run={run({ ruleset_version: 7, cause: "released" }, {}, TRACE)} order={order()} names={names} now={new Date()} />);
    expect(screen.getByTestId("rules-run-meta").textContent).toContain("Ruleset v7");
    expect(screen.getByTestId("rules-run-meta").textContent).toContain("2h ago");
    expect(screen.getByTestId("rules-run-meta").textContent).toContain("after the hold was lifted");
    expect(screen.queryByTestId("rules-trace")).toBeNull();
    fireEvent.click(screen.getByTestId("trace-toggle"));
    expect(screen.getAllByTestId("trace-rule")).toHaveLength(7);
    fireEvent.click(screen.getByTestId("trace-toggle"));
    expect(screen.queryByTestId("rules-trace")).toBeNull();
  });

  it("explains an order the rules never ran on", () => {
    render(<RulesWhy run={null} order={order({ status: "shipped" })} names={names} now={new Date()} />);
    expect(screen.getByTestId("rules-never-ran").textContent).toContain("only act on orders awaiting payment, on hold or ready");
  });
});
