-- Partner hand-offs in the outbox are counted per location on the partner screen (pending and
-- dead ones) and claimed per location by the partner worker.
CREATE INDEX outbox_location ON outbox (location_id, status) WHERE location_id IS NOT NULL;
