// Deterministic, realistic fake orders (and their timelines) for the browser-only backend.
import type { Address, HoldReason, Order, OrderEvent, OrderLine, OrderStatus } from "../bindings";
import { CARRIERS, CHANNELS, FIRST, HOLD_NOTES, LAST, LOCATIONS, ORDER_TAGS, PLACES, PRODUCTS } from "./catalog";

/** mulberry32: small seeded PRNG so every run shows the same orders. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof rng>;

const HOUR = 3_600_000;

const STATUS_WEIGHTS: [OrderStatus, number][] = [
  ["awaiting_payment", 4],
  ["on_hold", 12],
  ["ready", 24],
  ["handed_off", 9],
  ["partially_shipped", 4],
  ["shipped", 40],
  ["cancelled", 7],
];

function weighted(r: Rng): OrderStatus {
  const total = STATUS_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let x = r.next() * total;
  for (const [s, w] of STATUS_WEIGHTS) {
    x -= w;
    if (x < 0) return s;
  }
  return "ready";
}

const HOLD_WEIGHTS: HoldReason[] = ["fraud_risk", "address_invalid", "address_invalid", "out_of_stock", "out_of_stock", "manual_review", "payment_pending", "partner_rejected", "unroutable", "custom"];

function priceIn(currency: string, cents: number): number {
  if (currency === "JPY") return Math.round((cents * 1.5) / 10) * 10;
  if (currency === "GBP") return Math.round(cents * 0.79);
  if (currency === "EUR") return Math.round(cents * 0.92);
  return cents;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function fakeOrder(r: Rng, seq: number, placedMs: number, status: OrderStatus = weighted(r)): { order: Order; timeline: OrderEvent[] } {
  const channel = r.chance(0.12) ? CHANNELS[0] : r.pick(CHANNELS.slice(1));
  const cur = channel.currency;
  const place = r.pick(PLACES[cur]);
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const name = `${first} ${last}`;
  const id = `ord_${(placedMs / 1000).toString(36)}${seq.toString(36).padStart(4, "0")}`;
  const number =
    channel.kind === "amazon_seller"
      ? `249-${String(5_000_000 + seq * 7919).slice(0, 7)}-${String(1_000_000 + seq * 104729).slice(-7)}`
      : `${channel.prefix}${10_000 + seq}`;

  const lineCount = r.chance(0.55) ? 1 : r.int(2, 4);
  const lines: OrderLine[] = [];
  const used = new Set<string>();
  for (let i = 0; i < lineCount; i++) {
    const p = r.pick(PRODUCTS);
    if (used.has(p.sku)) continue;
    used.add(p.sku);
    lines.push({ sku: p.sku, name: p.name, quantity: r.chance(0.8) ? 1 : r.int(2, 4), unit_price: priceIn(cur, p.cents), unit_weight_g: p.grams, product_tags: p.tags });
  }
  const subtotal = lines.reduce((n, l) => n + l.unit_price * l.quantity, 0);
  const shipping = subtotal > priceIn(cur, 10000) ? 0 : priceIn(cur, r.pick([695, 895, 1295]));
  const tax = cur === "USD" ? Math.round(subtotal * 0.0825) : 0;
  const address: Address = {
    name,
    company: r.chance(0.12) ? `${last} & Co` : null,
    line1: `${r.int(1, 999)} ${place.street}`,
    line2: r.chance(0.25) ? `Apt ${r.int(1, 40)}` : null,
    city: place.city,
    region: place.region,
    postal_code: place.postal,
    country: place.country,
    phone: r.chance(0.6) ? `+1 555 ${r.int(100, 999)} ${r.int(1000, 9999)}` : null,
    residential: r.chance(0.85),
  };
  const shipBy = placedMs + r.int(36, 96) * HOUR;
  const routed = status !== "awaiting_payment" && !(status === "on_hold" && r.chance(0.5));
  const carrierSet = r.pick(CARRIERS[cur]);
  const location = cur === "EUR" ? LOCATIONS[2] : cur === "JPY" ? LOCATIONS[3] : r.chance(0.15) ? LOCATIONS[4] : r.chance(0.2) ? LOCATIONS[1] : LOCATIONS[0];
  const tags = ORDER_TAGS.filter(() => r.chance(0.07));
  const holdReason: HoldReason = r.pick(HOLD_WEIGHTS);
  const held = status === "on_hold";
  const channelActor = `channel:${channel.id}`;

  const order: Order = {
    id,
    channel_id: channel.id,
    external_id: String(880_000 + seq),
    number,
    status,
    channel_status: status === "shipped" ? "fulfilled" : status === "cancelled" ? "cancelled" : status === "awaiting_payment" ? "pending" : "unfulfilled",
    payment_status: status === "awaiting_payment" ? "pending" : status === "cancelled" ? "refunded" : "paid",
    customer: { name, email: `${first}.${last}@example.com`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""), phone: address.phone },
    ship_to: address,
    bill_to: r.chance(0.2) ? { ...address, line1: `${r.int(1, 99)} Market St`, line2: null } : null,
    requested_service: r.chance(0.2) ? "Express" : r.chance(0.5) ? "Standard" : null,
    lines,
    currency: cur,
    subtotal,
    shipping_paid: shipping,
    tax,
    total: subtotal + shipping + tax,
    weight_g: lines.reduce((n, l) => n + l.unit_weight_g * l.quantity, 0),
    tags,
    customer_notes: r.chance(0.15) ? r.pick(["Please leave at the back door.", "Gift — no invoice in the box please.", "Call before delivery."]) : null,
    internal_notes: [],
    gift: r.chance(0.08),
    placed_at: iso(placedMs),
    updated_at: iso(placedMs + HOUR),
    ship_by: status === "cancelled" ? null : iso(shipBy),
    location_id: routed ? location.id : null,
    carrier: routed ? carrierSet.carrier : null,
    service: routed ? r.pick(carrierSet.services) : null,
    options: { signature: subtotal > priceIn(cur, 30000), insurance: subtotal > priceIn(cur, 50000) ? subtotal : null, batch_group: r.chance(0.1) ? "AM-wave" : null },
    hold: held
      ? {
          reason: holdReason,
          note: r.pick(HOLD_NOTES[holdReason]),
          // Holds the mock ruleset explains are credited to their rule when the store seeds the order.
          placed_by: holdReason === "manual_review" || holdReason === "custom" ? "user:ana" : "system",
          placed_at: iso(placedMs + 2 * 60_000),
          release_at: holdReason === "payment_pending" || r.chance(0.1) ? iso(placedMs + 48 * HOUR) : null,
        }
      : null,
    owned_fields: [],
  };
  if (held && order.hold?.placed_by.startsWith("user:")) order.owned_fields.push("hold");

  // The story so far, oldest first.
  const t: OrderEvent[] = [];
  let at = placedMs + 30_000;
  const ev = (actor: string, kind: OrderEvent["kind"]) => {
    t.push({ order_id: id, at: iso(at), actor, kind });
    at += r.int(1, 40) * 60_000;
  };
  ev(channelActor, { type: "imported", channel_status: status === "awaiting_payment" ? "pending" : "paid" });
  if (status === "awaiting_payment") return { order, timeline: t };
  if (routed) ev("system", { type: "routed", location: order.location_id, carrier: order.carrier, service: order.service });
  if (held && order.hold) {
    at = Date.parse(order.hold.placed_at);
    ev(order.hold.placed_by, { type: "held", reason: order.hold.reason, note: order.hold.note, release_at: order.hold.release_at });
    ev("system", { type: "status_changed", from: "ready", to: "on_hold" });
    return { order, timeline: t };
  }
  if (tags.length > 0) ev("user:marco", { type: "tag_added", tag: tags[0] });
  if (status === "ready") return { order, timeline: t };
  if (status === "cancelled") {
    ev(channelActor, { type: "updated_by_channel", fields: ["financial_status"], channel_status: "cancelled" });
    ev(channelActor, { type: "cancelled", note: "Cancelled on the channel by the customer." });
    return { order, timeline: t };
  }
  if (location.kind !== "warehouse" && location.kind !== "store") ev(`partner:${location.id}`, { type: "handed_off", partner: location.id });
  ev("system", { type: "status_changed", from: "ready", to: "handed_off" });
  if (status === "handed_off") return { order, timeline: t };
  const tracking = status === "partially_shipped" ? [`1Z${r.int(100000, 999999)}A0${r.int(1000000, 9999999)}`] : [`1Z${r.int(100000, 999999)}A0${r.int(1000000, 9999999)}`, ...(lines.length > 2 ? [`1Z${r.int(100000, 999999)}A0${r.int(1000000, 9999999)}`] : [])];
  ev(`partner:${location.id}`, { type: "shipped", carrier: order.carrier ?? "UPS", tracking });
  ev("system", { type: "status_changed", from: "handed_off", to: status });
  ev("system", { type: "tracking_pushed", channel: channel.id });
  return { order, timeline: t };
}

/** `count` orders placed over the last 30 days, newest last. */
export function fakeOrders(count: number, seed = 7): { order: Order; timeline: OrderEvent[] }[] {
  const r = rng(seed);
  const now = Date.now();
  const out = [];
  for (let i = 0; i < count; i++) {
    const ageMs = ((count - i) / count) * 30 * 24 * HOUR;
    // Older orders have mostly shipped; recent ones are still being worked.
    const status = ageMs > 6 * 24 * HOUR ? (r.chance(0.85) ? "shipped" : r.chance(0.5) ? "cancelled" : undefined) : undefined;
    out.push(fakeOrder(r, i + 1, now - ageMs - r.int(0, 40) * 60_000, status));
  }
  return out;
}
