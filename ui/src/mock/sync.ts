// The fake backend's channels, outbox and connection state, for the channels and outbox screens in
// a plain browser. Believable rather than exact (the real engine is crates/app/src/sync and
// crates/app/src/outbox): the demo storefront syncs every minute, a Shopify store is being
// throttled, a WooCommerce store is paused, Amazon has no credentials, a CSV channel imports
// files; the outbox has fulfillments on their way, some retrying, and two dead effects. Pending
// effects are delivered when their time comes; a 422 comes back dead however often it is retried.
// Query string knobs: ?mock-offline (no channel reachable since 23 minutes ago),
// ?mock-credentials=file (no keychain: secrets in an encrypted file, with the backend's notice).
import type { AppError, ChannelId, ChannelKind, OrderStatus, SalesChannel } from "../bindings";
import type {
  ChannelEdit,
  ChannelForm,
  ChannelSettings,
  ChannelsOverview,
  ChannelStatus,
  ConnectionCheck,
  Connectivity,
  CredentialStoreInfo,
  EffectView,
  NewChannel,
  OutboxView,
  RejectedOrder,
  SyncReport,
} from "../bindings";
import { clockTime } from "../format/relative";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

const fail = (code: AppError["code"], message: string): AppError => ({ code, message });

/** Orders the outbox can point at: the newest of a channel in a status. */
export type PickOrders = (channel: ChannelId, status: OrderStatus, n: number) => { id: string; number: string }[];

// The same fields the backend's forms ask for (crates/app/src/channels/forms.rs).
const SYNC_EVERY = {
  key: "sync_every_secs",
  label: "Sync every (seconds)",
  secret: false,
  required: false,
  placeholder: "60",
  help: "How often Waybill asks the channel for new and changed orders.",
};

const FORMS: ChannelForm[] = [
  {
    kind: "shopify",
    label: "Shopify",
    fields: [
      { key: "shop_domain", label: "Shop domain", secret: false, required: true, placeholder: "acme.myshopify.com", help: "The shop's myshopify.com address." },
      {
        key: "access_token",
        label: "Admin API access token",
        secret: true,
        required: true,
        placeholder: "shpat_…",
        help: "From the shop's custom app (scopes: orders, fulfillments, inventory).",
      },
      { key: "webhook_secret", label: "App client secret", secret: true, required: false, placeholder: "", help: "Signs the shop's webhooks; without it webhooks are refused." },
      { key: "location_id", label: "Location for stock", secret: false, required: false, placeholder: "gid://shopify/Location/…", help: "The Shopify location whose available stock Waybill sets." },
      {
        key: "base_url",
        label: "API base URL",
        secret: false,
        required: false,
        placeholder: "https://acme.myshopify.com",
        help: "Only to reach the shop through a proxy or a test server; replaces the shop domain.",
      },
      SYNC_EVERY,
    ],
  },
  {
    kind: "woo_commerce",
    label: "WooCommerce",
    fields: [
      { key: "base_url", label: "Site URL", secret: false, required: true, placeholder: "https://shop.example.com", help: "The WordPress site's address; Waybill uses its REST API (wc/v3)." },
      { key: "consumer_key", label: "Consumer key", secret: true, required: true, placeholder: "ck_…", help: "WooCommerce → Settings → Advanced → REST API, read/write." },
      { key: "consumer_secret", label: "Consumer secret", secret: true, required: true, placeholder: "cs_…", help: null },
      { key: "webhook_secret", label: "Webhook secret", secret: true, required: false, placeholder: "", help: "The secret set on the shop's webhooks; without it webhooks are refused." },
      SYNC_EVERY,
    ],
  },
  // A CSV channel is only a name: its orders come from files imported into it.
  { kind: "csv", label: "CSV file", fields: [] },
];

const EVERY: Partial<Record<ChannelKind, number>> = { demo: 60, shopify: 300, woo_commerce: 300, amazon_seller: 600 };

type MockChannel = ChannelStatus & { created_at: string; throttled: boolean };

type MockEffect = EffectView & {
  /** What the channel answers every time this effect is sent (a permanent refusal), if anything. */
  refusedWith: string | null;
};

function status(c: MockChannel): ChannelStatus {
  const { created_at: _created, throttled: _throttled, ...rest } = c;
  return { ...rest, settings: [...c.settings], secrets_set: [...c.secrets_set], rejected: [...c.rejected] };
}

function base(id: string, name: string, kind: ChannelKind, now: number): MockChannel {
  return {
    id,
    name,
    kind,
    created_at: new Date(now - 90 * 24 * HOUR).toISOString(),
    throttled: false,
    paused: false,
    configured: true,
    sync_every_secs: EVERY[kind] ?? 0,
    settings: [],
    secrets_set: [],
    last_sync_at: null,
    last_success_at: null,
    next_sync_at: null,
    cursor: null,
    last_imported: 0,
    last_updated: 0,
    total_imported: 0,
    total_updated: 0,
    last_error: null,
    rejected: [],
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export class MockSync {
  private channels: MockChannel[];
  private effects: MockEffect[] = [];
  private done = 1432;
  private nextEffectId = 1;
  private offlineSince: number | null;
  private credentials: CredentialStoreInfo;

  constructor(pick: PickOrders, options: { offline?: boolean; fileCredentials?: boolean } = {}, now = Date.now()) {
    this.offlineSince = options.offline ? now - 23 * MIN : null;
    this.credentials = options.fileCredentials
      ? {
          backend: "encrypted_file",
          notice: "No system keychain answered (is a Secret Service such as GNOME Keyring running?). Secrets are kept in an encrypted file readable only by your user on this machine.",
        }
      : { backend: "keychain", notice: null };
    this.channels = this.seedChannels(now);
    this.seedOutbox(pick, now);
  }

  // ---- Channels ------------------------------------------------------------------------------

  private seedChannels(now: number): MockChannel[] {
    const demo = base("chn_01demo", "Demo storefront", "demo", now);
    Object.assign(demo, {
      last_sync_at: iso(now - 20 * SEC),
      last_success_at: iso(now - 20 * SEC),
      next_sync_at: iso(now + 40 * SEC),
      cursor: "seq:3021",
      last_imported: 2,
      total_imported: 3021,
      total_updated: 412,
    });

    const outdoor = base("chn_06outd", "Outdoor Co. Shopify", "shopify", now);
    const retryAt = now + 3 * MIN;
    Object.assign(outdoor, {
      throttled: true,
      settings: [{ key: "shop_domain", value: "outdoor-co.myshopify.com" }],
      secrets_set: ["access_token"],
      last_sync_at: iso(now - 2 * MIN),
      last_success_at: iso(now - 47 * MIN),
      next_sync_at: iso(retryAt),
      cursor: "updated_at:2026-11-25T23:26:04Z|gid://shopify/Order/5801234311",
      last_imported: 14,
      last_updated: 6,
      total_imported: 1284,
      total_updated: 377,
      last_error: `Shopify throttled the request (THROTTLED); retrying at ${clockTime(iso(retryAt))}`,
      rejected: [
        { external_id: "gid://shopify/Order/5801234567", number: "#OC1093", reason: "line 2 has neither a SKU nor a variant: Waybill cannot tell what to ship" },
        { external_id: "gid://shopify/Order/5801234590", number: null, reason: 'the shipping address country "XK" is not a country code Waybill knows (ISO 3166-1)' },
      ] satisfies RejectedOrder[],
    });

    const trailhead = base("chn_02shop", "Trailhead Supply", "shopify", now);
    Object.assign(trailhead, {
      sync_every_secs: 120,
      settings: [{ key: "shop_domain", value: "trailhead-supply.myshopify.com" }],
      secrets_set: ["access_token"],
      last_sync_at: iso(now - 50 * SEC),
      last_success_at: iso(now - 50 * SEC),
      next_sync_at: iso(now + 70 * SEC),
      cursor: "updated_at:2026-11-26T00:11:52Z|gid://shopify/Order/6120087342",
      last_imported: 3,
      last_updated: 1,
      total_imported: 9412,
      total_updated: 2210,
    });

    const woo = base("chn_03woo", "Trailhead EU", "woo_commerce", now);
    Object.assign(woo, {
      paused: true,
      settings: [{ key: "base_url", value: "https://eu.trailhead.example" }],
      secrets_set: ["consumer_key", "consumer_secret"],
      last_sync_at: iso(now - 3 * HOUR - 12 * MIN),
      last_success_at: iso(now - 3 * HOUR - 12 * MIN),
      cursor: "modified_after:2026-11-25T20:58:31Z",
      last_imported: 0,
      last_updated: 2,
      total_imported: 2874,
      total_updated: 640,
    });

    const amazon = base("chn_04amz", "Amazon JP", "amazon_seller", now);
    Object.assign(amazon, { configured: false, total_imported: 611, last_sync_at: iso(now - 6 * 24 * HOUR), last_success_at: iso(now - 6 * 24 * HOUR) });

    const csv = base("chn_05csv", "Wholesale UK", "csv", now);
    Object.assign(csv, {
      last_sync_at: iso(now - 26 * HOUR),
      last_success_at: iso(now - 26 * HOUR),
      last_imported: 18,
      total_imported: 212,
      total_updated: 9,
    });
    return [demo, outdoor, trailhead, woo, amazon, csv];
  }

  /** The channels as the queue's filters know them, including ones added here. */
  salesChannels(): SalesChannel[] {
    return this.channels.map(({ id, name, kind, created_at }) => ({ id, name, kind, created_at }));
  }

  private channel(id: ChannelId): MockChannel {
    const c = this.channels.find((ch) => ch.id === id);
    if (!c) throw fail("not_found", `channel ${id} was not found`);
    return c;
  }

  /** Scheduled channels have synced on time since the last look (the demo one brings orders). */
  private catchUp(now: number) {
    for (const c of this.channels) {
      if (c.paused || !c.configured || c.sync_every_secs === 0 || !c.next_sync_at || this.offlineSince !== null) continue;
      if (Date.parse(c.next_sync_at) > now) continue;
      const every = c.sync_every_secs * SEC;
      const last = now - ((now - Date.parse(c.next_sync_at)) % every);
      c.last_sync_at = iso(last);
      c.next_sync_at = iso(last + every);
      if (c.throttled) {
        // Throttled once more: Shopify's bucket refills slowly while the backfill is large.
        c.last_error = `Shopify throttled the request (THROTTLED); retrying at ${clockTime(c.next_sync_at)}`;
        continue;
      }
      c.last_success_at = c.last_sync_at;
      c.last_error = null;
      c.last_imported = c.kind === "demo" ? 1 + Math.floor(Math.random() * 3) : Math.floor(Math.random() * 4);
      c.last_updated = Math.floor(Math.random() * 2);
      c.total_imported += c.last_imported;
      c.total_updated += c.last_updated;
    }
  }

  overview(now = Date.now()): ChannelsOverview {
    this.catchUp(now);
    return { channels: this.channels.map(status), forms: FORMS, credentials: this.credentials };
  }

  setPaused(id: ChannelId, paused: boolean, now = Date.now()): ChannelStatus {
    const c = this.channel(id);
    c.paused = paused;
    c.next_sync_at = !paused && c.configured && c.sync_every_secs > 0 ? iso(now + 5 * SEC) : null;
    return status(c);
  }

  /** `imported(n)` adds n orders to the store (the demo storefront's sync brings real ones). */
  syncNow(id: ChannelId, imported: (channel: ChannelId, n: number) => void, now = Date.now()): SyncReport {
    const c = this.channel(id);
    if (!c.configured) throw fail("not_allowed", `${c.name} has no credentials on this machine: add them before syncing`);
    if (c.kind === "csv") throw fail("not_allowed", `${c.name} imports from files: run \`waybill import csv FILE --channel ${c.id}\``);
    if (this.offlineSince !== null) {
      c.last_sync_at = iso(now);
      c.last_error = `could not reach ${c.settings[0]?.value ?? c.name}: network is unreachable`;
      throw fail("internal", c.last_error);
    }
    const report: SyncReport =
      c.kind === "demo"
        ? { pages: 1, imported: 1 + Math.floor(Math.random() * 3), updated: 0, unchanged: 0, rejected: [] }
        : c.throttled
          ? { pages: 3, imported: 11, updated: 4, unchanged: 236, rejected: c.rejected }
          : { pages: 1, imported: Math.floor(Math.random() * 3), updated: 2, unchanged: 37, rejected: [] };
    c.throttled = false;
    c.last_sync_at = iso(now);
    c.last_success_at = iso(now);
    c.last_error = null;
    c.last_imported = report.imported;
    c.last_updated = report.updated;
    c.total_imported += report.imported;
    c.total_updated += report.updated;
    c.rejected = report.rejected;
    if (!c.paused && c.sync_every_secs > 0) c.next_sync_at = iso(now + c.sync_every_secs * SEC);
    if (c.kind === "demo" && report.imported > 0) imported(c.id, report.imported);
    return report;
  }

  testChannel(id: ChannelId): ConnectionCheck {
    const c = this.channel(id);
    const took_ms = 120 + Math.floor(Math.random() * 300);
    const where = c.settings[0]?.value ?? c.name;
    if (!c.configured) return { ok: false, message: `No credentials are stored for ${c.name} on this machine.`, took_ms: 0 };
    if (this.offlineSince !== null) return { ok: false, message: `Could not reach ${where}: network is unreachable.`, took_ms: 5000 };
    if (c.kind === "csv") return { ok: true, message: `${c.name} imports from files: there is nothing to connect to.`, took_ms: 0 };
    if (c.kind === "demo") return { ok: true, message: "The demo storefront runs inside Waybill.", took_ms: 1 };
    if (c.throttled) return { ok: true, message: `Connected to ${where}, but Shopify is throttling: 40 of 2,000 query points left, refilling at 100 a second.`, took_ms };
    return { ok: true, message: `Connected to ${where}; the token may read orders and write fulfillments.`, took_ms };
  }

  /** What the real backend refuses before trying: a required field left empty, named. */
  private check(channel: NewChannel): { form: ChannelForm; values: Map<string, string> } {
    const form = FORMS.find((f) => f.kind === channel.kind);
    if (!form) throw fail("invalid_input", `a ${channel.kind} channel cannot be added here`);
    if (!channel.name.trim()) throw fail("invalid_input", "name: give the channel a name");
    const values = new Map(channel.settings.map((s) => [s.key, s.value.trim()]));
    for (const f of form.fields) {
      if (f.required && !values.get(f.key)) throw fail("invalid_input", `${f.key}: ${f.label} is required`);
    }
    const url = values.get("base_url");
    if (url && !/^https?:\/\//.test(url)) throw fail("invalid_input", "base_url: must start with https://");
    const shop = values.get("shop_domain");
    if (shop && !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) {
      throw fail("invalid_input", `shop_domain: must look like your-store.myshopify.com, not "${shop}"`);
    }
    return { form, values };
  }

  testConnection(channel: NewChannel): ConnectionCheck {
    const { values } = this.check(channel);
    const took_ms = 150 + Math.floor(Math.random() * 400);
    if (this.offlineSince !== null) return { ok: false, message: "Could not reach the store: network is unreachable.", took_ms: 5000 };
    const secret = values.get("access_token") ?? values.get("consumer_key") ?? "";
    if (channel.kind !== "csv" && (secret.length < 12 || /bad|wrong/i.test(secret))) {
      const who = channel.kind === "shopify" ? "Shopify" : "WooCommerce";
      return { ok: false, message: `${who} refused the credentials (401 Unauthorized): check the whole token was copied.`, took_ms };
    }
    if (channel.kind === "csv") return { ok: true, message: "A CSV channel imports from files: there is nothing to connect to.", took_ms: 0 };
    return { ok: true, message: `connected: the channel answered in ${took_ms} ms`, took_ms };
  }

  add(channel: NewChannel, now = Date.now()): ChannelStatus {
    const { form, values } = this.check(channel);
    const name = channel.name.trim();
    if (this.channels.some((c) => c.name.toLowerCase() === name.toLowerCase())) throw fail("conflict", `a channel named "${name}" already exists`);
    const c = base(`chn_${String(this.channels.length + 1).padStart(2, "0")}${Math.random().toString(36).slice(2, 6)}`, name, channel.kind, now);
    c.created_at = iso(now);
    c.settings = form.fields.filter((f) => !f.secret && values.get(f.key)).map((f) => ({ key: f.key, value: values.get(f.key) ?? "" }));
    c.secrets_set = form.fields.filter((f) => f.secret && values.get(f.key)).map((f) => f.key);
    const every = Number(values.get("sync_every_secs"));
    if (every >= 10) c.sync_every_secs = every;
    c.settings = c.settings.filter((s) => s.key !== "sync_every_secs");
    c.next_sync_at = c.sync_every_secs > 0 ? iso(now + 5 * SEC) : null;
    this.channels.push(c);
    return status(c);
  }

  // ---- Editing a saved channel ----------------------------------------------------------------

  private formOf(c: MockChannel): ChannelForm {
    const form = FORMS.find((f) => f.kind === c.kind);
    if (!form) throw fail("not_allowed", `channel ${c.name} (${c.id}) is a ${c.kind} channel: it has no settings to edit here`);
    return form;
  }

  /** The stored values as the form shows them, the schedule included when the form has it. */
  private storedValues(c: MockChannel, form: ChannelForm): Map<string, string> {
    const values = new Map(c.settings.map((s) => [s.key, s.value]));
    if (form.fields.some((f) => f.key === "sync_every_secs")) values.set("sync_every_secs", String(c.sync_every_secs));
    return values;
  }

  settingsOf(id: ChannelId): ChannelSettings {
    const c = this.channel(id);
    const form = this.formOf(c);
    const values = [...this.storedValues(c, form)].map(([key, value]) => ({ key, value }));
    return { id: c.id, name: c.name, kind: c.kind, form, values, secrets_set: [...c.secrets_set] };
  }

  /**
   * The backend's rule: a blank secret keeps the stored one (stood in for by a placeholder long
   * enough to pass the fake connection test), a blank setting is removed, then the whole is
   * checked like a new channel.
   */
  private edited(id: ChannelId, edit: ChannelEdit): { c: MockChannel; merged: NewChannel; form: ChannelForm } {
    const c = this.channel(id);
    const form = this.formOf(c);
    const values = this.storedValues(c, form);
    for (const key of c.secrets_set) values.set(key, "stored-secret-kept");
    for (const { key, value } of edit.settings) {
      const field = form.fields.find((f) => f.key === key);
      if (!field) throw fail("invalid_input", `${key}: not a setting of ${c.kind} channels`);
      if (value.trim() !== "") values.set(key, value.trim());
      else if (!field.secret) values.delete(key);
    }
    const settings = [...values].map(([key, value]) => ({ key, value }));
    const merged = { kind: c.kind, name: edit.name ?? c.name, settings };
    this.check(merged);
    const every = values.get("sync_every_secs");
    if (every !== undefined && !(Number(every) >= 10)) throw fail("invalid_input", `sync_every_secs: \`${every}\` is not a number of seconds (10 or more)`);
    return { c, merged, form };
  }

  update(id: ChannelId, edit: ChannelEdit, now = Date.now()): ChannelStatus {
    const { c, merged, form } = this.edited(id, edit);
    const values = new Map(merged.settings.map((s) => [s.key, s.value]));
    c.name = merged.name.trim();
    c.settings = form.fields.filter((f) => !f.secret && f.key !== "sync_every_secs" && values.get(f.key)).map((f) => ({ key: f.key, value: values.get(f.key) ?? "" }));
    c.secrets_set = form.fields.filter((f) => f.secret && values.get(f.key)).map((f) => f.key);
    if (form.fields.some((f) => f.key === "sync_every_secs")) c.sync_every_secs = Number(values.get("sync_every_secs") ?? EVERY[c.kind] ?? 60);
    c.configured = true;
    c.throttled = false;
    if (!c.paused && c.sync_every_secs > 0) c.next_sync_at = iso(now + 5 * SEC);
    return status(c);
  }

  testEdit(id: ChannelId, edit: ChannelEdit): ConnectionCheck {
    return this.testConnection(this.edited(id, edit).merged);
  }

  // ---- Outbox --------------------------------------------------------------------------------

  private effect(init: Partial<MockEffect> & Pick<MockEffect, "kind" | "channel_id" | "created_at" | "next_attempt_at">): MockEffect {
    const id = this.nextEffectId++;
    const channel = this.channels.find((c) => c.id === init.channel_id);
    return {
      id,
      order_id: null,
      order_number: null,
      idempotency_key: `wb-${init.kind}-${id.toString().padStart(6, "0")}`,
      payload: "{}",
      status: "pending",
      attempts: 0,
      last_error: null,
      delivered_at: null,
      reference: null,
      write_back_ms: null,
      skipped_by: null,
      skip_reason: null,
      channel_name: channel?.name ?? init.channel_id ?? "webhook endpoint",
      refusedWith: null,
      ...init,
    };
  }

  private seedOutbox(pick: PickOrders, now: number) {
    const shipped = pick("chn_02shop", "shipped", 8);
    const cancelled = pick("chn_02shop", "cancelled", 1);
    const eu = pick("chn_03woo", "shipped", 3);
    const add = (e: MockEffect) => this.effects.push(e);
    const payload = (o: { number: string }, tracking: string) => JSON.stringify({ carrier: "UPS", tracking: [tracking], order: o.number });

    // The exceptions: one refused for good, one that ran out of attempts.
    if (shipped[0]) {
      const o = shipped[0];
      const closed = '422: fulfillment order is closed (Shopify: "The fulfillment order is not in an open state")';
      add(
        this.effect({
          kind: "fulfillment",
          channel_id: "chn_02shop",
          order_id: o.id,
          order_number: o.number,
          payload: payload(o, "1Z999AA10123456784"),
          status: "dead",
          attempts: 1,
          last_error: closed,
          refusedWith: closed,
          created_at: iso(now - 2 * HOUR - 14 * MIN),
          next_attempt_at: iso(now - 2 * HOUR - 14 * MIN),
        }),
      );
    }
    const lost = cancelled[0] ?? shipped[1];
    if (lost) {
      add(
        this.effect({
          kind: cancelled[0] ? "cancellation" : "fulfillment",
          channel_id: "chn_02shop",
          order_id: lost.id,
          order_number: lost.number,
          status: "dead",
          attempts: 8,
          last_error: "Shopify did not answer within 30 s (8 attempts over 4 h 12 m)",
          created_at: iso(now - 5 * HOUR - 40 * MIN),
          next_attempt_at: iso(now - 88 * MIN),
        }),
      );
    }
    // On their way: fresh ones due within the minute, and some retrying.
    shipped.slice(2, 7).forEach((o, i) =>
      add(
        this.effect({
          kind: "fulfillment",
          channel_id: "chn_02shop",
          order_id: o.id,
          order_number: o.number,
          payload: payload(o, `1Z999AA1012345${6790 + i}`),
          created_at: iso(now - (i + 1) * 40 * SEC),
          next_attempt_at: iso(now + (8 + i * 9) * SEC),
        }),
      ),
    );
    eu.forEach((o, i) =>
      add(
        this.effect({
          kind: "fulfillment",
          channel_id: "chn_03woo",
          order_id: o.id,
          order_number: o.number,
          attempts: 2 + i,
          last_error: "503 Service Unavailable (the store's host answered: maintenance mode)",
          created_at: iso(now - (25 + i * 7) * MIN),
          next_attempt_at: iso(now + (4 + i * 3) * MIN),
        }),
      ),
    );
    add(
      this.effect({
        kind: "stock",
        channel_id: "chn_06outd",
        payload: JSON.stringify({ sku: "TNT-2P-GRN", available: 14 }),
        attempts: 1,
        last_error: "Shopify throttled the request (THROTTLED)",
        created_at: iso(now - 6 * MIN),
        next_attempt_at: iso(now + 3 * MIN),
      }),
    );
  }

  /**
   * A parcel's tracking owed to the order's channel (a partner's confirmation entered by hand),
   * due now; a CSV channel has nothing to write back to.
   */
  oweTracking(order: { id: string; number: string; channel_id: ChannelId }, carrier: string, tracking: string, now = Date.now()) {
    const channel = this.channels.find((c) => c.id === order.channel_id);
    if (channel?.kind === "csv") return;
    this.effects.push(
      this.effect({
        kind: "fulfillment",
        channel_id: order.channel_id,
        order_id: order.id,
        order_number: order.number,
        payload: JSON.stringify({ carrier, tracking: [tracking], order: order.number }),
        created_at: iso(now),
        next_attempt_at: iso(now),
      }),
    );
  }

  /** The worker's rounds since the last look: due effects are sent, succeed or come back dead. */
  private deliver(now: number) {
    if (this.offlineSince !== null) return;
    for (const e of this.effects) {
      if (e.status !== "pending" || Date.parse(e.next_attempt_at) > now) continue;
      const channel = this.channels.find((c) => c.id === e.channel_id);
      if (channel?.throttled) continue;
      e.attempts += 1;
      if (e.refusedWith) {
        e.status = "dead";
        e.last_error = e.refusedWith;
        continue;
      }
      e.status = "done";
      e.delivered_at = iso(now);
      this.done += 1;
    }
    this.effects = this.effects.filter((e) => e.status !== "done");
  }

  outbox(now = Date.now()): OutboxView {
    this.deliver(now);
    const count = (s: EffectView["status"]) => this.effects.filter((e) => e.status === s).length;
    return {
      counts: { pending: count("pending"), dead: count("dead"), done: this.done },
      effects: this.effects.map(({ refusedWith: _refused, ...view }) => ({ ...view })),
    };
  }

  private open(id: number): MockEffect {
    const e = this.effects.find((x) => x.id === id);
    if (!e) throw fail("not_found", `outbox effect ${id} was not found`);
    return e;
  }

  retry(id: number, now = Date.now()): null {
    const e = this.open(id);
    if (e.status !== "dead") throw fail("not_allowed", `outbox effect ${id} is ${e.status}; only a dead effect can be retried`);
    e.status = "pending";
    e.attempts = 0;
    e.next_attempt_at = iso(now + 3 * SEC);
    return null;
  }

  skip(id: number, reason: string, now = Date.now()): null {
    if (!reason.trim()) throw fail("invalid_input", "say why the effect is skipped");
    const e = this.open(id);
    e.status = "done";
    e.skipped_by = "user:ana";
    e.skip_reason = reason.trim();
    e.delivered_at = iso(now);
    this.done += 1;
    this.effects = this.effects.filter((x) => x.id !== id);
    return null;
  }

  connectivity(now = Date.now()): Connectivity {
    const { counts } = this.outbox(now);
    const pending = this.effects.filter((e) => e.status === "pending");
    const oldest = pending.reduce<string | null>((min, e) => (min === null || e.created_at < min ? e.created_at : min), null);
    const offline = this.offlineSince !== null;
    return {
      online: !offline,
      since: offline ? iso(this.offlineSince ?? now) : iso(now - 3 * HOUR),
      pending: counts.pending,
      dead: counts.dead,
      oldest_pending_at: oldest,
      last_error: offline ? "could not reach trailhead-supply.myshopify.com: network is unreachable" : null,
    };
  }
}
