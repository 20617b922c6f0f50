// The only door to the backend. Components call `api.*`, never `commands` directly, so the
// generated bindings can change shape in one place and tests can replace this module whole.
import { commands, events } from "./bindings";
import type {
  AppError,
  BulkOutcome,
  ErrorCode,
  Facets,
  HeldOverview,
  ManualAction,
  OrderDetail,
  OrderFilter,
  OrderPage,
  OrderQuery,
  OrdersChanged,
  TabCount,
  WorkspaceInfo,
} from "./bindings";
import type { ChannelId, DryRunReport, DryRunScope, Problem, RuleAuditEntry, Ruleset, RulesetView, RuleTest } from "./bindings";
import type { ChannelsOverview, ChannelStatus, ConnectionCheck, Connectivity, NewChannel, OutboxView, SyncReport } from "./bindings";
import type { CountImport, InventoryQuery, InventoryView, LocationId, LocationView, NewLocation, StockChange, StockOutcome } from "./bindings";
import type { PartnersView, ShipmentView } from "./bindings";
import type { AddedEndpoint, ChannelEdit, ChannelSettings, WebhookEndpointId, WebhooksView } from "./bindings";

/** What every generated command resolves to. */
type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** A refusal from the backend: a stable `code` to act on and a `message` for people. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

/** Codes that mean the workspace itself is unusable: the whole window explains them. */
export const FATAL_CODES: readonly ErrorCode[] = [
  "database_locked",
  "database_corrupt",
  "database_read_only",
  "database_too_new",
];

export function isFatal(err: unknown): err is ApiError {
  return err instanceof ApiError && FATAL_CODES.includes(err.code);
}

async function unwrap<T>(call: () => Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await call();
  } catch (e) {
    // IPC itself failed (a thrown Error, not a command error): still one error type for the UI.
    throw new ApiError("internal", e instanceof Error ? e.message : String(e));
  }
  if (result.status === "error") {
    // Arguments the backend could not read (e.g. a malformed rules draft) come back as bare text.
    const error: AppError | string = result.error;
    if (typeof error === "string") throw new ApiError("invalid_input", error);
    throw new ApiError(error.code, error.message);
  }
  return result.data;
}

export const api = {
  listOrders: (query: OrderQuery): Promise<OrderPage> => unwrap(() => commands.listOrders(query)),
  tabCounts: (filter: OrderFilter): Promise<TabCount[]> => unwrap(() => commands.tabCounts(filter)),
  orderDetail: (id: string): Promise<OrderDetail> => unwrap(() => commands.orderDetail(id)),
  applyAction: (ids: string[], action: ManualAction): Promise<BulkOutcome> =>
    unwrap(() => commands.applyAction(ids, action)),
  /** Runs the rules in force again on each order; orders past "ready" are refused one by one. */
  rerunRules: (ids: string[]): Promise<BulkOutcome> => unwrap(() => commands.rerunRules(ids)),
  heldOverview: (): Promise<HeldOverview> => unwrap(() => commands.heldOverview()),
  facets: (): Promise<Facets> => unwrap(() => commands.facets()),
  workspaceInfo: (): Promise<WorkspaceInfo> => unwrap(() => commands.workspaceInfo()),
  // The rule editor: the rules in force, checking and saving a draft, and trying it out.
  rulesView: (): Promise<RulesetView> => unwrap(() => commands.rulesView()),
  validateRuleset: (draft: Ruleset): Promise<Problem[]> => unwrap(() => commands.validateRuleset(draft)),
  /** Refused with `conflict` when someone saved since `baseVersion`, `invalid_input` when it has errors. */
  saveRuleset: (draft: Ruleset, baseVersion: number): Promise<RulesetView> =>
    unwrap(() => commands.saveRuleset(draft, baseVersion)),
  ruleHistory: (limit: number): Promise<RuleAuditEntry[]> => unwrap(() => commands.ruleHistory(limit)),
  /** `draft: null` tries the rules in force. Nothing is saved. */
  testRules: (draft: Ruleset | null, orderId: string): Promise<RuleTest> => unwrap(() => commands.testRules(draft, orderId)),
  dryRun: (draft: Ruleset, scope: DryRunScope): Promise<DryRunReport> => unwrap(() => commands.dryRun(draft, scope)),
  // Channels: their sync state, adding one, syncing, pausing and checking the connection.
  channelsOverview: (): Promise<ChannelsOverview> => unwrap(() => commands.channelsOverview()),
  /** Refused with `invalid_input` naming the field when a required one is missing. */
  addChannel: (channel: NewChannel): Promise<ChannelStatus> => unwrap(() => commands.addChannel(channel)),
  /** Tries these settings without saving; a refused login is `ok: false`, not an error. */
  testConnection: (channel: NewChannel): Promise<ConnectionCheck> => unwrap(() => commands.testConnection(channel)),
  testChannel: (id: ChannelId): Promise<ConnectionCheck> => unwrap(() => commands.testChannel(id)),
  /** A saved channel's form with its stored values; secrets only say whether they are set. */
  channelSettings: (id: ChannelId): Promise<ChannelSettings> => unwrap(() => commands.channelSettings(id)),
  /**
   * Saves a person's changes: a secret left empty keeps the stored one, any other setting left
   * empty is removed. Refused with `invalid_input` naming the field (`page_size: …`), like adding.
   */
  updateChannel: (id: ChannelId, edit: ChannelEdit): Promise<ChannelStatus> => unwrap(() => commands.updateChannel(id, edit)),
  /** Tries a saved channel's settings with `edit` applied, saving nothing. */
  testChannelEdit: (id: ChannelId, edit: ChannelEdit): Promise<ConnectionCheck> => unwrap(() => commands.testChannelEdit(id, edit)),
  syncChannelNow: (id: ChannelId): Promise<SyncReport> => unwrap(() => commands.syncChannelNow(id)),
  setChannelPaused: (id: ChannelId, paused: boolean): Promise<ChannelStatus> =>
    unwrap(() => commands.setChannelPaused(id, paused)),
  // The outbox: what is owed to channels, and the dead effects a person settles.
  outboxView: (): Promise<OutboxView> => unwrap(() => commands.outboxView()),
  /** Only a dead effect can be retried (`not_allowed` otherwise). */
  retryEffect: (id: number): Promise<null> => unwrap(() => commands.retryEffect(id)),
  /** Marks a pending or dead effect done without sending it; the reason is required. */
  skipEffect: (id: number, reason: string): Promise<null> => unwrap(() => commands.skipEffect(id, reason)),
  connectivity: (): Promise<Connectivity> => unwrap(() => commands.connectivity()),
  // Outbound webhooks: the endpoints that receive Waybill's events, and how delivery to each goes.
  webhooksView: (): Promise<WebhooksView> => unwrap(() => commands.webhooksView()),
  /** The signing secret comes back this once. Refused with `url: …` or `events: …` first. */
  addWebhookEndpoint: (url: string, events: string[]): Promise<AddedEndpoint> => unwrap(() => commands.addWebhookEndpoint(url, events)),
  /** Resolves to how many undelivered messages were dropped with it. */
  removeWebhookEndpoint: (id: WebhookEndpointId): Promise<number> => unwrap(() => commands.removeWebhookEndpoint(id)),
  enableWebhookEndpoint: (id: WebhookEndpointId): Promise<null> => unwrap(() => commands.enableWebhookEndpoint(id)),
  /** Nothing new is owed to it while disabled; what it is owed waits. */
  disableWebhookEndpoint: (id: WebhookEndpointId): Promise<null> => unwrap(() => commands.disableWebhookEndpoint(id)),
  // Inventory: stock per SKU and location, changes by hand and counts from a file.
  inventoryView: (query: InventoryQuery): Promise<InventoryView> => unwrap(() => commands.inventoryView(query)),
  /** All or none; a change that would leave less than nothing on the shelf is `invalid_input`. */
  changeStock: (changes: StockChange[]): Promise<StockOutcome> => unwrap(() => commands.changeStock(changes)),
  /** A file with bad rows changes nothing: they come back in `errors` (not as an error). */
  importCounts: (csv: string, location: LocationId | null): Promise<CountImport> => unwrap(() => commands.importCounts(csv, location)),
  // Locations & partners: where orders ship from, and how much each can take a day.
  locationsView: (): Promise<LocationView[]> => unwrap(() => commands.locationsView()),
  /** Refused with a message starting with the field (`name: …`, `country: …`). */
  addLocation: (location: NewLocation): Promise<LocationId> => unwrap(() => commands.addLocation(location)),
  /** `null` is no limit. */
  setLocationCapacity: (id: LocationId, capacity: number | null): Promise<null> => unwrap(() => commands.setLocationCapacity(id, capacity)),
  // Partners: how each is keeping up, its latest hand-offs, and routing refused orders again.
  partnersView: (): Promise<PartnersView> => unwrap(() => commands.partnersView()),
  /** Newest first; `not_found` for a location that does not exist. */
  partnerHandoffs: (location: LocationId, limit: number): Promise<ShipmentView[]> => unwrap(() => commands.partnerHandoffs(location, limit)),
  /**
   * Releases each order's partner_rejected / out_of_stock / unroutable hold and routes it again,
   * never back to a partner that rejected it; other orders are refused one by one. An order that
   * still cannot be placed is applied but held again with the new reason.
   */
  rerouteOrders: (ids: string[]): Promise<BulkOutcome> => unwrap(() => commands.rerouteOrders(ids)),
  /**
   * A partner's confirmation entered by hand (a drop-ship vendor emailed the tracking): the
   * shipment is recorded shipped in that one parcel, its units leave stock, the order moves on
   * and the tracking is owed to the channel. Refused with a message starting with the field
   * (`carrier: …`, `tracking: …`), or `not_allowed` when the shipment is no longer open.
   */
  confirmShipment: (shipment: string, carrier: string, tracking: string): Promise<null> =>
    unwrap(() => commands.confirmShipment(shipment, carrier, tracking)),
  /** Subscribes to committed order changes; resolves to the unsubscribe function. */
  onOrdersChanged: (cb: (change: OrdersChanged) => void): Promise<() => void> =>
    events.ordersChanged.listen((e) => cb(e.payload)),
};

export type Api = typeof api;
