-- Routing rules: every saved version of the ruleset, an audit of each rule edit, the latest
-- rules run of each order (decision + trace + the version that made them), daily hit counts,
-- and the hold projections the held-orders view and the timed-hold release read.

-- Every saved version; the highest is the one in force. Old versions are kept so an order's
-- decision can always be traced back to the rules that made it.
CREATE TABLE rulesets (
    version  INTEGER PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    saved_by TEXT NOT NULL
) STRICT;

-- One row per rule a save added, edited or removed: who, when, before and after (JSON).
CREATE TABLE rule_audit (
    seq       INTEGER PRIMARY KEY,
    version   INTEGER NOT NULL REFERENCES rulesets (version),
    rule_id   TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    change    TEXT NOT NULL CHECK (change IN ('added', 'edited', 'removed')),
    before    TEXT,
    after     TEXT,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL
) STRICT;
CREATE INDEX rule_audit_rule ON rule_audit (rule_id, seq);

-- The latest run of the rules on each order: why it is where it is.
CREATE TABLE order_rule_runs (
    order_id        TEXT PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    ruleset_version INTEGER NOT NULL,
    ran_at          INTEGER NOT NULL,
    cause           TEXT NOT NULL,
    decision        TEXT NOT NULL,
    trace           TEXT
) STRICT;

-- How often each rule matched, per UTC day: the editor's 7- and 30-day hit counts.
CREATE TABLE rule_hits (
    rule_id TEXT NOT NULL,
    day     INTEGER NOT NULL,
    hits    INTEGER NOT NULL,
    PRIMARY KEY (rule_id, day)
) STRICT, WITHOUT ROWID;

-- When the hold was placed and when it lifts itself (milliseconds), projected from the body.
ALTER TABLE orders ADD COLUMN held_at INTEGER;
ALTER TABLE orders ADD COLUMN hold_release_at INTEGER;
UPDATE orders SET
    held_at = CAST(round((julianday(json_extract(body, '$.hold.placed_at')) - 2440587.5) * 86400000) AS INTEGER),
    hold_release_at = CAST(round((julianday(json_extract(body, '$.hold.release_at')) - 2440587.5) * 86400000) AS INTEGER)
WHERE json_extract(body, '$.hold') IS NOT NULL;
CREATE INDEX orders_hold_release ON orders (hold_release_at) WHERE hold_release_at IS NOT NULL;
