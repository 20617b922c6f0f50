// The rule editor page against a fake backend: rules by stage with hit counts, problems shown
// where their path points, Save refused while there are errors and conflicts never overwritten,
// reordering rewrites priorities, and the dry run, test on an order, import and export.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import type { Ruleset } from "../src/bindings";
import { RulesPage } from "../src/components/rules/RulesPage";
import { summary } from "./builders";
import { fakeApi } from "./fake-api";
import { IDS, LOC_3PL, LOC_RENO, problem, resetRulesApi, ruleTest, rulesView } from "./rules-fixtures";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const card = (id: string) => screen.getByTestId(`rule-card-${id}`);
const saveButton = () => screen.getByTestId("save-rules") as HTMLButtonElement;

async function renderPage() {
  render(<RulesPage />);
  await screen.findByTestId(`rule-card-${IDS.fraud}`);
}

function openRule(id: string) {
  fireEvent.click(within(card(id)).getByTestId("rule-toggle"));
}

function rename(id: string, name: string) {
  fireEvent.change(within(card(id)).getByTestId("rule-name-input"), { target: { value: name } });
}

/** The draft of the most recent call of a command that takes one. */
function lastDraft(fn: { mock: { calls: unknown[][] } }): Ruleset {
  const calls = fn.mock.calls;
  return calls[calls.length - 1][0] as Ruleset;
}

beforeEach(() => {
  resetRulesApi();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("rules page", () => {
  it("shows the rules by stage in run order, with the saved version and hit counts", async () => {
    await renderPage();
    expect(screen.getByTestId("rules-saved-version").textContent).toBe("Version 3");
    const stages = screen.getAllByTestId(/^stage-(holds|location|service|enhance)$/).map((s) => s.getAttribute("data-testid"));
    expect(stages).toEqual(["stage-holds", "stage-location", "stage-service", "stage-enhance"]);
    const holds = within(screen.getByTestId("stage-holds")).getAllByTestId(/^rule-card-/).map((c) => c.getAttribute("data-testid"));
    expect(holds).toEqual([`rule-card-${IDS.fraud}`, `rule-card-${IDS.address}`, `rule-card-${IDS.gift}`]);
    expect(within(card(IDS.fraud)).getByTestId("rule-hits").textContent).toContain("4 7d · 17 30d");
    // No hits in 30 days: zero counts, or no entry at all.
    expect(within(card(IDS.address)).getByTestId("rule-no-hits").textContent).toBe("no hits in 30 days");
    expect(within(card(IDS.gift)).getByTestId("rule-no-hits")).toBeTruthy();
    expect(within(card(IDS.reno)).queryByTestId("rule-no-hits")).toBeNull();
    expect(screen.queryByTestId("rules-unsaved")).toBeNull();
    expect(saveButton().disabled).toBe(true);
    // The ruleset in force comes with its problems: nothing is validated until an edit.
    expect(fakeApi.validateRuleset).not.toHaveBeenCalled();
  });

  it("validates the draft after a pause in typing and shows each problem where its path points", async () => {
    await renderPage();
    fakeApi.validateRuleset.mockResolvedValue([
      problem({ path: "rules[0].when.all[1]", message: 'rule "X" at rules[0].when.all[1]: `equals` on payment status is odd', rule_id: IDS.fraud }),
      problem({ path: "rules[0].then[0]", severity: "warning", code: "unknown_location", message: "rule at rules[0].then[0]: routes nowhere" }),
      problem({ path: "rules[1].name", message: "rule at rules[1].name: has no name" }),
    ]);
    openRule(IDS.fraud);
    openRule(IDS.address);
    rename(IDS.fraud, "X");
    rename(IDS.fraud, "X2");
    expect(screen.getByTestId("rules-unsaved")).toBeTruthy();

    await waitFor(() => expect(screen.getAllByTestId("inline-problem")).toHaveLength(3));
    // One call for the pause, with the whole draft.
    expect(fakeApi.validateRuleset).toHaveBeenCalledTimes(1);
    expect(lastDraft(fakeApi.validateRuleset).rules[0].name).toBe("X2");

    const row = within(card(IDS.fraud))
      .getAllByTestId("condition-row")
      .find((r) => r.getAttribute("data-path") === "when.all[1]")!;
    expect(within(row).getByTestId("inline-problem").textContent).toContain("`equals` on payment status is odd");
    const action = within(card(IDS.fraud)).getByTestId("action-row");
    expect(within(action).getByTestId("inline-problem").getAttribute("data-code")).toBe("unknown_location");
    const name = within(card(IDS.address)).getByTestId("rule-editor");
    expect(within(name).getByTestId("inline-problem").textContent).toContain("has no name");

    const summary = screen.getByTestId("problem-summary");
    expect(summary.getAttribute("data-errors")).toBe("2");
    expect(summary.getAttribute("data-warnings")).toBe("1");
    expect(within(card(IDS.fraud)).getByTestId("rule-error-count").textContent).toBe("1 error");
  });

  it("Save is disabled while the draft has errors; warnings alone allow it", async () => {
    await renderPage();
    fakeApi.validateRuleset.mockResolvedValue([problem({ path: "rules[0].when", message: "empty group" })]);
    openRule(IDS.fraud);
    rename(IDS.fraud, "Bigger orders");
    await waitFor(() => expect(screen.getByTestId("problem-summary").getAttribute("data-errors")).toBe("1"));
    expect(saveButton().disabled).toBe(true);
    expect(saveButton().title).toBe("Fix 1 error to save");

    fakeApi.validateRuleset.mockResolvedValue([problem({ path: "rules[0].then[0]", severity: "warning", code: "unknown_location", message: "deleted" })]);
    rename(IDS.fraud, "Bigger orders!");
    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(screen.getByTestId("rules-saved-version").textContent).toBe("Version 4"));
    expect(fakeApi.saveRuleset).toHaveBeenCalledTimes(1);
    const [draft, base] = fakeApi.saveRuleset.mock.calls[0];
    expect(base).toBe(3);
    expect(draft.version).toBe(3);
    expect(draft.rules[0].name).toBe("Bigger orders!");
    expect(screen.queryByTestId("rules-unsaved")).toBeNull();
    expect(screen.getByTestId("rules-notice").textContent).toContain("Saved as version 4");
  });

  it("a conflicting save keeps the draft and offers to rebase it on the latest version", async () => {
    await renderPage();
    fakeApi.saveRuleset.mockRejectedValueOnce(new ApiError("conflict", "the rules were changed (version 4) since you opened them (version 3)"));
    openRule(IDS.gift);
    rename(IDS.gift, "Gift orders: read the message");
    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    const banner = await screen.findByTestId("rules-conflict");
    expect(banner.textContent).toContain("version 4");
    expect((within(card(IDS.gift)).getByTestId("rule-name-input") as HTMLInputElement).value).toBe("Gift orders: read the message");

    fakeApi.rulesView.mockResolvedValue(rulesView({ ruleset: { version: 4, rules: rulesView().ruleset.rules }, saved_by: "user:marco" }));
    fireEvent.click(within(banner).getByTestId("conflict-keep-mine"));
    await waitFor(() => expect(screen.getByTestId("rules-saved-version").textContent).toBe("Version 4"));
    expect(screen.queryByTestId("rules-conflict")).toBeNull();
    fireEvent.click(saveButton());
    await waitFor(() => expect(fakeApi.saveRuleset).toHaveBeenCalledTimes(2));
    expect(fakeApi.saveRuleset.mock.calls[1][1]).toBe(4);
  });

  it("moving a rule rewrites its stage's priorities 1, 2, 3 in the new order (buttons and drag and drop)", async () => {
    await renderPage();
    fireEvent.click(within(card(IDS.fraud)).getByTestId("rule-move-down"));
    const order = () => within(screen.getByTestId("stage-holds")).getAllByTestId(/^rule-card-/).map((c) => [c.getAttribute("data-testid")!.slice(10), c.getAttribute("data-priority")]);
    expect(order()).toEqual([
      [IDS.address, "1"],
      [IDS.fraud, "2"],
      [IDS.gift, "3"],
    ]);
    // Drag the last rule onto the first.
    fireEvent.dragStart(within(card(IDS.gift)).getByTestId("rule-drag-handle"));
    fireEvent.dragOver(card(IDS.address));
    fireEvent.drop(card(IDS.address));
    expect(order()).toEqual([
      [IDS.gift, "1"],
      [IDS.address, "2"],
      [IDS.fraud, "3"],
    ]);
    // A rule of another stage is no drop target.
    fireEvent.dragStart(within(card(IDS.reno)).getByTestId("rule-drag-handle"));
    fireEvent.drop(card(IDS.gift));
    expect(order()[0][0]).toBe(IDS.gift);

    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(fakeApi.saveRuleset).toHaveBeenCalled());
    const saved = lastDraft(fakeApi.saveRuleset).rules;
    const byId = new Map(saved.map((r) => [r.id, r.priority]));
    expect([byId.get(IDS.gift), byId.get(IDS.address), byId.get(IDS.fraud), byId.get(IDS.reno)]).toEqual([1, 2, 3, 1]);
  });

  it("a new rule starts in its stage with a fresh id, opened, and needs its blanks filled", async () => {
    await renderPage();
    fireEvent.click(screen.getByTestId("new-rule-location"));
    const cards = within(screen.getByTestId("stage-location")).getAllByTestId(/^rule-card-rul_/);
    expect(cards).toHaveLength(2);
    const fresh = cards[1];
    expect(fresh.getAttribute("data-testid")).toMatch(/^rule-card-rul_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((within(fresh).getByTestId("rule-name-input") as HTMLInputElement).value).toBe("New location rule");
    expect(within(fresh).getByTestId("location-select")).toBeTruthy();
    // Only the location stage's actions are offered.
    const kinds = Array.from((within(fresh).getByTestId("action-kind-select") as HTMLSelectElement).options).map((o) => o.value);
    expect(kinds).toEqual(["assign_location", "route_to_partner", "choose_location"]);
    await waitFor(() => expect(fakeApi.validateRuleset).toHaveBeenCalled());
    expect(lastDraft(fakeApi.validateRuleset).rules[5]).toMatchObject({ stage: "location", priority: 2, when: { all: [{ ship_to_country: { equals: "" } }] } });
  });

  it("discard returns to the rules in force", async () => {
    await renderPage();
    openRule(IDS.fraud);
    rename(IDS.fraud, "Changed");
    fireEvent.click(screen.getByTestId("discard-rules"));
    fireEvent.click(screen.getByTestId("confirm-discard"));
    expect((within(card(IDS.fraud)).getByTestId("rule-name-input") as HTMLInputElement).value).toBe("Large order: fraud review");
    expect(screen.queryByTestId("rules-unsaved")).toBeNull();
  });

  it("the dry run sends the draft with status and limit and shows counts, fields and each changed order", async () => {
    fakeApi.dryRun.mockResolvedValue({
      evaluated: 1000,
      changed: 2,
      by_field: [
        { field: "location", orders: 2 },
        { field: "hold", orders: 1 },
      ],
      orders: [
        {
          order_id: "ord_1",
          number: "#1001",
          status: "ready",
          changes: [
            { field: "location", before: LOC_RENO, after: LOC_3PL },
            { field: "hold", before: null, after: "fraud_risk: Check payment" },
          ],
          rules: ["Large order: fraud review", "Ship from Reno"],
        },
        { order_id: "ord_2", number: "#1002", status: "on_hold", changes: [{ field: "location", before: null, after: LOC_RENO }], rules: ["Ship from Reno"] },
      ],
      elapsed_ms: 42,
      problems: [],
    });
    await renderPage();
    fireEvent.click(screen.getByTestId("tab-dry-run"));
    fireEvent.change(screen.getByTestId("dry-run-status"), { target: { value: "ready" } });
    fireEvent.change(screen.getByTestId("dry-run-limit"), { target: { value: "10000" } });
    fireEvent.click(screen.getByTestId("dry-run-button"));
    const report = await screen.findByTestId("dry-run-report");
    expect(fakeApi.dryRun).toHaveBeenCalledWith(expect.objectContaining({ version: 3 }), { status: "ready", limit: 10000 });
    expect(within(report).getByTestId("dry-run-changed").textContent).toBe("2 of 1,000 orders would change");
    expect(within(report).getByTestId("dry-run-elapsed").textContent).toBe("42 ms");
    expect(within(report).getAllByTestId("dry-run-field").map((f) => f.textContent)).toEqual(["Location 2", "Hold 1"]);
    const rows = within(report).getAllByTestId("dry-run-order");
    expect(rows).toHaveLength(2);
    const changes = within(rows[0]).getAllByTestId("field-change").map((c) => c.textContent);
    expect(changes).toEqual(["LocationReno DC→ShipRight 3PL", "Hold—→Fraud risk: Check payment"]);
    expect(rows[0].textContent).toContain("by Large order: fraud review, Ship from Reno");
  });

  it("test on an order: search, pick, and read the decision, the changes and the trace", async () => {
    fakeApi.listOrders.mockResolvedValue({ items: [summary(1, { number: "#1001", customer_name: "Ana Silva" })], next_cursor: null });
    fakeApi.testRules.mockResolvedValue(
      ruleTest({
        changes: [{ field: "hold", before: null, after: "fraud_risk: Check payment" }],
        trace: {
          ruleset_version: 3,
          now: "2025-01-12T12:00:00Z",
          rules: [
            {
              rule_id: IDS.fraud,
              name: "Large order: fraud review",
              stage: "holds",
              priority: 1,
              outcome: "matched",
              conditions: [
                { path: "when", test: "all of 2 conditions", result: true },
                { path: "when.all[0]", test: "order total ≥ 75000", saw: "800.00 USD", result: true },
                { path: "when.all[1]", test: "payment status is pending", saw: "pending", result: true },
              ],
              actions: [{ action: "hold (fraud_risk)", effect: "applied" }],
            },
            {
              rule_id: IDS.address,
              name: "Address fails the checks",
              stage: "holds",
              priority: 2,
              outcome: "not_matched",
              conditions: [
                { path: "when", test: "any of 2 conditions", result: false },
                { path: "when.any[0]", test: "address check is invalid", saw: "valid", result: false },
                { path: "when.any[1]", test: "gift is yes", result: null },
              ],
            },
            { rule_id: IDS.gift, name: "Gift orders", stage: "holds", priority: 3, outcome: "disabled" },
            {
              rule_id: IDS.reno,
              name: "Ship from Reno",
              stage: "location",
              priority: 1,
              outcome: "matched",
              conditions: [{ path: "when", test: "always", result: true }],
              actions: [
                { action: "set service UPS / Ground", effect: "kept", note: "kept: set by a person" },
                {
                  action: "assign location Reno DC",
                  effect: "applied",
                  overridden_by: { rule_id: "rul_x", rule_name: "East coast", action: "assign location Newark" },
                },
              ],
            },
          ],
        },
      }),
    );
    await renderPage();
    fireEvent.change(screen.getByTestId("test-order-search"), { target: { value: "1001" } });
    await waitFor(() => expect(fakeApi.listOrders).toHaveBeenCalledWith(expect.objectContaining({ filter: expect.objectContaining({ search: "1001" }) })));
    fireEvent.click(await screen.findByTestId("test-order-result"));
    const trace = await screen.findByTestId("trace-view");
    expect(fakeApi.testRules).toHaveBeenCalledWith(expect.objectContaining({ version: 3 }), "ord_0001");

    const decision = within(trace).getByTestId("decision-summary");
    expect(decision.querySelector('[data-field="hold"]')!.textContent).toBe("HoldFraud risk · Check paymentLarge order: fraud review");
    // Ids read as names: the location the rule chose.
    expect(decision.querySelector('[data-field="location"]')!.textContent).toBe("LocationReno DCShip from Reno");
    expect(within(decision).getByTestId("decision-kept-service").textContent).toBe("kept: set by a person");
    expect(within(trace).getAllByTestId("field-change").map((c) => c.textContent)).toEqual(["Hold—→Fraud risk: Check payment"]);

    const rules = within(trace).getAllByTestId("trace-rule");
    expect(rules.map((r) => r.getAttribute("data-outcome"))).toEqual(["matched", "not_matched", "disabled", "matched"]);
    const conds = within(rules[1]).getAllByTestId("trace-condition");
    expect(conds.map((c) => c.getAttribute("data-result"))).toEqual(["fail", "fail", "skipped"]);
    expect(conds.map((c) => c.querySelector(".why-mark")!.textContent)).toEqual(["✗", "✗", "–"]);
    expect(within(conds[1]).getByTestId("trace-saw").textContent).toBe("saw valid");
    expect(within(within(rules[0]).getAllByTestId("trace-condition")[1]).getByTestId("trace-saw").textContent).toBe("saw 800.00 USD");
    const actions = within(rules[3]).getAllByTestId("trace-action");
    expect(actions.map((a) => a.getAttribute("data-effect"))).toEqual(["kept", "overridden"]);
    expect(actions[0].textContent).toContain("kept: set by a person");
    expect(actions[1].textContent).toContain("overridden by East coast (assign location Newark)");

    // Trying the rules in force instead sends no draft.
    fireEvent.change(screen.getByTestId("test-which"), { target: { value: "saved" } });
    await waitFor(() => expect(fakeApi.testRules).toHaveBeenLastCalledWith(null, "ord_0001"));
  });

  it("importing a file that is not JSON says so and leaves the draft alone", async () => {
    await renderPage();
    const input = screen.getByTestId("import-rules-input");
    fireEvent.change(input, { target: { files: [new File(["{ this is not json"], "rules.json", { type: "application/json" })] } });
    const error = await screen.findByTestId("import-error");
    expect(error.textContent).toContain("rules.json was not imported");
    expect(error.textContent).toContain("The file is not valid JSON");
    expect(screen.queryByTestId("rules-unsaved")).toBeNull();
  });

  it("importing a rules file loads it as an unsaved draft and validates it", async () => {
    await renderPage();
    const rules = [rulesView().ruleset.rules[0], { ...rulesView().ruleset.rules[3], when: { all: [] } }];
    fakeApi.validateRuleset.mockResolvedValue([problem({ path: "rules[1].when", code: "empty_criteria", message: "x at rules[1].when: the `all` group is empty" })]);
    const input = screen.getByTestId("import-rules-input");
    fireEvent.change(input, { target: { files: [new File([JSON.stringify({ version: 9, rules })], "mine.json")] } });
    await screen.findByTestId("rules-unsaved");
    expect(screen.getByTestId("rules-notice").textContent).toContain("Loaded mine.json (2 rules)");
    expect(screen.queryByTestId(`rule-card-${IDS.gift}`)).toBeNull();
    await waitFor(() => expect(screen.getByTestId("problem-summary").getAttribute("data-errors")).toBe("1"));
    // The file's version is not kept: the draft stays based on the version in force.
    expect(lastDraft(fakeApi.validateRuleset).version).toBe(3);
    expect(saveButton().disabled).toBe(true);
  });

  it("export downloads the draft as waybill-rules-v{N}.json", async () => {
    const blobs: Blob[] = [];
    vi.stubGlobal("URL", Object.assign(Object.create(URL), { createObjectURL: (b: Blob) => (blobs.push(b), "blob:rules"), revokeObjectURL: () => {} }));
    let downloaded = "";
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = this.download;
    });
    await renderPage();
    await act(async () => fireEvent.click(screen.getByTestId("export-rules")));
    expect(click).toHaveBeenCalled();
    expect(downloaded).toBe("waybill-rules-v3.json");
    const text = await blobs[0].text();
    expect(JSON.parse(text)).toEqual(rulesView().ruleset);
  });

  it("history lists who changed which rule, loaded when opened", async () => {
    fakeApi.ruleHistory.mockResolvedValue([
      {
        version: 3,
        rule_id: IDS.sig,
        rule_name: "Signature over 500.00",
        change: "edited",
        before: { ...rulesView().ruleset.rules[4], when: { total: { gte: 40000 } } },
        after: rulesView().ruleset.rules[4],
        at: "2025-01-10T10:00:00Z",
        actor: "user:marco",
      },
    ]);
    await renderPage();
    expect(fakeApi.ruleHistory).not.toHaveBeenCalled();
    const history = screen.getByTestId("rules-history") as HTMLDetailsElement;
    history.open = true;
    fireEvent(history, new Event("toggle"));
    const entry = await screen.findByTestId("history-entry");
    expect(fakeApi.ruleHistory).toHaveBeenCalledWith(50);
    expect(entry.textContent).toContain("marco");
    expect(entry.textContent).toContain("edited Signature over 500.00 · conditions");
  });
});
