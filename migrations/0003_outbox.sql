-- The transactional outbox: every effect Waybill owes the outside world (tracking and
-- cancellation pushes, stock levels, outbound webhooks), written in the same transaction as the
-- change that caused it and delivered later by a worker. Offline, this table simply grows.
-- Times are INTEGER milliseconds since the Unix epoch (UTC), as in 0001.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('fulfillment', 'cancellation', 'stock', 'webhook')),
    channel_id      TEXT NOT NULL REFERENCES channels (id),
    order_id        TEXT REFERENCES orders (id),
    -- Sent with every attempt of this effect, so a retry after a time-out is not a second push.
    idempotency_key TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Due time; a worker that claims the row moves it forward by a lease, so a crashed worker's
    -- claim expires and another picks the effect up again (the key keeps that harmless).
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    -- What the channel called what it created (fulfillment ids), when it said.
    reference       TEXT,
    -- Fulfillments: delivered_at minus the time the goods shipped (tracking write-back delay).
    write_back_ms   INTEGER,
    -- A person marked it done without delivering it: who and why.
    skipped_by      TEXT,
    skip_reason     TEXT
) STRICT;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_order ON outbox (order_id, id) WHERE order_id IS NOT NULL;
