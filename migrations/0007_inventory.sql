-- Inventory as the single source of truth, and where each order (or each part of it) ships from.
--
-- Stock is kept per (location, SKU) as on hand and reserved; available = on_hand - reserved is
-- derived, never stored, so it cannot drift. A reservation is a shipment line: routing writes an
-- order's shipments and raises `reserved` in the same transaction, so two orders can never take
-- the same last unit, and `reserved` always equals the sum of the open shipments' lines (a
-- test checks exactly that). Only SKUs in the product catalogue are stock-checked; a SKU the
-- catalogue does not know ships without a reservation, as before inventory existed.
-- Times are INTEGER milliseconds since the Unix epoch (UTC), as in 0001.

CREATE TABLE products (
    sku         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    weight_g    INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    length_mm   INTEGER,
    width_mm    INTEGER,
    height_mm   INTEGER,
    -- JSON array of normalised tags (`["hazmat","oversized"]`).
    tags        TEXT NOT NULL DEFAULT '[]',
    -- Available at or below this is "low stock" on the Inventory screen.
    low_stock_at INTEGER NOT NULL DEFAULT 5 CHECK (low_stock_at >= 0),
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE stock_levels (
    location_id TEXT NOT NULL REFERENCES locations (id),
    sku         TEXT NOT NULL,
    on_hand     INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved    INTEGER NOT NULL CHECK (reserved >= 0),
    updated_at  INTEGER NOT NULL,
    -- SKU first: routing reads a SKU's rows at every location, and one index is one B-tree to
    -- update per reservation, not two.
    PRIMARY KEY (sku, location_id)
) STRICT, WITHOUT ROWID;

-- Every change people, files and partners make to a stock row, before and after, and why: the
-- audit of adjustments, counts and reconciliations. Reservations, releases and shipments are not
-- repeated here row by row: the shipments and their lines are their record.
CREATE TABLE stock_movements (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    -- adjusted | counted | reconciled
    kind            TEXT NOT NULL,
    location_id     TEXT NOT NULL,
    sku             TEXT NOT NULL,
    on_hand_before  INTEGER NOT NULL,
    on_hand_after   INTEGER NOT NULL,
    reserved_before INTEGER NOT NULL,
    reserved_after  INTEGER NOT NULL,
    order_id        TEXT,
    -- Adjustments: received | returned | damaged | lost | found | correction | other.
    reason          TEXT,
    note            TEXT,
    -- Who: `user:…`, `system`, a reconciliation's source.
    actor           TEXT
) STRICT;

CREATE INDEX stock_movements_sku ON stock_movements (sku, at);
CREATE INDEX stock_movements_at ON stock_movements (at);

-- An order's parts: each ships whole from one location. A partner location's shipment is handed
-- off through the outbox (kind `handoff`, key = the shipment id) and moves on with the partner's
-- confirmations.
CREATE TABLE shipments (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    -- 1, 2, ... within the order.
    seq             INTEGER NOT NULL,
    location_id     TEXT NOT NULL REFERENCES locations (id),
    status          TEXT NOT NULL CHECK (status IN
                    ('reserved', 'handed_off', 'accepted', 'shipped', 'rejected', 'cancelled')),
    -- The partner's own id for it, once it has one.
    partner_ref     TEXT,
    carrier         TEXT,
    tracking        TEXT,
    -- The partner's reason when it rejected the shipment.
    note            TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    handed_off_at   INTEGER,
    acknowledged_at INTEGER,
    shipped_at      INTEGER,
    UNIQUE (order_id, seq)
) STRICT;

CREATE INDEX shipments_open ON shipments (location_id, status)
    WHERE status IN ('reserved', 'handed_off', 'accepted');

CREATE TABLE shipment_lines (
    shipment_id TEXT NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    -- Index of the order line.
    line        INTEGER NOT NULL,
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    -- Whether routing reserved stock for it (the SKU is in the catalogue).
    tracked     INTEGER NOT NULL CHECK (tracked IN (0, 1)),
    PRIMARY KEY (shipment_id, line)
) STRICT, WITHOUT ROWID;

-- Location settings for routing and partners. `settings` holds a partner adapter's non-secret
-- configuration (base URL, marketplace, folder); its secrets live in the credential store.
ALTER TABLE locations ADD COLUMN daily_capacity INTEGER CHECK (daily_capacity IS NULL OR daily_capacity >= 0);
ALTER TABLE locations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE locations ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- Shipments each location has taken per UTC day, against its daily capacity.
CREATE TABLE location_load (
    location_id TEXT NOT NULL REFERENCES locations (id),
    day         INTEGER NOT NULL,
    shipments   INTEGER NOT NULL,
    PRIMARY KEY (location_id, day)
) STRICT, WITHOUT ROWID;

-- Which locations feed a channel's stock, and the units per SKU kept back from it.
CREATE TABLE channel_stock_feeds (
    channel_id  TEXT NOT NULL REFERENCES channels (id),
    location_id TEXT NOT NULL REFERENCES locations (id),
    PRIMARY KEY (channel_id, location_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE channel_stock_settings (
    channel_id  TEXT PRIMARY KEY REFERENCES channels (id),
    buffer      INTEGER NOT NULL DEFAULT 0 CHECK (buffer >= 0),
    push_stock  INTEGER NOT NULL DEFAULT 1 CHECK (push_stock IN (0, 1))
) STRICT;

-- What each channel was last told (or is about to be told) it may sell of a SKU. A push still
-- pending in the outbox is coalesced: a later change rewrites that effect's quantity instead of
-- queueing a second push; `version` numbers the pushes of a (channel, SKU) for their keys.
CREATE TABLE channel_stock (
    channel_id  TEXT NOT NULL REFERENCES channels (id),
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    -- The outbox row carrying the latest push, and the due time it was queued with: a row
    -- whose due time has moved was claimed by a worker, and is no longer rewritten.
    effect_id   INTEGER,
    due_at      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, sku)
) STRICT, WITHOUT ROWID;

-- Each partner's exchanges, for its health: the last success and error, and counts in the
-- current window (the error rate).
CREATE TABLE partner_state (
    location_id     TEXT PRIMARY KEY REFERENCES locations (id),
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER,
    last_sync_at    INTEGER,
    window_start    INTEGER NOT NULL,
    exchanges       INTEGER NOT NULL DEFAULT 0,
    failures        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Parcels a partner reported for a shipment. The tracking number is the key, so a report
-- read twice records (and writes back to the channel) each parcel once.
CREATE TABLE shipment_packages (
    shipment_id TEXT NOT NULL REFERENCES shipments (id),
    tracking    TEXT NOT NULL,
    carrier     TEXT NOT NULL,
    shipped_at  INTEGER NOT NULL,
    -- JSON array of [sku, quantity].
    lines       TEXT NOT NULL,
    PRIMARY KEY (shipment_id, tracking)
) STRICT, WITHOUT ROWID;
