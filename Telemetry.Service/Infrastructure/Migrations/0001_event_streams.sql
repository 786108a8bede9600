-- Free-form event streams: one row per accepted JSON object, stamped with the server's time.
CREATE TABLE stream_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    tenant      text        NOT NULL,
    stream      text        NOT NULL,
    received_at timestamptz NOT NULL,
    payload     jsonb       NOT NULL,
    -- Reads are per stream in id order; one btree keeps ingest fast.
    PRIMARY KEY (tenant, stream, id)
);
-- Rows arrive in time order, so a BRIN index narrows time windows at almost no cost to ingest.
CREATE INDEX stream_events_by_time ON stream_events USING brin (received_at);

-- A client's Idempotency-Key and the result it got, so a replay is answered the same and stores nothing.
CREATE TABLE stream_idempotency_keys (
    tenant         text        NOT NULL,
    stream         text        NOT NULL,
    key            text        NOT NULL,
    request_sha256 bytea       NOT NULL,
    accepted       integer     NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, stream, key)
);
