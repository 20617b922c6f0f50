// The webhooks screen: each endpoint with its events, whether it is enabled (and why not), what
// waits and what died, its last delivery; adding one (the URL checked before sending, the events
// from the backend's list, the signing secret shown once with how to verify it); disabling and
// enabling; removing only after a confirmation that says what is dropped.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, type Api } from "../src/api";
import { App } from "../src/App";
import type { EndpointView, WebhooksView } from "../src/bindings";
import { placeEndpointRefusal, urlProblem } from "../src/components/webhooks/endpointDraft";
import { EVENT_TYPES } from "../src/mock/webhooks";
import { fakeApi, resetFakeApi } from "./fake-api";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function endpoint(over: Partial<EndpointView["endpoint"]> = {}, deliveries: Partial<EndpointView["deliveries"]> = {}): EndpointView {
  return {
    endpoint: {
      id: "whe_1",
      url: "https://wms.example/hooks",
      events: ["order.shipped"],
      enabled: true,
      disabled_reason: null,
      created_at: new Date(Date.now() - 86_400_000).toISOString(),
      ...over,
    },
    deliveries: { pending: 0, dead: 0, delivered: 0, last_delivered_at: null, last_error: null, ...deliveries },
  };
}

const VIEW: WebhooksView = {
  endpoints: [
    endpoint(
      { id: "whe_1", url: "https://wms.example/hooks", events: ["order.routed", "order.shipped"] },
      { pending: 2, delivered: 40, last_delivered_at: new Date(Date.now() - 3 * 60_000).toISOString() },
    ),
    endpoint(
      { id: "whe_2", url: "https://bridge.example/ops", events: ["sync.failed"], enabled: false, disabled_reason: "the endpoint answered 410 Gone" },
      { pending: 1, dead: 1, last_error: "410 Gone" },
    ),
  ],
  event_types: EVENT_TYPES,
};

async function openWebhooks(view = VIEW) {
  fakeApi.webhooksView.mockResolvedValue(view);
  fakeApi.addWebhookEndpoint = vi.fn<Api["addWebhookEndpoint"]>().mockImplementation(async (url, events) => ({
    endpoint: endpoint({ id: "whe_9", url, events }).endpoint,
    secret: SECRET,
  }));
  fakeApi.removeWebhookEndpoint = vi.fn<Api["removeWebhookEndpoint"]>().mockResolvedValue(3);
  fakeApi.enableWebhookEndpoint = vi.fn<Api["enableWebhookEndpoint"]>().mockResolvedValue(null);
  fakeApi.disableWebhookEndpoint = vi.fn<Api["disableWebhookEndpoint"]>().mockResolvedValue(null);
  window.location.hash = "#webhooks";
  render(<App />);
  await screen.findByTestId("webhooks-page");
  if (view.endpoints.length > 0) await waitFor(() => expect(screen.getAllByTestId("endpoint-card")).toHaveLength(view.endpoints.length));
}

const card = (url: string) => screen.getByRole("article", { name: url });

async function openAddForm() {
  fireEvent.click(screen.getByTestId("add-endpoint"));
  return screen.findByTestId("add-endpoint-form");
}

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("endpoint form checks", () => {
  it("takes only http(s) URLs with a host, as the backend does", () => {
    expect(urlProblem("https://hooks.example.com/waybill")).toBeNull();
    expect(urlProblem("http://127.0.0.1:9000")).toBeNull();
    expect(urlProblem("")).toMatch(/Enter/);
    expect(urlProblem("ftp://example.com")).toMatch(/http/);
    expect(urlProblem("https:///path")).toMatch(/host/);
    expect(urlProblem("https://exa mple.com")).toMatch(/spaces/);
  });

  it("places a refusal on the field its prefix names", () => {
    expect(placeEndpointRefusal("url: `x` is not a usable URL")).toEqual({ field: "url", text: "`x` is not a usable URL" });
    expect(placeEndpointRefusal("events: name at least one")).toEqual({ field: "events", text: "name at least one" });
    expect(placeEndpointRefusal("database is locked")).toEqual({ field: null, text: "database is locked" });
  });
});

describe("webhooks screen", () => {
  it("sits in the sidebar right after the Outbox", async () => {
    await openWebhooks();
    const items = screen.getAllByRole("link").map((a) => a.getAttribute("data-testid"));
    expect(items.indexOf("nav-webhooks")).toBe(items.indexOf("nav-outbox") + 1);
  });

  it("lists each endpoint: URL, events, enabled or disabled and why, pending and dead, last delivery", async () => {
    await openWebhooks();
    const wms = card("https://wms.example/hooks");
    expect(within(wms).getByTestId("endpoint-events-list").textContent).toBe("order.routedorder.shipped");
    expect(within(wms).getByTestId("endpoint-state").textContent).toBe("Enabled");
    expect(within(wms).getByTestId("endpoint-pending").textContent).toBe("2");
    expect(within(wms).getByTestId("endpoint-dead").textContent).toBe("0");
    expect(within(wms).getByTestId("endpoint-last-delivery").textContent).toBe("3m ago");
    expect(within(wms).getByTestId("toggle-endpoint").textContent).toBe("Disable");

    const bridge = card("https://bridge.example/ops");
    expect(within(bridge).getByTestId("endpoint-state").textContent).toContain("Disabled");
    expect(within(bridge).getByTestId("endpoint-state").textContent).toContain("the endpoint answered 410 Gone");
    expect(within(bridge).getByTestId("endpoint-waiting").textContent).toContain("1 message waits");
    expect(within(bridge).getByTestId("endpoint-dead").textContent).toBe("1");
    expect(within(bridge).getByTestId("endpoint-dead-help").textContent).toContain("retry or skip it in the Outbox");
    expect(within(wms).queryByTestId("endpoint-dead-help")).toBeNull();
    expect(within(bridge).getByTestId("endpoint-error").textContent).toContain("410 Gone");
    expect(within(bridge).getByTestId("endpoint-last-delivery").textContent).toBe("never");
    expect(within(bridge).getByTestId("toggle-endpoint").textContent).toBe("Enable");
    expect(screen.getByTestId("webhooks-summary").textContent).toContain("2 endpoints · 1 disabled");
  });

  it("says what to do when there is no endpoint", async () => {
    await openWebhooks({ endpoints: [], event_types: EVENT_TYPES });
    expect((await screen.findByTestId("webhooks-empty")).textContent).toContain("Add a URL");
  });

  it("adds an endpoint with the events ticked and shows its signing secret once, with how to verify it", async () => {
    const clipboard = { writeText: vi.fn().mockResolvedValue(undefined) };
    Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });
    await openWebhooks();
    const form = await openAddForm();
    for (const t of EVENT_TYPES) expect(within(form).getByText(t.description)).toBeTruthy();
    fireEvent.change(within(form).getByTestId("endpoint-url"), { target: { value: "  https://erp.example/in  " } });
    fireEvent.click(within(form).getByTestId("event-order.shipped"));
    fireEvent.click(within(form).getByTestId("event-order.held"));
    fireEvent.click(within(form).getByTestId("add-endpoint-save"));

    // In the backend's order, whatever order they were ticked in.
    await waitFor(() => expect(fakeApi.addWebhookEndpoint).toHaveBeenCalledWith("https://erp.example/in", ["order.held", "order.shipped"]));
    const shown = await screen.findByTestId("signing-secret");
    expect((within(shown).getByTestId("signing-secret-value") as HTMLInputElement).value).toBe(SECRET);
    expect(within(shown).getByText(/Shown only now/)).toBeTruthy();
    const help = within(shown).getByTestId("verify-help").textContent ?? "";
    for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature", "whsec_", "HMAC-SHA256"]) expect(help).toContain(header);

    fireEvent.click(within(shown).getByTestId("copy-secret"));
    await waitFor(() => expect(clipboard.writeText).toHaveBeenCalledWith(SECRET));
    expect((await within(shown).findByTestId("copy-result")).textContent).toBe("Copied");

    fireEvent.click(within(shown).getByTestId("secret-done"));
    expect(screen.queryByTestId("signing-secret")).toBeNull();
    expect(screen.queryByDisplayValue(SECRET)).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(fakeApi.webhooksView.mock.calls.length).toBeGreaterThan(1);
  });

  it("names a bad URL and a missing event next to their fields before sending anything", async () => {
    await openWebhooks();
    const form = await openAddForm();
    fireEvent.change(within(form).getByTestId("endpoint-url"), { target: { value: "ftp://files.example.com" } });
    fireEvent.click(within(form).getByTestId("add-endpoint-save"));
    expect(within(form).getByTestId("endpoint-url-problem").textContent).toMatch(/http:\/\/ or https:\/\//);
    expect(within(form).getByTestId("endpoint-events-problem").textContent).toMatch(/at least one event/);
    expect(within(form).getByTestId("endpoint-url").getAttribute("aria-invalid")).toBe("true");
    expect(fakeApi.addWebhookEndpoint).not.toHaveBeenCalled();
  });

  it("places the backend's refusal on the URL field and keeps what was typed", async () => {
    await openWebhooks();
    fakeApi.addWebhookEndpoint.mockRejectedValue(new ApiError("invalid_input", "url: `https://x` is not a usable URL"));
    const form = await openAddForm();
    fireEvent.change(within(form).getByTestId("endpoint-url"), { target: { value: "https://x" } });
    fireEvent.click(within(form).getByTestId("event-sync.failed"));
    fireEvent.click(within(form).getByTestId("add-endpoint-save"));
    expect((await within(form).findByTestId("endpoint-url-problem")).textContent).toBe("`https://x` is not a usable URL");
    expect((within(form).getByTestId("endpoint-url") as HTMLInputElement).value).toBe("https://x");
    expect(screen.queryByTestId("signing-secret")).toBeNull();
  });

  it("removes an endpoint only after a confirmation that says what is dropped", async () => {
    await openWebhooks();
    fireEvent.click(within(card("https://bridge.example/ops")).getByTestId("remove-endpoint"));
    let dialog = await screen.findByTestId("remove-endpoint-dialog");
    expect(within(dialog).getByTestId("remove-endpoint-owed").textContent).toBe("2 undelivered messages are dropped with it.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("remove-endpoint-dialog")).toBeNull();
    expect(fakeApi.removeWebhookEndpoint).not.toHaveBeenCalled();

    fireEvent.click(within(card("https://bridge.example/ops")).getByTestId("remove-endpoint"));
    dialog = await screen.findByTestId("remove-endpoint-dialog");
    fireEvent.click(within(dialog).getByTestId("remove-endpoint-confirm"));
    await waitFor(() => expect(fakeApi.removeWebhookEndpoint).toHaveBeenCalledWith("whe_2"));
    await waitFor(() => expect(screen.queryByTestId("remove-endpoint-dialog")).toBeNull());
    expect(screen.getByTestId("webhooks-notice").textContent).toContain("3 undelivered messages were dropped");
  });

  it("keeps the remove dialog open with the backend's refusal", async () => {
    await openWebhooks();
    fakeApi.removeWebhookEndpoint.mockRejectedValue(new ApiError("not_found", "webhook endpoint whe_1 was not found"));
    fireEvent.click(within(card("https://wms.example/hooks")).getByTestId("remove-endpoint"));
    const dialog = await screen.findByTestId("remove-endpoint-dialog");
    fireEvent.click(within(dialog).getByTestId("remove-endpoint-confirm"));
    expect((await within(dialog).findByTestId("remove-endpoint-error")).textContent).toBe("webhook endpoint whe_1 was not found");
  });

  it("disables an enabled endpoint and enables a disabled one", async () => {
    await openWebhooks();
    fireEvent.click(within(card("https://wms.example/hooks")).getByTestId("toggle-endpoint"));
    await waitFor(() => expect(fakeApi.disableWebhookEndpoint).toHaveBeenCalledWith("whe_1"));
    fireEvent.click(within(card("https://bridge.example/ops")).getByTestId("toggle-endpoint"));
    await waitFor(() => expect(fakeApi.enableWebhookEndpoint).toHaveBeenCalledWith("whe_2"));
    expect(screen.getByTestId("webhooks-notice").textContent).toContain("Enabled https://bridge.example/ops");
  });
});
