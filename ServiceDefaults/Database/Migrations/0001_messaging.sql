-- Transactional outbox: events written in the same transaction as the change they announce,
-- relayed to the broker by the outbox dispatcher.
CREATE TABLE outbox_messages (
    id              uuid        PRIMARY KEY,
    message_type    text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    dispatched_at   timestamptz
);
CREATE INDEX outbox_messages_pending ON outbox_messages (next_attempt_at) WHERE dispatched_at IS NULL;

-- Idempotent consumers: a message id a consumer has handled is recorded with the work it caused.
CREATE TABLE inbox_messages (
    message_id  uuid        NOT NULL,
    consumer    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
