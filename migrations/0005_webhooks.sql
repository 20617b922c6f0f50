-- Webhooks in and out.
--
-- In: `waybill serve` takes channels' webhook deliveries; `webhook_receipts` remembers each
-- channel event id it has acted on, so a channel's retry or a replayed capture does nothing.
-- Out: endpoints a person configured receive order and sync events, signed the Standard Webhooks
-- way, through the outbox. An outbound webhook is owed to an endpoint, not a channel, so the
-- outbox is rebuilt with a nullable `channel_id` and an `endpoint_id`; the rebuild also makes
-- room for partner hand-offs (`handoff`, owed to a location) so they need no second rebuild.
-- Times are INTEGER milliseconds since the Unix epoch (UTC), as in 0001.

CREATE TABLE webhook_endpoints (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    -- `whsec_<base64>`: the signing key must be readable to sign, so it cannot be hashed. It is
    -- kept here until the workspace has a credential store; it moves there with channel secrets.
    secret      TEXT NOT NULL,
    -- Subscribed event types, comma-separated (`order.shipped,order.held`).
    events      TEXT NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    -- Why it was disabled (the endpoint answered 410 Gone), when it was.
    disabled_reason TEXT,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_receipts (
    channel_id  TEXT NOT NULL REFERENCES channels (id),
    event_id    TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, event_id)
) STRICT, WITHOUT ROWID;

-- Old receipts are pruned: a webhook is only a nudge to sync, so a very late replay is harmless.
CREATE INDEX webhook_receipts_age ON webhook_receipts (received_at);

-- The outbox, rebuilt (SQLite cannot drop NOT NULL or change a CHECK in place). Nothing
-- references `outbox`, so create, copy, drop, rename is safe with foreign keys on.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('fulfillment', 'cancellation', 'stock', 'webhook', 'handoff')),
    -- Who the effect is owed to: a channel, a webhook endpoint or a partner location.
    channel_id      TEXT REFERENCES channels (id),
    -- Removing an endpoint removes what was owed to it (and its delivery history).
    endpoint_id     TEXT REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    location_id     TEXT REFERENCES locations (id),
    order_id        TEXT REFERENCES orders (id),
    idempotency_key TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    reference       TEXT,
    write_back_ms   INTEGER,
    skipped_by      TEXT,
    skip_reason     TEXT,
    CHECK (channel_id IS NOT NULL OR endpoint_id IS NOT NULL OR location_id IS NOT NULL),
    CHECK (kind <> 'webhook' OR endpoint_id IS NOT NULL)
) STRICT;

INSERT INTO outbox_new (id, kind, channel_id, order_id, idempotency_key, payload, status,
    attempts, next_attempt_at, last_error, created_at, delivered_at, reference, write_back_ms,
    skipped_by, skip_reason)
SELECT id, kind, channel_id, order_id, idempotency_key, payload, status, attempts,
    next_attempt_at, last_error, created_at, delivered_at, reference, write_back_ms, skipped_by,
    skip_reason
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_order ON outbox (order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX outbox_endpoint ON outbox (endpoint_id);
