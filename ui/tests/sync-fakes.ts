// Builders for the channels and outbox tests: a channel's status, the add forms, an outbox effect,
// a connectivity answer, all with harmless defaults a test overrides field by field.
import type { ChannelForm, ChannelStatus, Connectivity, EffectView, OutboxView } from "../src/bindings";

export const SEC = 1000;
export const MIN = 60_000;
export const iso = (msFromNow: number, now = Date.now()) => new Date(now + msFromNow).toISOString();

export function channel(over: Partial<ChannelStatus> = {}): ChannelStatus {
  return {
    id: "chn_1",
    name: "Outdoor Co. Shopify",
    kind: "shopify",
    paused: false,
    configured: true,
    sync_every_secs: 60,
    settings: [{ key: "shop_domain", value: "outdoor-co.myshopify.com" }],
    secrets_set: ["access_token"],
    last_sync_at: iso(-20 * SEC),
    last_success_at: iso(-20 * SEC),
    next_sync_at: iso(40 * SEC),
    cursor: "updated_at:2026-11-25T23:26:04Z",
    last_imported: 2,
    last_updated: 1,
    total_imported: 1284,
    total_updated: 377,
    last_error: null,
    rejected: [],
    ...over,
  };
}

export const SHOPIFY_FORM: ChannelForm = {
  kind: "shopify",
  label: "Shopify",
  fields: [
    { key: "shop_domain", label: "Shop domain", secret: false, required: true, placeholder: "your-store.myshopify.com", help: "The myshopify.com address." },
    { key: "access_token", label: "Access token", secret: true, required: true, placeholder: "shpat_…", help: null },
    { key: "api_version", label: "API version", secret: false, required: false, placeholder: "2025-07", help: null },
  ],
};

export const CSV_FORM: ChannelForm = {
  kind: "csv",
  label: "CSV file",
  fields: [{ key: "path", label: "File", secret: false, required: true, placeholder: "/srv/orders.csv", help: null }],
};

export function effect(over: Partial<EffectView> = {}): EffectView {
  return {
    id: 1,
    kind: "fulfillment",
    channel_id: "chn_1",
    order_id: "ord_01",
    idempotency_key: "wb-fulfillment-1",
    payload: "{}",
    status: "pending",
    attempts: 0,
    next_attempt_at: iso(30 * SEC),
    last_error: null,
    created_at: iso(-5 * MIN),
    delivered_at: null,
    reference: null,
    write_back_ms: null,
    skipped_by: null,
    skip_reason: null,
    order_number: "#1042",
    channel_name: "Trailhead Supply",
    ...over,
  };
}

export function outboxOf(effects: EffectView[], done = 10): OutboxView {
  const count = (s: EffectView["status"]) => effects.filter((e) => e.status === s).length;
  return { counts: { pending: count("pending"), dead: count("dead"), done }, effects };
}

export function connectivity(over: Partial<Connectivity> = {}): Connectivity {
  return { online: true, since: null, pending: 0, dead: 0, oldest_pending_at: null, last_error: null, ...over };
}
