-- Retrain requests already handled, by their request id: a request delivered again, or published again under a new
-- message id, queues no second job.
CREATE TABLE retrain_requests (
    request_id  uuid        PRIMARY KEY,
    tenant      text        NOT NULL,
    model       text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
