// The rules commands in api.ts: arguments go through unchanged, results are unwrapped, and a
// draft the backend cannot even read (its refusal is bare text, not an AppError) still becomes
// an ApiError with a message instead of one with no code.
import { beforeEach, describe, expect, it, vi } from "vitest";

const commands = vi.hoisted(() => ({
  rulesView: vi.fn(),
  validateRuleset: vi.fn(),
  saveRuleset: vi.fn(),
  ruleHistory: vi.fn(),
  testRules: vi.fn(),
  dryRun: vi.fn(),
}));
vi.mock("../src/bindings", () => ({ commands, events: { ordersChanged: { listen: vi.fn() } } }));

import { api, ApiError } from "../src/api";

const draft = { version: 3, rules: [] };

beforeEach(() => vi.clearAllMocks());

describe("rules api", () => {
  it("passes drafts, versions, ids and scopes through and returns the data", async () => {
    commands.saveRuleset.mockResolvedValue({ status: "ok", data: { ruleset: { version: 4, rules: [] } } });
    await expect(api.saveRuleset(draft, 3)).resolves.toMatchObject({ ruleset: { version: 4 } });
    expect(commands.saveRuleset).toHaveBeenCalledWith(draft, 3);

    commands.testRules.mockResolvedValue({ status: "ok", data: { number: "#1" } });
    await api.testRules(null, "ord_1");
    expect(commands.testRules).toHaveBeenCalledWith(null, "ord_1");

    commands.dryRun.mockResolvedValue({ status: "ok", data: { evaluated: 0 } });
    await api.dryRun(draft, { status: "ready", limit: 100 });
    expect(commands.dryRun).toHaveBeenCalledWith(draft, { status: "ready", limit: 100 });

    commands.ruleHistory.mockResolvedValue({ status: "ok", data: [] });
    await api.ruleHistory(50);
    expect(commands.ruleHistory).toHaveBeenCalledWith(50);
  });

  it("keeps the backend's conflict code for a save someone else beat", async () => {
    commands.saveRuleset.mockResolvedValue({ status: "error", error: { code: "conflict", message: "changed (version 4)" } });
    await expect(api.saveRuleset(draft, 3)).rejects.toMatchObject({ code: "conflict", message: "changed (version 4)" });
  });

  it("turns a bare-text refusal (arguments it could not read) into invalid_input", async () => {
    commands.validateRuleset.mockResolvedValue({ status: "error", error: "invalid args `draft` for command `validate_ruleset`: `rul_1` is not a valid rule id" });
    const err = await api.validateRuleset(draft).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "invalid_input", message: expect.stringContaining("is not a valid rule id") });
  });
});
