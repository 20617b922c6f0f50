// Editing a saved channel from its card: the kind's form opens filled with what is stored, secret
// inputs empty saying "unchanged" (an empty one keeps the stored secret), a required field emptied
// is named before anything is sent, Test connection tries the changes without saving, Save sends
// them and closes the form, and the backend's refusal lands on the field it names.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, type Api } from "../src/api";
import { App } from "../src/App";
import type { ChannelSettings, ChannelsOverview } from "../src/bindings";
import { buildEdit, draftFrom, secretPlaceholder } from "../src/components/channels/channelEdit";
import { NAME_KEY } from "../src/components/channels/newChannel";
import { fakeApi, resetFakeApi } from "./fake-api";
import { channel, CSV_FORM, SHOPIFY_FORM } from "./sync-fakes";

vi.mock("../src/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../src/api")>()),
  api: (await import("./fake-api")).fakeApi,
}));

const STORED: ChannelSettings = {
  id: "chn_1",
  name: "Outdoor Co. Shopify",
  kind: "shopify",
  form: SHOPIFY_FORM,
  values: [
    { key: "shop_domain", value: "outdoor-co.myshopify.com" },
    { key: "api_version", value: "2025-07" },
  ],
  secrets_set: ["access_token"],
};

describe("the edit draft", () => {
  it("opens with the stored values and every secret input empty", () => {
    expect(draftFrom(STORED)).toEqual({
      name: "Outdoor Co. Shopify",
      values: { shop_domain: "outdoor-co.myshopify.com", access_token: "", api_version: "2025-07" },
    });
    expect(secretPlaceholder(SHOPIFY_FORM.fields[1], STORED.secrets_set)).toBe("unchanged");
    expect(secretPlaceholder(SHOPIFY_FORM.fields[1], [])).toBe("shpat_…");
  });

  it("sends every field, trimmed: a blank secret (kept) and a blank setting (removed) included", () => {
    const draft = { name: " Outdoor EU ", values: { shop_domain: " eu.myshopify.com ", access_token: "  ", api_version: "" } };
    expect(buildEdit(STORED, draft)).toEqual({
      ok: true,
      edit: {
        name: "Outdoor EU",
        settings: [
          { key: "shop_domain", value: "eu.myshopify.com" },
          { key: "access_token", value: "" },
          { key: "api_version", value: "" },
        ],
      },
    });
  });

  it("names a blank name, a required setting emptied here, and a required secret neither stored nor typed", () => {
    const draft = { name: " ", values: { shop_domain: "", access_token: "", api_version: "" } };
    expect(buildEdit(STORED, draft)).toEqual({ ok: false, missing: [NAME_KEY, "shop_domain"] });
    expect(buildEdit({ ...STORED, secrets_set: [] }, { ...draft, name: "x", values: { ...draft.values, shop_domain: "a.myshopify.com" } })).toEqual({
      ok: false,
      missing: ["access_token"],
    });
  });
});

const OVERVIEW: ChannelsOverview = {
  channels: [channel({ id: "chn_1", name: "Outdoor Co. Shopify" }), channel({ id: "chn_d", name: "Demo", kind: "demo", sync_every_secs: 0, next_sync_at: null })],
  forms: [SHOPIFY_FORM, CSV_FORM],
  credentials: { backend: "keychain", notice: null },
};

async function openEdit() {
  fakeApi.channelsOverview.mockResolvedValue(OVERVIEW);
  fakeApi.channelSettings = vi.fn<Api["channelSettings"]>().mockResolvedValue(STORED);
  fakeApi.updateChannel = vi.fn<Api["updateChannel"]>().mockImplementation(async (id, e) => channel({ id, name: e.name ?? "" }));
  fakeApi.testChannelEdit = vi.fn<Api["testChannelEdit"]>().mockResolvedValue({ ok: true, message: "connected: the channel answered in 120 ms", took_ms: 120 });
  window.location.hash = "#channels";
  render(<App />);
  await screen.findByTestId("channels-page");
  const card = await screen.findByRole("article", { name: "Outdoor Co. Shopify" });
  fireEvent.click(within(card).getByTestId("edit-channel"));
  const form = await within(card).findByTestId("edit-channel-form");
  await within(form).findByLabelText(/Shop domain/);
  return { card, form };
}

const input = (form: HTMLElement, label: RegExp) => within(form).getByLabelText(label) as HTMLInputElement;

beforeEach(() => {
  resetFakeApi();
});
afterEach(() => {
  window.location.hash = "";
});

describe("editing a channel", () => {
  it("opens the kind's form filled with the stored values; secrets empty, saying unchanged", async () => {
    const { form } = await openEdit();
    expect(fakeApi.channelSettings).toHaveBeenCalledWith("chn_1");
    expect(input(form, /^Name/).value).toBe("Outdoor Co. Shopify");
    expect(input(form, /Shop domain/).value).toBe("outdoor-co.myshopify.com");
    expect(input(form, /API version/).value).toBe("2025-07");
    const token = input(form, /Access token/);
    expect(token.type).toBe("password");
    expect(token.value).toBe("");
    expect(token.placeholder).toBe("unchanged");
  });

  it("only channels whose kind has a form can be edited", async () => {
    await openEdit();
    const demo = screen.getByRole("article", { name: "Demo" });
    expect(within(demo).queryByTestId("edit-channel")).toBeNull();
  });

  it("tests the changed settings without saving, then saves them and closes", async () => {
    const { card, form } = await openEdit();
    fireEvent.change(input(form, /^Name/), { target: { value: "Outdoor EU" } });
    fireEvent.change(input(form, /Shop domain/), { target: { value: "outdoor-eu.myshopify.com" } });
    const expected = {
      name: "Outdoor EU",
      settings: [
        { key: "shop_domain", value: "outdoor-eu.myshopify.com" },
        { key: "access_token", value: "" },
        { key: "api_version", value: "2025-07" },
      ],
    };

    fireEvent.click(within(form).getByTestId("edit-channel-test"));
    await waitFor(() => expect(fakeApi.testChannelEdit).toHaveBeenCalledWith("chn_1", expected));
    expect((await within(form).findByTestId("connection-result")).textContent).toContain("Connected");
    expect(fakeApi.updateChannel).not.toHaveBeenCalled();

    fireEvent.click(within(form).getByTestId("edit-channel-save"));
    await waitFor(() => expect(fakeApi.updateChannel).toHaveBeenCalledWith("chn_1", expected));
    await waitFor(() => expect(within(card).queryByTestId("edit-channel-form")).toBeNull());
    expect(within(card).getByTestId("channel-saved").textContent).toContain("Saved");
    expect(fakeApi.channelsOverview.mock.calls.length).toBeGreaterThan(1);
  });

  it("a new secret typed is sent; one left empty is sent empty, so the stored one stays", async () => {
    const { form } = await openEdit();
    fireEvent.change(input(form, /Access token/), { target: { value: " shpat_new " } });
    fireEvent.click(within(form).getByTestId("edit-channel-save"));
    await waitFor(() => expect(fakeApi.updateChannel).toHaveBeenCalled());
    expect(fakeApi.updateChannel.mock.calls[0][1].settings).toContainEqual({ key: "access_token", value: "shpat_new" });
  });

  it("refuses to send a required field emptied here and marks it", async () => {
    const { form } = await openEdit();
    fireEvent.change(input(form, /Shop domain/), { target: { value: "  " } });
    fireEvent.click(within(form).getByTestId("edit-channel-save"));
    fireEvent.click(within(form).getByTestId("edit-channel-test"));
    expect(fakeApi.updateChannel).not.toHaveBeenCalled();
    expect(fakeApi.testChannelEdit).not.toHaveBeenCalled();
    expect(within(within(form).getByTestId("channel-field-shop_domain")).getByRole("alert").textContent).toBe("Required");
  });

  it("shows the backend's refusal on the field it names and keeps the form open", async () => {
    const { form } = await openEdit();
    fakeApi.updateChannel.mockRejectedValue(new ApiError("invalid_input", "shop_domain: must look like your-store.myshopify.com"));
    fireEvent.change(input(form, /Shop domain/), { target: { value: "shop.example.com" } });
    fireEvent.click(within(form).getByTestId("edit-channel-save"));
    expect((await within(form).findByTestId("edit-channel-error")).textContent).toBe("must look like your-store.myshopify.com");
    const field = within(form).getByTestId("channel-field-shop_domain");
    expect(within(field).getByRole("alert").textContent).toContain("your-store.myshopify.com");
    expect(input(form, /Shop domain/).value).toBe("shop.example.com");
  });

  it("Cancel closes the form without sending anything", async () => {
    const { card, form } = await openEdit();
    fireEvent.change(input(form, /Shop domain/), { target: { value: "other.myshopify.com" } });
    fireEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(within(card).queryByTestId("edit-channel-form")).toBeNull();
    expect(fakeApi.updateChannel).not.toHaveBeenCalled();
  });
});
