// Keyset paging: pages are fetched with the previous cursor, and a live refresh re-reads the
// pages on screen from their own cursor (never from an offset, never everything).
import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OrderFilter } from "../src/bindings";
import { useOrderPages } from "../src/hooks/useOrderPages";
import { summaries } from "./builders";
import { fakeApi, resetFakeApi } from "./fake-api";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const FILTER: OrderFilter = { status: null, channel_id: null, location_id: null, hold_reason: null, tag: null, carrier: null, placed_from: null, placed_to: null, search: null };

beforeEach(() => resetFakeApi());

describe("useOrderPages", () => {
  it("refreshes the visible window from that page's cursor and continues from the fresh cursor", async () => {
    fakeApi.listOrders
      .mockResolvedValueOnce({ items: summaries(100, 1), next_cursor: "c100" })
      .mockResolvedValueOnce({ items: summaries(100, 101), next_cursor: "c200" })
      .mockResolvedValueOnce({ items: summaries(100, 101), next_cursor: "c200b" });
    const onError = vi.fn();
    const { result } = renderHook(() => useOrderPages(FILTER, "placed_at", true, onError));
    await waitFor(() => expect(result.current.rows).toHaveLength(100));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows).toHaveLength(200));
    expect(fakeApi.listOrders.mock.calls[1][0].after).toBe("c100");

    await act(() => result.current.refreshWindow(120, 140));
    expect(fakeApi.listOrders.mock.calls[2][0]).toMatchObject({ after: "c100", limit: 100 });
    expect(result.current.rows).toHaveLength(200);
    act(() => result.current.loadMore());
    await waitFor(() => expect(fakeApi.listOrders).toHaveBeenCalledTimes(4));
    expect(fakeApi.listOrders.mock.calls[3][0].after).toBe("c200b");
    expect(onError).not.toHaveBeenCalled();
  });

  it("stops paging after an error instead of retrying on every scroll", async () => {
    fakeApi.listOrders.mockRejectedValue(new Error("boom"));
    const onError = vi.fn();
    const { result } = renderHook(() => useOrderPages(FILTER, "placed_at", true, onError));
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    act(() => result.current.loadMore());
    expect(fakeApi.listOrders).toHaveBeenCalledTimes(1);
    expect(result.current.hasMore).toBe(false);
  });
});
