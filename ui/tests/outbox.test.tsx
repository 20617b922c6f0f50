// The outbox screen and the shell's parts about it: dead effects (the exceptions) come first with
// Retry, one or all; Skip needs a reason; orders link to the queue; the sidebar shows the dead
// count and, when the channels cannot be reached, since when and how much is waiting.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../src/api";
import { App } from "../src/App";
import { offlineText } from "../src/components/shell/OfflineIndicator";
import { fakeApi, resetFakeApi } from "./fake-api";
import { connectivity, effect, outboxOf } from "./sync-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const EFFECTS = [
  effect({ id: 1, status: "pending", order_number: "#1040", order_id: "ord_40" }),
  effect({ id: 2, status: "dead", attempts: 1, last_error: "422: fulfillment order is closed", order_number: "#1041", order_id: "ord_41" }),
  effect({ id: 3, status: "dead", attempts: 8, last_error: "timed out (8 attempts)", order_number: "#1042", order_id: "ord_42", kind: "cancellation" }),
];

async function openOutbox(effects = EFFECTS) {
  fakeApi.outboxView.mockResolvedValue(outboxOf(effects));
  fakeApi.retryEffect = vi.fn<Api["retryEffect"]>().mockResolvedValue(null);
  fakeApi.skipEffect = vi.fn<Api["skipEffect"]>().mockResolvedValue(null);
  window.location.hash = "#outbox";
  render(<App />);
  await screen.findByTestId("outbox-page");
  await waitFor(() => expect(screen.getAllByTestId("effect-row")).toHaveLength(effects.length));
}

const row = (id: number) => screen.getAllByTestId("effect-row").find((r) => r.getAttribute("data-effect-id") === String(id))!;

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("outbox screen", () => {
  it("lists the dead effects first, apart, each with Retry; waiting ones have no Retry", async () => {
    await openOutbox();
    const dead = screen.getByTestId("effects-dead");
    expect(within(dead).getAllByTestId("effect-row").map((r) => r.getAttribute("data-effect-id"))).toEqual(["2", "3"]);
    expect(within(row(2)).getByTestId("retry-effect")).toBeTruthy();
    expect(within(row(2)).getByTestId("effect-error").textContent).toBe("422: fulfillment order is closed");
    expect(within(row(1)).queryByTestId("retry-effect")).toBeNull();
    expect(screen.getByTestId("outbox-dead").textContent).toBe("2");
    expect(screen.getByTestId("outbox-pending").textContent).toBe("1");
  });

  it("links each effect's order number to that order in the queue", async () => {
    await openOutbox();
    const link = within(row(2)).getByTestId("effect-order") as HTMLAnchorElement;
    expect(link.textContent).toBe("#1041");
    expect(link.getAttribute("href")).toBe("#orders/ord_41");
  });

  it("filters by status", async () => {
    await openOutbox();
    fireEvent.click(screen.getByTestId("outbox-filter-pending"));
    expect(screen.getAllByTestId("effect-row").map((r) => r.getAttribute("data-status"))).toEqual(["pending"]);
    fireEvent.click(screen.getByTestId("outbox-filter-dead"));
    expect(screen.getAllByTestId("effect-row").map((r) => r.getAttribute("data-status"))).toEqual(["dead", "dead"]);
  });

  it("Retry sends one dead effect again; Retry all sends every dead one", async () => {
    await openOutbox();
    fireEvent.click(within(row(3)).getByTestId("retry-effect"));
    await waitFor(() => expect(fakeApi.retryEffect).toHaveBeenCalledWith(3));
    await screen.findByTestId("outbox-notice");

    fakeApi.retryEffect.mockClear();
    fireEvent.click(screen.getByTestId("retry-all-dead"));
    await waitFor(() => expect(fakeApi.retryEffect.mock.calls.map((c) => c[0])).toEqual([2, 3]));
  });

  it("Skip asks for a reason and sends nothing without one", async () => {
    await openOutbox();
    fireEvent.click(within(row(2)).getByTestId("skip-effect"));
    const dialog = await screen.findByTestId("skip-dialog");
    fireEvent.change(within(dialog).getByTestId("skip-reason"), { target: { value: "   " } });
    fireEvent.click(within(dialog).getByTestId("skip-submit"));
    expect(within(dialog).getByTestId("skip-error").textContent).toMatch(/why/i);
    expect(fakeApi.skipEffect).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByTestId("skip-reason"), { target: { value: " entered on Shopify by hand " } });
    fireEvent.click(within(dialog).getByTestId("skip-submit"));
    await waitFor(() => expect(fakeApi.skipEffect).toHaveBeenCalledWith(2, "entered on Shopify by hand"));
    await waitFor(() => expect(screen.queryByTestId("skip-dialog")).toBeNull());
  });

  it("keeps the skip dialog open with the backend's refusal", async () => {
    await openOutbox();
    fakeApi.skipEffect.mockRejectedValue(new Error("outbox effect 2 was not found"));
    fireEvent.click(within(row(2)).getByTestId("skip-effect"));
    const dialog = await screen.findByTestId("skip-dialog");
    fireEvent.change(within(dialog).getByTestId("skip-reason"), { target: { value: "done by hand" } });
    fireEvent.click(within(dialog).getByTestId("skip-submit"));
    expect((await within(dialog).findByTestId("skip-error")).textContent).toBe("outbox effect 2 was not found");
  });

  it("says so when nothing is owed", async () => {
    fakeApi.outboxView.mockResolvedValue(outboxOf([]));
    window.location.hash = "#outbox";
    render(<App />);
    expect((await screen.findByTestId("outbox-empty")).textContent).toContain("Nothing owed to channels");
  });
});

describe("shell: outbox badge and offline indicator", () => {
  it("the Outbox entry shows how many effects are dead, and nothing when none are", async () => {
    fakeApi.connectivity.mockResolvedValue(connectivity({ dead: 2, pending: 5 }));
    render(<App />);
    expect((await screen.findByTestId("outbox-dead-badge")).textContent).toBe("2");
    expect(screen.getByTestId("connectivity").textContent).toContain("Online");
  });

  it("no badge without dead effects", async () => {
    render(<App />);
    await screen.findByTestId("connectivity");
    expect(screen.queryByTestId("outbox-dead-badge")).toBeNull();
  });

  it("offline: says since when and how many changes wait, and links to the outbox", async () => {
    const since = new Date(2026, 10, 26, 10, 42).toISOString();
    fakeApi.connectivity.mockResolvedValue(connectivity({ online: false, since, pending: 12, last_error: "network is unreachable" }));
    render(<App />);
    const light = await screen.findByTestId("connectivity");
    await waitFor(() => expect(light.textContent).toBe("Offline since 10:42 — 12 changes waiting, will send when back"));
    expect(light.getAttribute("href")).toBe("#outbox");
  });

  it("offline text for one change, and for none", () => {
    expect(offlineText(connectivity({ online: false, since: null, pending: 1 }))).toBe("Offline — 1 change waiting, will send when back");
    expect(offlineText(connectivity({ online: false, since: null, pending: 0 }))).toBe("Offline — nothing waiting to send");
  });

  it("asks again every ten seconds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<App />);
      await waitFor(() => expect(fakeApi.connectivity).toHaveBeenCalledTimes(1));
      fakeApi.connectivity.mockResolvedValue(connectivity({ online: false, pending: 3 }));
      await vi.advanceTimersByTimeAsync(10_000);
      await waitFor(() => expect(screen.getByTestId("connectivity").textContent).toContain("3 changes waiting"));
    } finally {
      vi.useRealTimers();
    }
  });
});
