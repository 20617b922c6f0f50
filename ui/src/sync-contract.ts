// TEMPORARY: the channels / outbox / connectivity commands and their types, written from the
// backend contract until tauri-specta generates them into bindings.ts. Same names and shapes as
// the generated ones will have, so switching is an import change in api.ts (and the mock and the
// screens' type imports); delete this file then.
import { invoke } from "@tauri-apps/api/core";
import type { AppError, ChannelId, ChannelKind, OrderId } from "./bindings";

/** The channels screen: every channel's sync state, the add forms, where secrets are kept. */
export type ChannelsOverview = {
  channels: ChannelStatus[];
  /** One per kind a person can add (shopify, woo_commerce, csv). */
  forms: ChannelForm[];
  credentials: CredentialStoreInfo;
};

export type ChannelStatus = {
  id: ChannelId;
  name: string;
  kind: ChannelKind;
  paused: boolean;
  /** A connector can be built here (credentials present). */
  configured: boolean;
  sync_every_secs: number;
  /** Non-secret settings only (shop domain, base URL, ...). */
  settings: Setting[];
  /** Keys of the secrets stored; values never leave the backend. */
  secrets_set: string[];
  /** Last attempt (success or failure). */
  last_sync_at: string | null;
  last_success_at: string | null;
  /** null when paused / not configured / a file channel. */
  next_sync_at: string | null;
  cursor: string | null;
  /** Of the last successful run. */
  last_imported: number;
  last_updated: number;
  /** Since the channel was added. */
  total_imported: number;
  total_updated: number;
  /** Of the last attempt; null after a success. */
  last_error: string | null;
  /** Orders the last sync could not import. */
  rejected: RejectedOrder[];
};

export type Setting = { key: string; value: string };

export type ChannelForm = { kind: ChannelKind; label: string; fields: FormField[] };

export type FormField = {
  key: string;
  label: string;
  /** A password input; stored in the credential store. */
  secret: boolean;
  required: boolean;
  placeholder: string;
  help: string | null;
};

export type CredentialBackend = "keychain" | "encrypted_file";

export type CredentialStoreInfo = { backend: CredentialBackend; notice: string | null };

/** Secrets are included as settings. */
export type NewChannel = { kind: ChannelKind; name: string; settings: Setting[] };

export type ConnectionCheck = { ok: boolean; message: string; took_ms: number };

export type Connectivity = {
  /** false when the last exchange with any channel failed at the network level. */
  online: boolean;
  /** When it became offline / online. */
  since: string | null;
  pending: number;
  dead: number;
  oldest_pending_at: string | null;
  last_error: string | null;
};

/** An order a sync saw but did not import, and why. */
export type RejectedOrder = { external_id: string; number: string | null; reason: string };

export type SyncReport = {
  pages: number;
  imported: number;
  updated: number;
  unchanged: number;
  /** Unreadable on the channel's side or refused by the import; the rest was imported. */
  rejected: RejectedOrder[];
};

export type EffectKind = "fulfillment" | "cancellation" | "stock" | "webhook";

export type EffectStatus = "pending" | "done" | "dead";

export type OutboxCounts = { pending: number; done: number; dead: number };

/** An outbox effect as the screen lists it: the row plus its order's number and channel's name. */
export type EffectView = {
  id: number;
  kind: EffectKind;
  channel_id: ChannelId;
  order_id: OrderId | null;
  idempotency_key: string;
  /** JSON; its shape belongs to the kind. */
  payload: string;
  status: EffectStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  reference: string | null;
  write_back_ms: number | null;
  skipped_by: string | null;
  skip_reason: string | null;
  order_number: string | null;
  channel_name: string;
};

/** Open effects (pending and dead, oldest first) with counts per status. */
export type OutboxView = { counts: OutboxCounts; effects: EffectView[] };

/** The tauri-specta runtime's result wrapping, as bindings.ts does it. */
async function typedError<T, E>(result: Promise<T>): Promise<{ status: "ok"; data: T } | { status: "error"; error: E }> {
  try {
    return { status: "ok", data: await result };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: "error", error: e as E };
  }
}

/** What `commands.*` in bindings.ts will hold for these commands (camelCase names and arguments). */
export const syncCommands = {
  channelsOverview: () => typedError<ChannelsOverview, AppError>(invoke("channels_overview")),
  addChannel: (channel: NewChannel) => typedError<ChannelStatus, AppError>(invoke("add_channel", { channel })),
  testConnection: (channel: NewChannel) => typedError<ConnectionCheck, AppError>(invoke("test_connection", { channel })),
  testChannel: (id: ChannelId) => typedError<ConnectionCheck, AppError>(invoke("test_channel", { id })),
  syncChannelNow: (id: ChannelId) => typedError<SyncReport, AppError>(invoke("sync_channel_now", { id })),
  setChannelPaused: (id: ChannelId, paused: boolean) =>
    typedError<ChannelStatus, AppError>(invoke("set_channel_paused", { id, paused })),
  outboxView: () => typedError<OutboxView, AppError>(invoke("outbox_view")),
  retryEffect: (id: number) => typedError<null, AppError>(invoke("retry_effect", { id })),
  skipEffect: (id: number, reason: string) => typedError<null, AppError>(invoke("skip_effect", { id, reason })),
  connectivity: () => typedError<Connectivity, AppError>(invoke("connectivity")),
};
