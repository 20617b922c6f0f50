// Rules for the rule-editor tests: a small saved ruleset, facets, and the rules commands of
// fakeApi with harmless defaults (tests override what they are about).
import { vi } from "vitest";
import type { Api } from "../src/api";
import type { Facets, Problem, Rule, RulesetView, RuleTest } from "../src/bindings";
import { noDecision } from "../src/mock/ruleset";
import { fakeApi, resetFakeApi } from "./fake-api";

export const IDS = {
  fraud: "rul_01HZX4Q8N5KD7R2M3B6C9T0A01",
  address: "rul_01HZX4Q8N5KD7R2M3B6C9T0A02",
  gift: "rul_01HZX4Q8N5KD7R2M3B6C9T0A03",
  reno: "rul_01HZX4Q8N5KD7R2M3B6C9T0A04",
  sig: "rul_01HZX4Q8N5KD7R2M3B6C9T0A05",
};

export const LOC_RENO = "loc_01HZX4Q8N5KD7R2M3B6C9T0R01";
export const LOC_3PL = "loc_01HZX4Q8N5KD7R2M3B6C9T0R02";

export function rule(over: Partial<Rule> & Pick<Rule, "id">): Rule {
  return {
    name: "A rule",
    stage: "holds",
    priority: 1,
    enabled: true,
    stop_processing: false,
    when: "always",
    then: [{ hold: { reason: "manual_review", note: "Look" } }],
    ...over,
  };
}

export function savedRules(): Rule[] {
  return [
    rule({
      id: IDS.fraud,
      name: "Large order: fraud review",
      priority: 1,
      when: { all: [{ total: { gte: 75000 } }, { payment_status: { equals: "pending" } }] },
      then: [{ hold: { reason: "fraud_risk", note: "Check payment" } }],
    }),
    rule({ id: IDS.address, name: "Address fails the checks", priority: 2, when: { address_check: { equals: "invalid" } }, then: [{ hold: { reason: "address_invalid", note: "" } }] }),
    rule({ id: IDS.gift, name: "Gift orders", priority: 3, when: { gift: { equals: true } } }),
    rule({ id: IDS.reno, name: "Ship from Reno", stage: "location", priority: 1, then: [{ assign_location: { location_id: LOC_RENO } }] }),
    rule({ id: IDS.sig, name: "Signature over 500.00", stage: "enhance", priority: 1, when: { total: { gte: 50000 } }, then: ["require_signature"] }),
  ];
}

export function rulesView(over: Partial<RulesetView> = {}): RulesetView {
  return {
    ruleset: { version: 3, rules: savedRules() },
    saved_at: "2025-01-10T10:00:00Z",
    saved_by: "user:marco",
    problems: [],
    hits: [
      { rule_id: IDS.fraud, last_7_days: 4, last_30_days: 17 },
      { rule_id: IDS.address, last_7_days: 0, last_30_days: 0 },
      { rule_id: IDS.reno, last_7_days: 120, last_30_days: 480 },
    ],
    ...over,
  };
}

export const FACETS: Facets = {
  channels: [{ id: "chn_01HZX4Q8N5KD7R2M3B6C9T0C01", name: "Trailhead Supply", kind: "shopify", created_at: "2024-01-01T00:00:00Z" }],
  locations: [
    { id: LOC_RENO, name: "Reno DC", kind: "warehouse", postal_code: "89502", country: "US" },
    { id: LOC_3PL, name: "ShipRight 3PL", kind: "third_party_logistics", postal_code: "07102", country: "US" },
  ],
  carriers: ["UPS", "USPS"],
  tags: ["vip"],
};

export function problem(over: Partial<Problem> & Pick<Problem, "path" | "message">): Problem {
  return { severity: "error", code: "invalid_value", rule_id: null, rule_name: null, ...over };
}

export function ruleTest(over: Partial<RuleTest> = {}): RuleTest {
  return {
    order_id: "ord_0001",
    number: "#1001",
    decision: {
      ...noDecision(3),
      hold: { reason: "fraud_risk", note: "Check payment", release_at: null, rule_id: IDS.fraud, rule_name: "Large order: fraud review" },
      location: { value: LOC_RENO, rule_id: IDS.reno, rule_name: "Ship from Reno" },
      kept: ["carrier"],
    },
    trace: {
      ruleset_version: 3,
      now: "2025-01-12T12:00:00Z",
      rules: [],
    },
    changes: [],
    problems: [],
    ...over,
  };
}

/** fakeApi with the rules commands answering from `view`. */
export function resetRulesApi(view: RulesetView = rulesView()) {
  resetFakeApi();
  fakeApi.facets.mockResolvedValue(FACETS);
  fakeApi.rulesView = vi.fn<Api["rulesView"]>().mockResolvedValue(view);
  fakeApi.validateRuleset = vi.fn<Api["validateRuleset"]>().mockResolvedValue([]);
  fakeApi.saveRuleset = vi.fn<Api["saveRuleset"]>().mockImplementation(async (draft, base) => ({
    ...view,
    ruleset: { version: base + 1, rules: draft.rules },
    saved_by: "user:ana",
    saved_at: new Date().toISOString(),
  }));
  fakeApi.ruleHistory = vi.fn<Api["ruleHistory"]>().mockResolvedValue([]);
  fakeApi.testRules = vi.fn<Api["testRules"]>().mockResolvedValue(ruleTest());
  fakeApi.dryRun = vi.fn<Api["dryRun"]>().mockResolvedValue({ evaluated: 0, changed: 0, by_field: [], orders: [], elapsed_ms: 1, problems: [] });
  return fakeApi;
}
