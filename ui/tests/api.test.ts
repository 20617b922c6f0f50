// api.ts is the only door to the backend: it unwraps Results and turns error results into
// ApiError with the backend's code and message.
import { beforeEach, describe, expect, it, vi } from "vitest";

const commands = vi.hoisted(() => ({
  listOrders: vi.fn(),
  tabCounts: vi.fn(),
  orderDetail: vi.fn(),
  applyAction: vi.fn(),
  facets: vi.fn(),
  workspaceInfo: vi.fn(),
}));
vi.mock("../src/bindings", () => ({ commands, events: { ordersChanged: { listen: vi.fn() } } }));

import { api, ApiError, isFatal } from "../src/api";

beforeEach(() => vi.clearAllMocks());

describe("api", () => {
  it("returns the data of an ok result", async () => {
    commands.facets.mockResolvedValue({ status: "ok", data: { channels: [], locations: [], carriers: ["UPS"], tags: [] } });
    await expect(api.facets()).resolves.toEqual({ channels: [], locations: [], carriers: ["UPS"], tags: [] });
  });

  it("throws ApiError carrying code and message on an error result", async () => {
    commands.orderDetail.mockResolvedValue({ status: "error", error: { code: "not_found", message: "order ord_1 was not found" } });
    const err = await api.orderDetail("ord_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "not_found", message: "order ord_1 was not found" });
    expect(isFatal(err)).toBe(false);
  });

  it("marks database problems as fatal", async () => {
    commands.listOrders.mockResolvedValue({ status: "error", error: { code: "database_corrupt", message: "file is not a database" } });
    const err = await api.listOrders({} as never).catch((e: unknown) => e);
    expect(isFatal(err)).toBe(true);
  });

  it("turns a failed IPC call into an internal ApiError", async () => {
    commands.workspaceInfo.mockRejectedValue(new Error("ipc channel closed"));
    await expect(api.workspaceInfo()).rejects.toMatchObject({ code: "internal", message: "ipc channel closed" });
  });

  it("passes arguments through unchanged", async () => {
    commands.applyAction.mockResolvedValue({ status: "ok", data: { applied: ["a"], refused: [] } });
    await api.applyAction(["a"], { action: "add_tag", tag: "vip" });
    expect(commands.applyAction).toHaveBeenCalledWith(["a"], { action: "add_tag", tag: "vip" });
  });
});
