// Builders for the inventory, locations and shipment tests: a SKU's stock, an inventory view, a
// location card's data, a partner's health, a shipment and a parcel, with harmless defaults a
// test overrides field by field.
import type { InventoryView, LocationColumn, LocationView, PackageView, PartnerHealth, ShipmentView, SkuStock } from "../src/bindings";

export const RENO: LocationColumn = { id: "loc_reno", name: "Reno DC", kind: "warehouse" };
export const BROOKLYN: LocationColumn = { id: "loc_bkln", name: "Brooklyn store", kind: "store" };

export function sku(over: Partial<SkuStock> = {}): SkuStock {
  return {
    sku: "MUG-01",
    name: "Enamel mug",
    tags: [],
    low_stock_at: 5,
    locations: [{ location_id: RENO.id, on_hand: 20, reserved: 0, available: 20 }],
    on_hand: 20,
    reserved: 0,
    available: 20,
    channels: [],
    low: false,
    ...over,
  };
}

export function inventoryOf(rows: SkuStock[], over: Partial<InventoryView> = {}): InventoryView {
  return {
    locations: [RENO, BROOKLYN],
    channels: [],
    rows,
    matching: rows.length,
    total_skus: rows.length,
    low_skus: rows.filter((r) => r.low).length,
    units_on_hand: rows.reduce((n, r) => n + r.on_hand, 0),
    units_reserved: rows.reduce((n, r) => n + r.reserved, 0),
    adjustments: [],
    ...over,
  };
}

export function location(over: Partial<LocationView> = {}): LocationView {
  return {
    id: "loc_reno",
    name: "Reno DC",
    kind: "warehouse",
    postal_code: "89502",
    country: "US",
    daily_capacity: 400,
    shipments_today: 120,
    open_shipments: 40,
    adapter: null,
    active: true,
    ...over,
  };
}

export function shipment(over: Partial<ShipmentView> = {}): ShipmentView {
  return {
    id: "shp_1",
    seq: 1,
    order_id: "ord_0001",
    order_number: "#1001",
    location_id: "loc_reno",
    location_name: "Reno DC",
    location_kind: "warehouse",
    status: "reserved",
    partner_ref: null,
    carrier: null,
    tracking: null,
    note: null,
    lines: [{ sku: "MUG-01", quantity: 2 }],
    created_at: "2025-01-10T10:05:00Z",
    updated_at: "2025-01-10T10:05:00Z",
    handed_off_at: null,
    acknowledged_at: null,
    shipped_at: null,
    packages: [],
    ...over,
  };
}

/** A healthy partner with nothing waiting: no backlog, no errors, no breaches. */
export function partnerHealth(over: Partial<PartnerHealth> = {}): PartnerHealth {
  return {
    id: "loc_3pl",
    name: "ShipRight 3PL",
    kind: "third_party_logistics",
    adapter: "simulated",
    active: true,
    problem: null,
    backlog: 0,
    pending_handoffs: 0,
    dead_handoffs: 0,
    oldest_unacknowledged_at: null,
    last_success_at: null,
    last_error: null,
    last_error_at: null,
    last_sync_at: null,
    error_rate: 0,
    exchanges: 0,
    failures: 0,
    window_start: null,
    sla_breaches: 0,
    counts: { reserved: 0, handed_off: 0, accepted: 0, shipped: 0, rejected: 0, cancelled: 0 },
    ...over,
  };
}

export function parcel(over: Partial<PackageView> = {}): PackageView {
  return { carrier: "UPS", tracking: "1Z999AA10123456784", shipped_at: "2025-01-11T09:00:00Z", lines: [{ sku: "MUG-01", quantity: 2 }], ...over };
}
