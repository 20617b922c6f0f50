// The fake backend's outbound webhook endpoints, for the webhooks screen in a plain browser.
// Believable rather than exact (the real ones are crates/app/src/webhooks): a warehouse system
// that takes every shipment, an ERP whose receiver is down (retrying, one message dead), and an
// old chat bridge that answered 410 Gone and was disabled. Adding checks what the backend checks
// and hands back a fresh `whsec_` secret, once.
import type { AddedEndpoint, AppError, EndpointView, EventTypeInfo, WebhookEndpoint, WebhooksView } from "../bindings";

const MIN = 60_000;
const HOUR = 60 * MIN;

const fail = (code: AppError["code"], message: string): AppError => ({ code, message });
const iso = (ms: number) => new Date(ms).toISOString();

// The same names and words as crates/app/src/webhooks/screen.rs.
export const EVENT_TYPES: EventTypeInfo[] = [
  { name: "order.imported", description: "An order arrived from a channel." },
  { name: "order.held", description: "An order was put on hold, by a rule or a person." },
  { name: "order.released", description: "A hold on an order was lifted." },
  { name: "order.routed", description: "An order was given its location, carrier and service." },
  { name: "order.shipped", description: "An order shipped, with its tracking." },
  { name: "order.cancelled", description: "An order was cancelled." },
  { name: "sync.failed", description: "A channel's sync started failing (once per run of failures)." },
];

/** 24 random bytes, base64, after `whsec_`: the shape the backend makes. */
function newSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** The backend's URL rule: http(s) with a host, no spaces. */
function checkUrl(url: string): string {
  const text = url.trim();
  const rest = /^https?:\/\/(.*)$/.exec(text)?.[1];
  if (rest === undefined) throw fail("invalid_input", `url: \`${text}\` is not an http:// or https:// URL`);
  if (rest.split(/[/?#]/)[0] === "" || /\s/.test(text)) throw fail("invalid_input", `url: \`${text}\` is not a usable URL`);
  return text;
}

export class MockWebhooks {
  private endpoints: EndpointView[];
  private seq = 1;

  constructor(now = Date.now()) {
    this.endpoints = [
      this.seed("https://wms.trailhead.example/hooks/waybill", ["order.routed", "order.shipped", "order.cancelled"], now - 40 * 24 * HOUR, {
        pending: 1,
        delivered: 1284,
        last_delivered_at: iso(now - 2 * MIN),
      }),
      this.seed("https://erp.internal.example/api/waybill-events", ["order.imported", "order.held", "order.released"], now - 12 * 24 * HOUR, {
        pending: 3,
        dead: 1,
        delivered: 5530,
        last_delivered_at: iso(now - 47 * MIN),
        last_error: "503 Service Unavailable (attempt 4; retrying in 8 minutes)",
      }),
      this.seed("https://chat-bridge.example/hooks/ops", ["sync.failed"], now - 90 * 24 * HOUR, {
        dead: 1,
        delivered: 17,
        last_delivered_at: iso(now - 9 * 24 * HOUR),
        last_error: "410 Gone: the endpoint no longer exists",
      }),
    ];
    const bridge = this.endpoints[2].endpoint;
    bridge.enabled = false;
    bridge.disabled_reason = "the endpoint answered 410 Gone";
  }

  private seed(url: string, events: string[], created: number, deliveries: Partial<EndpointView["deliveries"]>): EndpointView {
    return {
      endpoint: { id: `whe_0${this.seq++}mock`, url, events, enabled: true, disabled_reason: null, created_at: iso(created) },
      deliveries: { pending: 0, dead: 0, delivered: 0, last_delivered_at: null, last_error: null, ...deliveries },
    };
  }

  private find(id: string): EndpointView {
    const e = this.endpoints.find((x) => x.endpoint.id === id);
    if (!e) throw fail("not_found", `webhook endpoint ${id} was not found`);
    return e;
  }

  view(): WebhooksView {
    return {
      endpoints: this.endpoints.map((e) => ({ endpoint: { ...e.endpoint, events: [...e.endpoint.events] }, deliveries: { ...e.deliveries } })),
      event_types: EVENT_TYPES,
    };
  }

  add(url: string, events: string[], now = Date.now()): AddedEndpoint {
    const checked = checkUrl(url);
    const known = EVENT_TYPES.map((t) => t.name);
    const unknown = events.find((e) => !known.includes(e));
    if (unknown) throw fail("invalid_input", `events: \`${unknown}\` is not a webhook event (one of: ${known.join(", ")})`);
    if (events.length === 0) throw fail("invalid_input", `events: name at least one event type (one of: ${known.join(", ")})`);
    const endpoint: WebhookEndpoint = {
      id: `whe_${now.toString(36)}${this.seq++}`,
      url: checked,
      events: known.filter((n) => events.includes(n)),
      enabled: true,
      disabled_reason: null,
      created_at: iso(now),
    };
    this.endpoints.push({ endpoint, deliveries: { pending: 0, dead: 0, delivered: 0, last_delivered_at: null, last_error: null } });
    return { endpoint: { ...endpoint }, secret: newSecret() };
  }

  /** How many undelivered messages went with it. */
  remove(id: string): number {
    const e = this.find(id);
    this.endpoints = this.endpoints.filter((x) => x !== e);
    return e.deliveries.pending + e.deliveries.dead;
  }

  enable(id: string): null {
    const e = this.find(id).endpoint;
    e.enabled = true;
    e.disabled_reason = null;
    return null;
  }

  disable(id: string): null {
    const e = this.find(id).endpoint;
    e.enabled = false;
    e.disabled_reason = "disabled by user:ana";
    return null;
  }
}
