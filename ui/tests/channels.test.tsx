// The channels screen: what each channel's status says (not configured, paused, failing, next
// sync), the add form built from the backend's per-kind fields (secrets as password inputs,
// required fields enforced before anything is sent, the backend's refusal placed on the field it
// names), and the per-channel actions with their outcome.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, type Api } from "../src/api";
import { App } from "../src/App";
import { channelState } from "../src/components/channels/channelState";
import { buildNewChannel, NAME_KEY, placeRefusal } from "../src/components/channels/newChannel";
import type { ChannelsOverview } from "../src/bindings";
import { fakeApi, resetFakeApi } from "./fake-api";
import { channel, CSV_FORM, iso, MIN, SEC, SHOPIFY_FORM } from "./sync-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

describe("channel status words", () => {
  const now = new Date();
  it("a scheduled, healthy channel says how often it syncs and when next", () => {
    const state = channelState(channel({ sync_every_secs: 60, next_sync_at: iso(40 * SEC, now.getTime()) }), now);
    expect(state).toEqual({ tone: "ok", label: "Syncing every minute", detail: "next in 40s" });
    expect(channelState(channel({ sync_every_secs: 300, next_sync_at: iso(3 * MIN, now.getTime()) }), now).label).toBe("Syncing every 5 min");
  });

  it("a paused channel says paused, even when its last attempt failed", () => {
    const state = channelState(channel({ paused: true, next_sync_at: null, last_error: "timed out" }), now);
    expect(state.tone).toBe("paused");
    expect(state.label).toBe("Paused");
  });

  it("a failing channel says error and when it tries again", () => {
    const state = channelState(channel({ last_error: "Shopify throttled the request (THROTTLED)", next_sync_at: iso(3 * MIN, now.getTime()) }), now);
    expect(state).toEqual({ tone: "error", label: "Error", detail: "Trying again in 3m" });
  });

  it("a channel without credentials is 'not configured' before anything else", () => {
    const state = channelState(channel({ configured: false, paused: true, last_error: "x", next_sync_at: null }), now);
    expect(state.label).toBe("Not configured");
  });

  it("a file channel has no schedule and says so instead of a next sync", () => {
    const state = channelState(channel({ kind: "csv", sync_every_secs: 0, next_sync_at: null }), now);
    expect(state.label).toBe("Imports from files");
  });

  it("a file channel needs no credentials, so it is never 'not configured'", () => {
    const state = channelState(channel({ kind: "csv", configured: false, sync_every_secs: 0, next_sync_at: null }), now);
    expect(state.label).toBe("Imports from files");
  });

  it("the demo storefront runs itself: a live demo, not a file channel", () => {
    const state = channelState(channel({ kind: "demo", sync_every_secs: 0, next_sync_at: null }), now);
    expect(state.label).toBe("Live demo");
  });
});

describe("building a new channel from the form", () => {
  it("turns the kind's fields into settings (trimmed, blank optional ones left out, secrets included)", () => {
    const built = buildNewChannel(SHOPIFY_FORM, {
      name: "  Outdoor Co. EU ",
      values: { shop_domain: " outdoor-eu.myshopify.com ", access_token: "shpat_abc123", api_version: "  " },
    });
    expect(built).toEqual({
      ok: true,
      channel: {
        kind: "shopify",
        name: "Outdoor Co. EU",
        settings: [
          { key: "shop_domain", value: "outdoor-eu.myshopify.com" },
          { key: "access_token", value: "shpat_abc123" },
        ],
      },
    });
  });

  it("lists every required field left blank, and the name, instead of building", () => {
    expect(buildNewChannel(SHOPIFY_FORM, { name: "", values: { shop_domain: "x.myshopify.com", access_token: "   " } })).toEqual({
      ok: false,
      missing: [NAME_KEY, "access_token"],
    });
  });

  it("places a backend refusal on the field its `key:` prefix names, without the prefix", () => {
    expect(placeRefusal("shop_domain: Shop domain is required", SHOPIFY_FORM.fields)).toEqual({ field: "shop_domain", text: "Shop domain is required" });
    expect(placeRefusal("name: give the channel a name", SHOPIFY_FORM.fields)).toEqual({ field: NAME_KEY, text: "give the channel a name" });
    // A prefix that is no field of this form stays part of the message.
    expect(placeRefusal("page_size: `0` is not a positive number", SHOPIFY_FORM.fields)).toEqual({ field: null, text: "page_size: `0` is not a positive number" });
  });

  it("without a prefix, finds the field named by key or label, the longest name first", () => {
    const fields = [
      { ...SHOPIFY_FORM.fields[1], key: "api_key", label: "API key" },
      { ...SHOPIFY_FORM.fields[1], key: "api_key_secret", label: "API key secret" },
    ];
    expect(placeRefusal("API key secret is required", fields).field).toBe("api_key_secret");
    expect(placeRefusal("the shop_domain must end in .myshopify.com", SHOPIFY_FORM.fields).field).toBe("shop_domain");
    expect(placeRefusal("the store said no", SHOPIFY_FORM.fields).field).toBeNull();
  });
});

const OVERVIEW: ChannelsOverview = {
  channels: [
    channel({ id: "chn_1", name: "Outdoor Co. Shopify", last_error: "Shopify throttled the request (THROTTLED); retrying at 10:45", rejected: [
      { external_id: "gid://shopify/Order/58", number: "#OC1093", reason: "line 2 has no SKU" },
    ] }),
    channel({ id: "chn_2", name: "Trailhead EU", kind: "woo_commerce", paused: true, next_sync_at: null }),
  ],
  forms: [SHOPIFY_FORM, CSV_FORM],
  credentials: { backend: "encrypted_file", notice: "No keychain: secrets are kept in an encrypted file." },
};

async function openChannels(overview = OVERVIEW) {
  fakeApi.channelsOverview.mockResolvedValue(overview);
  window.location.hash = "#channels";
  render(<App />);
  await screen.findByTestId("channels-page");
  await waitFor(() => expect(screen.getAllByTestId("channel-card")).toHaveLength(overview.channels.length));
}

const card = (name: string) => screen.getByRole("article", { name });

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("channels screen", () => {
  it("shows each channel's status, last error in words, and the orders its last sync could not import", async () => {
    await openChannels();
    const outdoor = card("Outdoor Co. Shopify");
    expect(within(outdoor).getByTestId("channel-state").textContent).toContain("Error");
    expect(within(outdoor).getByTestId("channel-error").textContent).toContain("Shopify throttled the request (THROTTLED); retrying at 10:45");
    const rejected = within(outdoor).getByTestId("rejected-order");
    expect(rejected.textContent).toContain("gid://shopify/Order/58");
    expect(rejected.textContent).toContain("#OC1093");
    expect(rejected.textContent).toContain("line 2 has no SKU");
    expect(within(outdoor).getByTestId("last-sync").textContent).toBe("just now");

    const eu = card("Trailhead EU");
    expect(within(eu).getByTestId("channel-state").textContent).toContain("Paused");
    expect(within(eu).getByTestId("toggle-paused").textContent).toBe("Resume");
  });

  it("a file channel offers no sync, pause or connection test; the demo store only a sync", async () => {
    await openChannels({
      ...OVERVIEW,
      channels: [
        channel({ id: "chn_f", name: "Wholesale", kind: "csv", configured: false, sync_every_secs: 0, next_sync_at: null }),
        channel({ id: "chn_d", name: "Demo", kind: "demo", sync_every_secs: 0, next_sync_at: null }),
      ],
    });
    const file = card("Wholesale");
    for (const id of ["sync-now", "toggle-paused", "test-channel"]) expect(within(file).queryByTestId(id)).toBeNull();
    const demo = card("Demo");
    expect(within(demo).getByTestId("sync-now")).toBeTruthy();
    expect(within(demo).queryByTestId("toggle-paused")).toBeNull();
  });

  it("a channel without credentials cannot be synced from here", async () => {
    await openChannels({ ...OVERVIEW, channels: [channel({ id: "chn_3", name: "Amazon JP", kind: "amazon_seller", configured: false, next_sync_at: null })] });
    const amazon = card("Amazon JP");
    expect(within(amazon).getByTestId("channel-state").textContent).toContain("Not configured");
    expect((within(amazon).getByTestId("sync-now") as HTMLButtonElement).disabled).toBe(true);
  });

  it("Sync now shows what the sync did; Pause asks the backend to pause that channel", async () => {
    fakeApi.syncChannelNow = vi.fn<Api["syncChannelNow"]>().mockResolvedValue({ pages: 2, imported: 14, updated: 3, unchanged: 40, rejected: [] });
    fakeApi.setChannelPaused = vi.fn<Api["setChannelPaused"]>().mockImplementation(async (id, paused) => channel({ id, paused }));
    await openChannels();
    const outdoor = card("Outdoor Co. Shopify");

    fireEvent.click(within(outdoor).getByTestId("sync-now"));
    const report = await within(outdoor).findByTestId("sync-report");
    expect(report.textContent).toMatch(/2 pages.*14 imported.*3 updated.*40 unchanged.*0 rejected/);
    expect(fakeApi.syncChannelNow).toHaveBeenCalledWith("chn_1");

    fireEvent.click(within(outdoor).getByTestId("toggle-paused"));
    await waitFor(() => expect(fakeApi.setChannelPaused).toHaveBeenCalledWith("chn_1", true));
  });

  it("the add form shows the kind's fields: secrets as password inputs, required ones marked, with the credential notice", async () => {
    await openChannels();
    fireEvent.click(screen.getByTestId("add-channel"));
    const form = await screen.findByTestId("add-channel-form");
    const token = within(form).getByLabelText(/Access token/) as HTMLInputElement;
    const domain = within(form).getByLabelText(/Shop domain/) as HTMLInputElement;
    expect(token.type).toBe("password");
    expect(domain.type).toBe("text");
    expect(domain.required).toBe(true);
    expect(domain.placeholder).toBe("your-store.myshopify.com");
    expect(within(form).getByText("The myshopify.com address.")).toBeTruthy();
    expect((within(form).getByLabelText(/API version/) as HTMLInputElement).required).toBe(false);
    expect(within(form).getByTestId("credential-notice").textContent).toContain("No keychain: secrets are kept in an encrypted file.");

    // A kind without secrets has no notice about them.
    fireEvent.click(within(form).getByTestId("kind-csv"));
    expect(within(form).queryByTestId("credential-notice")).toBeNull();
    expect(within(form).getByLabelText(/File/)).toBeTruthy();
  });

  it("refuses to send a channel with required fields missing and marks each one", async () => {
    fakeApi.addChannel = vi.fn<Api["addChannel"]>();
    fakeApi.testConnection = vi.fn<Api["testConnection"]>();
    await openChannels();
    fireEvent.click(screen.getByTestId("add-channel"));
    const form = await screen.findByTestId("add-channel-form");
    fireEvent.change(within(form).getByLabelText(/Shop domain/), { target: { value: "outdoor-eu.myshopify.com" } });

    fireEvent.click(within(form).getByTestId("add-channel-save"));
    fireEvent.click(within(form).getByTestId("add-channel-test"));
    expect(fakeApi.addChannel).not.toHaveBeenCalled();
    expect(fakeApi.testConnection).not.toHaveBeenCalled();
    expect(within(within(form).getByTestId("channel-field-access_token")).getByRole("alert").textContent).toBe("Required");
    expect(within(within(form).getByTestId(`channel-field-${NAME_KEY}`)).getByRole("alert").textContent).toBe("Required");
    expect(within(within(form).getByTestId("channel-field-shop_domain")).queryByRole("alert")).toBeNull();
  });

  it("tests the connection with the typed settings, then saves them as a NewChannel", async () => {
    fakeApi.testConnection = vi.fn<Api["testConnection"]>().mockResolvedValue({ ok: false, message: "Shopify refused the token (401)", took_ms: 210 });
    fakeApi.addChannel = vi.fn<Api["addChannel"]>().mockImplementation(async (c) => channel({ id: "chn_9", name: c.name }));
    await openChannels();
    fireEvent.click(screen.getByTestId("add-channel"));
    const form = await screen.findByTestId("add-channel-form");
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "Outdoor Co. EU" } });
    fireEvent.change(within(form).getByLabelText(/Shop domain/), { target: { value: "outdoor-eu.myshopify.com" } });
    fireEvent.change(within(form).getByLabelText(/Access token/), { target: { value: "shpat_secret" } });

    fireEvent.click(within(form).getByTestId("add-channel-test"));
    const expected = {
      kind: "shopify",
      name: "Outdoor Co. EU",
      settings: [
        { key: "shop_domain", value: "outdoor-eu.myshopify.com" },
        { key: "access_token", value: "shpat_secret" },
      ],
    };
    await waitFor(() => expect(fakeApi.testConnection).toHaveBeenCalledWith(expected));
    expect((await within(form).findByTestId("connection-result")).textContent).toContain("Shopify refused the token (401)");

    fireEvent.click(within(form).getByTestId("add-channel-save"));
    await waitFor(() => expect(fakeApi.addChannel).toHaveBeenCalledWith(expected));
    await waitFor(() => expect(screen.queryByTestId("add-channel-form")).toBeNull());
    expect(fakeApi.channelsOverview.mock.calls.length).toBeGreaterThan(1);
  });

  it("shows the backend's refusal beside the form and on the field it names", async () => {
    fakeApi.addChannel = vi
      .fn<Api["addChannel"]>()
      .mockRejectedValue(new ApiError("invalid_input", "shop_domain: must look like your-store.myshopify.com"));
    await openChannels();
    fireEvent.click(screen.getByTestId("add-channel"));
    const form = await screen.findByTestId("add-channel-form");
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "EU" } });
    fireEvent.change(within(form).getByLabelText(/Shop domain/), { target: { value: "shop.example.com" } });
    fireEvent.change(within(form).getByLabelText(/Access token/), { target: { value: "shpat_secret" } });
    fireEvent.click(within(form).getByTestId("add-channel-save"));

    expect((await within(form).findByTestId("add-channel-error")).textContent).toBe("must look like your-store.myshopify.com");
    const field = within(form).getByTestId("channel-field-shop_domain");
    expect(within(field).getByRole("alert").textContent).toContain("your-store.myshopify.com");
    expect(within(field).getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
    // The form stays open with what was typed.
    expect((within(form).getByLabelText(/Shop domain/) as HTMLInputElement).value).toBe("shop.example.com");
  });
});
