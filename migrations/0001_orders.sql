-- Waybill's first schema: channels, locations, orders (the aggregate as JSON plus the columns the
-- queue filters and sorts on), their event log, per-status counts and full-text search.
-- Times are INTEGER milliseconds since the Unix epoch (UTC); money is INTEGER minor units.

CREATE TABLE channels (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE locations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country     TEXT NOT NULL
) STRICT;

-- `seq` is the rowid: the tie-breaker of every keyset page and the key of the search index.
-- `body` is the whole order; the other columns are projections of it for the queue.
CREATE TABLE orders (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    channel_id     TEXT NOT NULL REFERENCES channels (id),
    external_id    TEXT NOT NULL,
    number         TEXT NOT NULL,
    status         TEXT NOT NULL,
    customer_name  TEXT NOT NULL,
    customer_email TEXT,
    ship_city      TEXT NOT NULL,
    ship_country   TEXT NOT NULL,
    item_count     INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    placed_at      INTEGER NOT NULL,
    ship_by        INTEGER,
    location_id    TEXT REFERENCES locations (id),
    carrier        TEXT,
    service        TEXT,
    hold_reason    TEXT,
    tags           TEXT NOT NULL,
    skus           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    body           TEXT NOT NULL,
    -- placed_at in seconds << 31 | seq: unique, and ordered by placement (then import order
    -- within a second). It is the search index's rowid, so a search sorted by date streams
    -- its matches in date order instead of sorting them all.
    search_key     INTEGER NOT NULL UNIQUE,
    UNIQUE (channel_id, external_id)
) STRICT;

-- One index per (tab, sort) the queue offers; rowid (seq) is implicitly the last column.
CREATE INDEX orders_placed ON orders (placed_at);
CREATE INDEX orders_status_placed ON orders (status, placed_at);
CREATE INDEX orders_status_ship_by ON orders (status, ifnull(ship_by, 253402300799999));
CREATE INDEX orders_ship_by ON orders (ifnull(ship_by, 253402300799999));
CREATE INDEX orders_status_total ON orders (status, total);
CREATE INDEX orders_total ON orders (total);
CREATE INDEX orders_channel_status ON orders (channel_id, status, placed_at);
CREATE INDEX orders_location_status ON orders (location_id, status, placed_at) WHERE location_id IS NOT NULL;
-- Held orders are few: one partial index per sort keeps "hold reason + any sort" a seek.
CREATE INDEX orders_hold_placed ON orders (hold_reason, status, placed_at) WHERE hold_reason IS NOT NULL;
CREATE INDEX orders_hold_ship_by ON orders (hold_reason, status, ifnull(ship_by, 253402300799999)) WHERE hold_reason IS NOT NULL;
CREATE INDEX orders_hold_total ON orders (hold_reason, status, total) WHERE hold_reason IS NOT NULL;
CREATE INDEX orders_carrier_status ON orders (carrier, status, placed_at) WHERE carrier IS NOT NULL;

CREATE TABLE order_tags (
    tag       TEXT NOT NULL,
    order_seq INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
    PRIMARY KEY (tag, order_seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_tags_order ON order_tags (order_seq);

CREATE TABLE order_events (
    seq      INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    data     TEXT NOT NULL
) STRICT;
CREATE INDEX order_events_order ON order_events (order_id, seq);

-- Tab counts per channel without scanning a million rows: kept exact by triggers.
CREATE TABLE status_counts (
    channel_id TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (channel_id, status)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER orders_count_insert AFTER INSERT ON orders BEGIN
    INSERT INTO status_counts (channel_id, status, n) VALUES (NEW.channel_id, NEW.status, 1)
    ON CONFLICT (channel_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN
    UPDATE status_counts SET n = n - 1 WHERE channel_id = OLD.channel_id AND status = OLD.status;
END;
CREATE TRIGGER orders_count_update AFTER UPDATE OF status, channel_id ON orders
WHEN OLD.status <> NEW.status OR OLD.channel_id <> NEW.channel_id BEGIN
    UPDATE status_counts SET n = n - 1 WHERE channel_id = OLD.channel_id AND status = OLD.status;
    INSERT INTO status_counts (channel_id, status, n) VALUES (NEW.channel_id, NEW.status, 1)
    ON CONFLICT (channel_id, status) DO UPDATE SET n = n + 1;
END;

-- Full-text search over number, customer name, email and SKUs (external content: no copy).
CREATE VIRTUAL TABLE orders_fts USING fts5 (
    number, customer_name, customer_email, skus,
    content = 'orders', content_rowid = 'search_key',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER orders_fts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_fts (rowid, number, customer_name, customer_email, skus)
    VALUES (NEW.search_key, NEW.number, NEW.customer_name, NEW.customer_email, NEW.skus);
END;
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, number, customer_name, customer_email, skus)
    VALUES ('delete', OLD.search_key, OLD.number, OLD.customer_name, OLD.customer_email, OLD.skus);
END;
CREATE TRIGGER orders_fts_update AFTER UPDATE OF number, customer_name, customer_email, skus ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, number, customer_name, customer_email, skus)
    VALUES ('delete', OLD.search_key, OLD.number, OLD.customer_name, OLD.customer_email, OLD.skus);
    INSERT INTO orders_fts (rowid, number, customer_name, customer_email, skus)
    VALUES (NEW.search_key, NEW.number, NEW.customer_name, NEW.customer_email, NEW.skus);
END;

-- Small workspace settings (demo storefront cursor, operator name…).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
