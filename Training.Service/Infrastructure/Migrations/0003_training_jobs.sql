-- Training jobs: queued by the API, claimed by a worker, finished with a result. A running job whose worker
-- stopped beating is queued again (or failed after its attempts), so no job stays running forever.
CREATE TABLE training_jobs (
    id                  uuid        PRIMARY KEY,
    tenant              text        NOT NULL,
    model               text        NOT NULL,
    status              text        NOT NULL,
    spec                jsonb       NOT NULL,
    created_by          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    heartbeat_at        timestamptz,
    attempts            integer     NOT NULL DEFAULT 0,
    cancel_requested    boolean     NOT NULL DEFAULT false,
    trials_planned      integer,
    trials_done         integer     NOT NULL DEFAULT 0,
    best                jsonb,
    result              jsonb
);
CREATE INDEX training_jobs_by_tenant ON training_jobs (tenant, created_at DESC);
CREATE INDEX training_jobs_queued ON training_jobs (created_at) WHERE status = 'queued';
