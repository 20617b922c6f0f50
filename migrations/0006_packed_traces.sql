-- Rule traces are the largest thing Waybill writes per order (about 5 KB of JSON for the demo
-- ruleset, five times the order itself). New runs store the trace LZ4-compressed here instead
-- of as text in `trace`, which stays readable for runs recorded before this migration.
ALTER TABLE order_rule_runs ADD COLUMN trace_lz4 BLOB;
