// Hand-written stand-in for the file tauri-specta generates from the Rust backend.
// It will be overwritten by the generated one: code only against the names exported here.
import { invoke as TAURI_INVOKE } from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";

/** user-defined commands **/

export const commands = {
  async listOrders(query: OrderQuery): Promise<Result<OrderPage, AppError>> {
    return typedError(TAURI_INVOKE("list_orders", { query }));
  },
  async tabCounts(filter: OrderFilter): Promise<Result<TabCount[], AppError>> {
    return typedError(TAURI_INVOKE("tab_counts", { filter }));
  },
  async orderDetail(id: string): Promise<Result<OrderDetail, AppError>> {
    return typedError(TAURI_INVOKE("order_detail", { id }));
  },
  async applyAction(ids: string[], action: ManualAction): Promise<Result<BulkOutcome, AppError>> {
    return typedError(TAURI_INVOKE("apply_action", { ids, action }));
  },
  async facets(): Promise<Result<Facets, AppError>> {
    return typedError(TAURI_INVOKE("facets"));
  },
  async workspaceInfo(): Promise<Result<WorkspaceInfo, AppError>> {
    return typedError(TAURI_INVOKE("workspace_info"));
  },
};

/** user-defined events **/

export const events = {
  ordersChanged: makeEvent<OrdersChanged>("orders-changed"),
};

/** user-defined types **/

export type OrderStatus = "awaiting_payment" | "on_hold" | "ready" | "handed_off" | "partially_shipped" | "shipped" | "cancelled";
export type HoldReason = "fraud_risk" | "address_invalid" | "payment_pending" | "out_of_stock" | "manual_review" | "partner_rejected" | "unroutable" | "custom";
export type PaymentStatus = "pending" | "paid" | "partially_refunded" | "refunded";
export type OwnedField = "ship_to" | "location" | "carrier" | "service" | "options" | "tags" | "hold";
export type ChannelKind = "demo" | "shopify" | "woo_commerce" | "amazon_seller" | "csv";
export type LocationKind = "warehouse" | "store" | "drop_ship_vendor" | "third_party_logistics" | "amazon_mcf";
export type Address = { name: string; company: string | null; line1: string; line2: string | null; city: string; region: string | null; postal_code: string; country: string; phone: string | null; residential: boolean | null };
export type Customer = { name: string; email: string | null; phone: string | null };
export type OrderLine = { sku: string; name: string; quantity: number; unit_price: number; unit_weight_g: number; product_tags: string[] };
export type ShippingOptions = { signature: boolean; insurance: number | null; batch_group: string | null };
export type Hold = { reason: HoldReason; note: string; placed_by: string; placed_at: string; release_at: string | null };
export type Order = { id: string; channel_id: string; external_id: string; number: string; status: OrderStatus; channel_status: string; payment_status: PaymentStatus; customer: Customer; ship_to: Address; bill_to: Address | null; requested_service: string | null; lines: OrderLine[]; currency: string; subtotal: number; shipping_paid: number; tax: number; total: number; weight_g: number; tags: string[]; customer_notes: string | null; internal_notes: string[]; gift: boolean; placed_at: string; updated_at: string; ship_by: string | null; location_id: string | null; carrier: string | null; service: string | null; options: ShippingOptions; hold: Hold | null; owned_fields: OwnedField[] };
export type EventKind =
  | { type: "imported"; channel_status: string }
  | { type: "updated_by_channel"; fields: string[]; channel_status: string }
  | { type: "status_changed"; from: OrderStatus; to: OrderStatus }
  | { type: "held"; reason: HoldReason; note: string; release_at: string | null }
  | { type: "released"; reason: HoldReason; note: string }
  | { type: "routed"; location: string | null; carrier: string | null; service: string | null }
  | { type: "rule_applied"; rule: string; summary: string }
  | { type: "handed_off"; partner: string }
  | { type: "shipped"; carrier: string; tracking: string[] }
  | { type: "tracking_pushed"; channel: string }
  | { type: "cancelled"; note: string }
  | { type: "address_edited"; before: Address; after: Address }
  | { type: "tag_added"; tag: string }
  | { type: "tag_removed"; tag: string }
  | { type: "note_added"; note: string };
export type OrderEvent = { order_id: string; at: string; actor: string; kind: EventKind };
export type Channel = { id: string; name: string; kind: ChannelKind; created_at: string };
export type Location = { id: string; name: string; kind: LocationKind; postal_code: string; country: string };
export type OrderFilter = { status: OrderStatus | null; channel_id: string | null; location_id: string | null; hold_reason: HoldReason | null; tag: string | null; carrier: string | null; placed_from: string | null; placed_to: string | null; search: string | null };
export type SortKey = "placed_at" | "ship_by" | "total";
export type OrderQuery = { filter: OrderFilter; sort: SortKey; descending: boolean; after: string | null; limit: number };
export type OrderSummary = { id: string; number: string; channel_id: string; status: OrderStatus; customer_name: string; ship_city: string; ship_country: string; item_count: number; total: number; currency: string; placed_at: string; ship_by: string | null; location_id: string | null; carrier: string | null; service: string | null; hold_reason: HoldReason | null; tags: string[] };
export type OrderPage = { items: OrderSummary[]; next_cursor: string | null };
export type TabCount = { status: OrderStatus; count: number };
export type ManualAction =
  | { action: "hold"; reason: HoldReason; note: string; release_at: string | null }
  | { action: "release"; note: string }
  | { action: "cancel"; note: string }
  | { action: "edit_ship_to"; address: Address }
  | { action: "add_tag"; tag: string }
  | { action: "remove_tag"; tag: string }
  | { action: "add_note"; note: string };
export type OrderDetail = { order: Order; timeline: OrderEvent[]; channel: Channel; location: Location | null };
export type Refusal = { id: string; number: string; message: string };
export type BulkOutcome = { applied: string[]; refused: Refusal[] };
export type Facets = { channels: Channel[]; locations: Location[]; carriers: string[]; tags: string[] };
export type WorkspaceInfo = { database_path: string; order_count: number; demo_running: boolean };
export type OrdersChanged = { ids: string[]; cause: string };
export type ErrorCode = "not_found" | "invalid_input" | "not_allowed" | "conflict" | "database_locked" | "database_corrupt" | "database_read_only" | "database_too_new" | "internal";
export type AppError = { code: ErrorCode; message: string };

/** tauri-specta globals **/

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

// Errors from the command come back as rejected values that are not `Error`s.
async function typedError<T, E>(result: Promise<T>): Promise<Result<T, E>> {
  try {
    return { status: "ok", data: await result };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: "error", error: e as E };
  }
}

function makeEvent<T>(name: string) {
  return {
    listen: (cb: TAURI_API_EVENT.EventCallback<T>) => TAURI_API_EVENT.listen<T>(name, cb),
    once: (cb: TAURI_API_EVENT.EventCallback<T>) => TAURI_API_EVENT.once<T>(name, cb),
    emit: (payload: T) => TAURI_API_EVENT.emit(name, payload),
  };
}
