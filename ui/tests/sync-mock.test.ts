// The browser mock's channels and outbox keep the promises the screens are judged against: the
// demo data the brief describes, a permanent refusal that comes back dead however often it is
// retried, skips that need a reason, and add-channel refusals that name the field.
import { describe, expect, it } from "vitest";
import { MockSync, type PickOrders } from "../src/mock/sync";

const pick: PickOrders = (channel, status, n) =>
  Array.from({ length: n }, (_, i) => ({ id: `ord_${channel}_${status}_${i}`, number: `#${1000 + i}` }));

const NOW = Date.parse("2026-11-26T10:00:00Z");

describe("mock sync backend", () => {
  it("starts with the demo channel every minute, a throttled Shopify store, a paused WooCommerce store", () => {
    const channels = new MockSync(pick, {}, NOW).overview(NOW).channels;
    const byName = new Map(channels.map((c) => [c.name, c]));
    expect(byName.get("Demo storefront")).toMatchObject({ kind: "demo", sync_every_secs: 60, last_error: null });
    expect(byName.get("Outdoor Co. Shopify")?.last_error).toMatch(/^Shopify throttled the request \(THROTTLED\); retrying at \d\d:\d\d$/);
    expect(byName.get("Trailhead EU")).toMatchObject({ kind: "woo_commerce", paused: true, next_sync_at: null });
  });

  it("has two dead effects; a 422 comes back dead after a retry, a timed-out one is delivered", () => {
    const sync = new MockSync(pick, {}, NOW);
    const dead = sync.outbox(NOW).effects.filter((e) => e.status === "dead");
    expect(dead).toHaveLength(2);
    const closed = dead.find((e) => e.last_error?.startsWith("422"))!;
    const other = dead.find((e) => e !== closed)!;
    sync.retry(closed.id, NOW);
    sync.retry(other.id, NOW);
    const after = sync.outbox(NOW + 60_000);
    expect(after.effects.find((e) => e.id === closed.id)).toMatchObject({ status: "dead", attempts: 1 });
    expect(after.effects.find((e) => e.id === other.id)).toBeUndefined();
    expect(() => sync.retry(after.effects.find((e) => e.status === "pending")!.id)).toThrow();
  });

  it("refuses a skip without a reason and settles one with it", () => {
    const sync = new MockSync(pick, {}, NOW);
    const id = sync.outbox(NOW).effects[0].id;
    expect(() => sync.skip(id, "  ")).toThrow();
    const before = sync.outbox(NOW).counts.done;
    sync.skip(id, "entered on Shopify by hand", NOW);
    const after = sync.outbox(NOW);
    expect(after.effects.some((e) => e.id === id)).toBe(false);
    expect(after.counts.done).toBe(before + 1);
  });

  it("refuses a channel missing a required field, naming the field", () => {
    const sync = new MockSync(pick, {}, NOW);
    expect(() => sync.add({ kind: "shopify", name: "EU", settings: [{ key: "shop_domain", value: "eu.myshopify.com" }] })).toThrow(
      expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/access token/i) }),
    );
    const added = sync.add({ kind: "shopify", name: "EU", settings: [{ key: "shop_domain", value: "eu.myshopify.com" }, { key: "access_token", value: "shpat_0123456789" }] });
    expect(added.secrets_set).toEqual(["access_token"]);
    expect(added.settings).toEqual([{ key: "shop_domain", value: "eu.myshopify.com" }]);
  });

  it("edits a saved channel by the backend's rules: stored values shown, an empty secret kept, a bad value refused by name", () => {
    const sync = new MockSync(pick, {}, NOW);
    const form = sync.settingsOf("chn_02shop");
    expect(form.values).toEqual([
      { key: "shop_domain", value: "trailhead-supply.myshopify.com" },
      { key: "sync_every_secs", value: "120" },
    ]);
    expect(form.secrets_set).toEqual(["access_token"]);
    expect(() => sync.update("chn_02shop", { name: null, settings: [{ key: "shop_domain", value: "shop.example.com" }] })).toThrow(
      expect.objectContaining({ code: "invalid_input", message: expect.stringMatching(/^shop_domain:/) }),
    );
    const saved = sync.update("chn_02shop", {
      name: "Trailhead US",
      settings: [
        { key: "shop_domain", value: "trailhead-us.myshopify.com" },
        { key: "access_token", value: "" },
        { key: "sync_every_secs", value: "300" },
      ],
    });
    expect(saved).toMatchObject({ name: "Trailhead US", sync_every_secs: 300, secrets_set: ["access_token"] });
    expect(saved.settings).toEqual([{ key: "shop_domain", value: "trailhead-us.myshopify.com" }]);
    expect(sync.testEdit("chn_02shop", { name: null, settings: [] }).ok).toBe(true);
    expect(() => sync.settingsOf("chn_01demo")).toThrow(expect.objectContaining({ code: "not_allowed" }));
  });

  it("offline: the connectivity answer says since when and counts what waits", () => {
    const c = new MockSync(pick, { offline: true }, NOW).connectivity(NOW);
    expect(c.online).toBe(false);
    expect(c.since).toBe(new Date(NOW - 23 * 60_000).toISOString());
    expect(c.pending).toBeGreaterThan(0);
  });
});
