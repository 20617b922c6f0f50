// Small factories for backend values, so each test states only what matters to its rule.
import type { Address, Order, OrderDetail, OrderSummary } from "../src/bindings";

export function summary(n: number, over: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id: `ord_${String(n).padStart(4, "0")}`,
    number: `#${1000 + n}`,
    channel_id: "chn_1",
    status: "ready",
    customer_name: `Customer ${n}`,
    ship_city: "Portland",
    ship_country: "US",
    item_count: 1,
    total: 1999,
    currency: "USD",
    placed_at: new Date(Date.now() - n * 3_600_000).toISOString(),
    ship_by: null,
    location_id: null,
    carrier: null,
    service: null,
    hold_reason: null,
    tags: [],
    ...over,
  };
}

export function summaries(count: number, from = 1): OrderSummary[] {
  return Array.from({ length: count }, (_, i) => summary(from + i));
}

export const ADDRESS: Address = {
  name: "Ana Silva",
  company: null,
  line1: "12 Main St",
  line2: null,
  city: "Portland",
  region: "OR",
  postal_code: "97209",
  country: "US",
  phone: null,
  residential: true,
};

export function order(over: Partial<Order> = {}): Order {
  return {
    id: "ord_0001",
    channel_id: "chn_1",
    external_id: "55001",
    number: "#1001",
    status: "ready",
    channel_status: "paid",
    payment_status: "paid",
    customer: { name: "Ana Silva", email: "ana@example.com", phone: null },
    ship_to: ADDRESS,
    bill_to: null,
    requested_service: null,
    lines: [{ sku: "SKU-1", name: "Tent", quantity: 2, unit_price: 1000, unit_weight_g: 500, product_tags: [] }],
    currency: "USD",
    subtotal: 2000,
    shipping_paid: 0,
    tax: 0,
    total: 2000,
    weight_g: 1000,
    tags: ["vip"],
    customer_notes: null,
    internal_notes: [],
    gift: false,
    placed_at: "2025-01-10T10:00:00Z",
    updated_at: "2025-01-10T10:00:00Z",
    ship_by: null,
    location_id: null,
    carrier: null,
    service: null,
    options: { signature: false, insurance: null, batch_group: null },
    hold: null,
    owned_fields: [],
    ...over,
  };
}

export function detail(over: Partial<Order> = {}, timeline: OrderDetail["timeline"] = []): OrderDetail {
  return {
    order: order(over),
    timeline,
    channel: { id: "chn_1", name: "Trailhead Supply", kind: "shopify", created_at: "2024-01-01T00:00:00Z" },
    location: null,
    rules: null,
    shipments: [],
  };
}
