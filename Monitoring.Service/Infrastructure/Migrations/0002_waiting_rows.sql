-- Logged rows of a version whose reference could not be fetched yet (the registry was unreachable): kept here and
-- counted once it can be.
CREATE TABLE waiting_rows (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        NOT NULL,
    model       text        NOT NULL,
    version     integer     NOT NULL,
    rows        jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
