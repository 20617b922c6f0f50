-- Rules runs keep their decision and trace packed (`decision_packed`, `trace_packed`): positions
-- in the ruleset version that ran plus the values conditions saw, a few hundred bytes instead of
-- ~1 KB of decision JSON and ~2 KB of compressed trace. Names and descriptions are read from
-- that version (kept in `rulesets`) when the order is shown. Runs recorded before keep their
-- JSON `decision` and text or LZ4 `trace`, still read, so `decision` may now be NULL.
CREATE TABLE order_rule_runs_packed (
    order_id        TEXT PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    ruleset_version INTEGER NOT NULL,
    ran_at          INTEGER NOT NULL,
    cause           TEXT NOT NULL,
    decision        TEXT,
    trace           TEXT,
    trace_lz4       BLOB,
    decision_packed BLOB,
    trace_packed    BLOB,
    CHECK (decision IS NOT NULL OR decision_packed IS NOT NULL)
) STRICT;
INSERT INTO order_rule_runs_packed (order_id, ruleset_version, ran_at, cause, decision, trace, trace_lz4)
SELECT order_id, ruleset_version, ran_at, cause, decision, trace, trace_lz4 FROM order_rule_runs;
DROP TABLE order_rule_runs;
ALTER TABLE order_rule_runs_packed RENAME TO order_rule_runs;
