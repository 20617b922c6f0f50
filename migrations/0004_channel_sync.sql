-- Channels as configured, scheduled things: each API channel's non-secret settings, whether a
-- person paused it, how often it syncs, and how its syncs went. Secrets (tokens, keys) are never
-- stored here: only the names of the ones kept in the credential store (OS keychain or an
-- encrypted file). The sync cursor stays where 0001 put it (meta `sync.cursor.<channel>`), so the
-- import and its cursor keep committing together.
-- Times are INTEGER milliseconds since the Unix epoch (UTC), as in 0001.

CREATE TABLE channel_config (
    channel_id      TEXT PRIMARY KEY REFERENCES channels (id),
    -- JSON object of setting name to text (shop domain, base URL, location id, ...).
    settings        TEXT NOT NULL DEFAULT '{}',
    -- JSON array of the names of the secrets held in the credential store for this channel.
    secret_keys     TEXT NOT NULL DEFAULT '[]',
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    sync_every_secs INTEGER NOT NULL DEFAULT 60 CHECK (sync_every_secs > 0)
) STRICT;

-- One row per channel once it has been synced (by the schedule, by hand, or from the CLI).
CREATE TABLE channel_sync_state (
    channel_id      TEXT PRIMARY KEY REFERENCES channels (id),
    -- The last attempt, whatever its outcome.
    last_sync_at    INTEGER,
    last_success_at INTEGER,
    -- What the last attempt failed with; NULL after a success.
    last_error      TEXT,
    -- Counts of the last successful run, and since the channel was added.
    last_imported   INTEGER NOT NULL DEFAULT 0,
    last_updated    INTEGER NOT NULL DEFAULT 0,
    total_imported  INTEGER NOT NULL DEFAULT 0,
    total_updated   INTEGER NOT NULL DEFAULT 0
) STRICT;
