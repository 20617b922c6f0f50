// The sync commands reach the backend under their snake_case names with camelCase argument names
// (what tauri-specta generates), and their error results become ApiError like every command's.
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import { api, ApiError } from "../src/api";

// A block body: an arrow returning the mock would hand vitest a teardown to call.
beforeEach(() => {
  invoke.mockReset();
});

describe("sync api", () => {
  it("names each command and its arguments as the backend expects", async () => {
    invoke.mockResolvedValue(null);
    const channel = { kind: "shopify" as const, name: "EU", settings: [{ key: "shop_domain", value: "eu.myshopify.com" }] };
    await api.channelsOverview();
    await api.addChannel(channel);
    await api.testConnection(channel);
    await api.testChannel("chn_1");
    await api.syncChannelNow("chn_1");
    await api.setChannelPaused("chn_1", true);
    await api.outboxView();
    await api.retryEffect(7);
    await api.skipEffect(7, "entered by hand");
    await api.connectivity();
    expect(invoke.mock.calls).toEqual([
      ["channels_overview"],
      ["add_channel", { channel }],
      ["test_connection", { channel }],
      ["test_channel", { id: "chn_1" }],
      ["sync_channel_now", { id: "chn_1" }],
      ["set_channel_paused", { id: "chn_1", paused: true }],
      ["outbox_view"],
      ["retry_effect", { id: 7 }],
      ["skip_effect", { id: 7, reason: "entered by hand" }],
      ["connectivity"],
    ]);
  });

  it("names the channel edit and webhook commands and their arguments as the backend expects", async () => {
    invoke.mockResolvedValue(null);
    const edit = { name: "EU", settings: [{ key: "access_token", value: "" }] };
    await api.channelSettings("chn_1");
    await api.updateChannel("chn_1", edit);
    await api.testChannelEdit("chn_1", edit);
    await api.webhooksView();
    await api.addWebhookEndpoint("https://hooks.example/in", ["order.shipped"]);
    await api.removeWebhookEndpoint("whe_1");
    await api.enableWebhookEndpoint("whe_1");
    await api.disableWebhookEndpoint("whe_1");
    expect(invoke.mock.calls).toEqual([
      ["channel_settings", { id: "chn_1" }],
      ["update_channel", { id: "chn_1", edit }],
      ["test_channel_edit", { id: "chn_1", edit }],
      ["webhooks_view"],
      ["add_webhook_endpoint", { url: "https://hooks.example/in", events: ["order.shipped"] }],
      ["remove_webhook_endpoint", { id: "whe_1" }],
      ["enable_webhook_endpoint", { id: "whe_1" }],
      ["disable_webhook_endpoint", { id: "whe_1" }],
    ]);
  });

  it("turns a refusal into an ApiError with the backend's code and message", async () => {
    invoke.mockImplementation(() => Promise.reject({ code: "invalid_input", message: "shop domain is required" }));
    const err = await api.addChannel({ kind: "shopify", name: "EU", settings: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "invalid_input", message: "shop domain is required" });
  });
});
