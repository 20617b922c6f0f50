// Human words for the backend's enum values, in one place so every screen says the same thing.
import type { AdjustmentReason, ChannelKind, HoldReason, LocationKind, OrderStatus, PaymentStatus, ShipmentStatus, SortKey } from "../bindings";

/** Tab order of the queue; also what keys 2–8 switch to (1 is "All"). */
export const STATUSES: readonly OrderStatus[] = [
  "awaiting_payment",
  "on_hold",
  "ready",
  "handed_off",
  "partially_shipped",
  "shipped",
  "cancelled",
];

export const STATUS_LABEL: Record<OrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  on_hold: "On hold",
  ready: "Ready",
  handed_off: "Handed off",
  partially_shipped: "Partially shipped",
  shipped: "Shipped",
  cancelled: "Cancelled",
};

export const HOLD_REASONS: readonly HoldReason[] = [
  "fraud_risk",
  "address_invalid",
  "payment_pending",
  "out_of_stock",
  "manual_review",
  "partner_rejected",
  "unroutable",
  "custom",
];

export const HOLD_REASON_LABEL: Record<HoldReason, string> = {
  fraud_risk: "Fraud risk",
  address_invalid: "Address invalid",
  payment_pending: "Payment pending",
  out_of_stock: "Out of stock",
  manual_review: "Manual review",
  partner_rejected: "Partner rejected",
  unroutable: "Unroutable",
  custom: "Other",
};

export const PAYMENT_LABEL: Record<PaymentStatus, string> = {
  pending: "Payment pending",
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
};

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  demo: "Demo store",
  shopify: "Shopify",
  woo_commerce: "WooCommerce",
  amazon_seller: "Amazon",
  csv: "CSV import",
};

export const LOCATION_KIND_LABEL: Record<LocationKind, string> = {
  warehouse: "Warehouse",
  store: "Store",
  drop_ship_vendor: "Drop-ship vendor",
  third_party_logistics: "3PL",
  amazon_mcf: "Amazon MCF",
};

/** Partners ship for us (a 3PL, Amazon MCF, a drop-ship vendor); the rest are our own places. */
export function isPartner(kind: LocationKind): boolean {
  return kind === "drop_ship_vendor" || kind === "third_party_logistics" || kind === "amazon_mcf";
}

/** Why stock was changed by hand, in the order the adjust form offers them. */
export const ADJUSTMENT_REASONS: readonly AdjustmentReason[] = ["received", "returned", "damaged", "lost", "found", "correction", "other"];

export const ADJUSTMENT_REASON_LABEL: Record<AdjustmentReason, string> = {
  received: "Received",
  returned: "Customer return",
  damaged: "Damaged",
  lost: "Lost",
  found: "Found",
  correction: "Correction",
  other: "Other",
};

export const SHIPMENT_STATUS_LABEL: Record<ShipmentStatus, string> = {
  reserved: "Reserved",
  handed_off: "Handed off",
  accepted: "Accepted",
  shipped: "Shipped",
  rejected: "Rejected",
  cancelled: "Cancelled",
};

export const SORT_LABEL: Record<SortKey, string> = {
  placed_at: "Placed date",
  ship_by: "Ship-by",
  total: "Total",
};

/**
 * Holds that routing again can cure: a partner refused the order, stock was short, or no location
 * could take it. "Re-route" releases such a hold and routes the order again, never back to a
 * partner that rejected it (mirrors REROUTABLE in crates/app/src/partners/reroute.rs).
 */
export const REROUTABLE_HOLDS: readonly HoldReason[] = ["partner_rejected", "out_of_stock", "unroutable"];

export function canReroute(status: OrderStatus, reason: HoldReason | null | undefined): boolean {
  return status === "on_hold" && reason != null && REROUTABLE_HOLDS.includes(reason);
}

/** Statuses where nothing more can happen to the order from this screen. */
export function isFinished(status: OrderStatus): boolean {
  return status === "shipped" || status === "cancelled";
}

/** Orders still waiting to leave the building: only these can miss their ship-by date. */
export function awaitsShipment(status: OrderStatus): boolean {
  return status === "awaiting_payment" || status === "on_hold" || status === "ready";
}
