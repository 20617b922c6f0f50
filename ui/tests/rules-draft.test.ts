// The rule editor's pure parts: reading a rules file with path-precise problems, run order and
// reordering (priorities become 1, 2, 3…), placing validation problems on their rule, new ids,
// and amounts typed by people.
import { describe, expect, it } from "vitest";
import type { Rule } from "../src/bindings";
import { readNumber, showNumber } from "../src/components/rules/amounts";
import { conditionPaths, isId, moveRule, newRule, newRuleId, placeProblems, ruleKeys, runOrder, shortMessage } from "../src/components/rules/draft";
import { readRulesetJson, rulesetToJson } from "../src/components/rules/ruleJson";
import { FACETS, IDS, problem, rule, savedRules } from "./rules-fixtures";

const codes = (text: string) => {
  const r = readRulesetJson(text);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.path}`);
};
const file = (rules: unknown[]) => JSON.stringify({ version: 1, rules });

describe("reading a rules file", () => {
  it("reads back what export writes", () => {
    const ruleset = { version: 3, rules: savedRules() };
    const r = readRulesetJson(rulesetToJson(ruleset));
    expect(r).toEqual({ ok: true, ruleset });
  });

  it("says plainly when the text is not JSON", () => {
    const r = readRulesetJson("{ rules: [");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].code).toBe("invalid_json");
      expect(r.problems[0].message).toMatch(/^The file is not valid JSON: /);
    }
  });

  it("names the exact path of an unknown field, a wrong operator, a bad value and a bad id", () => {
    const base = savedRules()[0];
    expect(codes(file([{ ...base, when: { totl: { gte: 1 } } }]))).toEqual(["unknown_field rules[0].when.totl"]);
    expect(codes(file([{ ...base, when: { all: [{ total: { contains: "x" } }] } }]))).toEqual(["operator_not_allowed rules[0].when.all[0].total.contains"]);
    expect(codes(file([{ ...base, when: { total: { gte: "lots" } } }]))).toEqual(["wrong_type rules[0].when.total.gte"]);
    expect(codes(file([{ ...base, when: { any_line: { sku: { starts_with: 5 } } } }]))).toEqual(["wrong_type rules[0].when.any_line.sku.starts_with"]);
    expect(codes(file([{ ...base, when: { payment_status: { equals: "maybe" } } }]))).toEqual(["wrong_type rules[0].when.payment_status.equals"]);
    expect(codes(file([{ ...base, id: "rul_1" }]))).toEqual(["wrong_type rules[0].id"]);
    expect(codes(file([{ ...base, colour: "red" }]))).toEqual(["unknown_field rules[0].colour"]);
    expect(codes(file([{ ...base, then: [{ hold: { reason: "fraud_risk", nte: "x" } }] }]))).toEqual(["unknown_field rules[0].then[0].hold.nte"]);
    expect(codes(file([{ ...base, then: ["add_insurance"] }]))).toEqual(["wrong_type rules[0].then[0]"]);
    const { stage: _, ...noStage } = base;
    expect(codes(file([noStage]))).toEqual(["missing_field rules[0]"]);
    expect(codes(JSON.stringify([base]))).toEqual(["wrong_type "]);
  });

  it("leaves what only the data shows (empty groups, blank values) to validation", () => {
    const base = savedRules()[0];
    expect(readRulesetJson(file([{ ...base, when: { all: [] }, then: [] }])).ok).toBe(true);
  });
});

describe("run order and reordering", () => {
  const holds = (rules: Rule[]) => runOrder(rules, "holds").map((i) => [rules[i].id, rules[i].priority]);

  it("runs a stage by priority, ties in list order", () => {
    const rules = [rule({ id: "a", priority: 2 }), rule({ id: "b", priority: 1 }), rule({ id: "c", priority: 2 }), rule({ id: "x", stage: "enhance" })];
    expect(runOrder(rules, "holds").map((i) => rules[i].id)).toEqual(["b", "a", "c"]);
  });

  it("moving a rule rewrites the stage's priorities 1, 2, 3… and leaves other stages alone", () => {
    const rules = [rule({ id: "a", priority: 10 }), rule({ id: "b", priority: 20 }), rule({ id: "c", priority: 30 }), rule({ id: "x", stage: "enhance", priority: 7 })];
    const moved = moveRule(rules, "holds", 0, 2);
    expect(holds(moved)).toEqual([
      ["b", 1],
      ["c", 2],
      ["a", 3],
    ]);
    expect(moved[3]).toBe(rules[3]);
    expect(moveRule(rules, "holds", 0, 5)).toEqual(rules);
  });

  it("a new rule goes last in its stage with a fresh rul_ ULID", () => {
    const r = newRule("location", savedRules(), FACETS);
    expect(isId(r.id, "rul")).toBe(true);
    expect(r.priority).toBe(2);
    expect(r.then).toEqual([{ assign_location: { location_id: FACETS.locations[0].id } }]);
    expect(newRuleId()).not.toBe(newRuleId());
    expect(newRuleId()).toMatch(/^rul_[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
});

describe("placing problems", () => {
  it("puts each problem on the rule its path indexes, with the path below the rule", () => {
    const rules = savedRules();
    const placed = placeProblems(
      [
        problem({ path: "rules[1].when", message: 'rule "Address fails the checks" at rules[1].when: bad' }),
        problem({ path: "rules[0].then[0]", message: "x" }),
        problem({ path: "version", message: "odd version" }),
      ],
      rules,
      rules,
    );
    expect(placed.byRule.get(IDS.address)?.map((p) => p.at)).toEqual(["when"]);
    expect(placed.byRule.get(IDS.fraud)?.map((p) => p.at)).toEqual(["then[0]"]);
    expect(placed.general.map((p) => p.path)).toEqual(["version"]);
    expect(shortMessage(placed.byRule.get(IDS.address)![0])).toBe("bad");
  });

  it("keeps a problem on its rule after the rules were reordered or one was added", () => {
    const validated = savedRules();
    const now = [rule({ id: "rul_01HZX4Q8N5KD7R2M3B6C9T0A99" }), ...validated.slice().reverse()];
    const placed = placeProblems([problem({ path: "rules[2].name", message: "x" })], validated, now);
    expect([...placed.byRule.keys()]).toEqual([IDS.gift]);
  });

  it("keys repeated ids apart", () => {
    expect(ruleKeys([rule({ id: "a" }), rule({ id: "b" }), rule({ id: "a" })])).toEqual(["a", "b", "a~2"]);
  });

  it("lists every path the editor shows a condition at", () => {
    const paths = conditionPaths({ all: [{ not: { total: { gte: 1 } } }, { any_line: { all: [{ sku: { equals: "A" } }] } }] }, "when");
    expect([...paths]).toEqual(["when", "when.all[0]", "when.all[0].not", "when.all[1]", "when.all[1].any_line", "when.all[1].any_line.all[0]"]);
  });
});

describe("amounts", () => {
  it("reads money as minor units and shows it with two decimals", () => {
    expect(readNumber("500.00", "money")).toBe(50000);
    expect(readNumber("500", "money")).toBe(50000);
    expect(readNumber("0.5", "money")).toBe(50);
    expect(readNumber("$1,234.56", "money")).toBe(123456);
    expect(readNumber("-2.5", "money")).toBe(-250);
    expect(readNumber("1.234", "money")).toBeNull();
    expect(readNumber("abc", "money")).toBeNull();
    expect(showNumber(50000, "money")).toBe("500.00");
  });

  it("reads whole numbers, and refuses negative days", () => {
    expect(readNumber("2,000", "grams")).toBe(2000);
    expect(readNumber("1.5", "count")).toBeNull();
    expect(readNumber("-1", "days")).toBeNull();
    expect(readNumber("3", "days")).toBe(3);
  });
});
