-- Experiment tracking with MLflow's data model: experiments hold runs; a run holds write-once params,
-- metrics with their full history, and mutable tags. Every row carries its tenant.
CREATE TABLE experiments (
    id              uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    name            text        NOT NULL,
    lifecycle_stage text        NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    tags            jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
-- A name is unique among a tenant's live experiments; deleted ones keep theirs until restored.
CREATE UNIQUE INDEX experiments_active_name ON experiments (tenant, name) WHERE lifecycle_stage = 'active';
CREATE INDEX experiments_by_name ON experiments (tenant, name, deleted_at);

CREATE TABLE runs (
    id              uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    experiment_id   uuid        NOT NULL REFERENCES experiments (id),
    name            text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
    start_time      timestamptz NOT NULL,
    end_time        timestamptz,
    lifecycle_stage text        NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    -- Equal to the experiment's deleted_at when the run was deleted with it, so restoring the experiment
    -- brings back exactly those runs.
    deleted_at      timestamptz
);
CREATE INDEX runs_by_experiment ON runs (tenant, experiment_id, start_time DESC, id);

CREATE TABLE params (
    tenant text NOT NULL,
    run_id uuid NOT NULL REFERENCES runs (id),
    key    text NOT NULL,
    value  text NOT NULL,
    PRIMARY KEY (tenant, run_id, key)
);

CREATE TABLE run_tags (
    tenant text NOT NULL,
    run_id uuid NOT NULL REFERENCES runs (id),
    key    text NOT NULL,
    value  text NOT NULL,
    PRIMARY KEY (tenant, run_id, key)
);

-- Every logged point; the same (key, step) may be logged more than once.
CREATE TABLE metrics (
    id        bigint           GENERATED ALWAYS AS IDENTITY,
    tenant    text             NOT NULL,
    run_id    uuid             NOT NULL REFERENCES runs (id),
    key       text             NOT NULL,
    value     double precision NOT NULL,
    step      bigint           NOT NULL,
    timestamp timestamptz      NOT NULL,
    PRIMARY KEY (tenant, run_id, key, id)
);

-- Each metric's latest point (highest step, then latest timestamp), kept in the logging transaction so
-- search and ordering never scan history.
CREATE TABLE latest_metrics (
    tenant    text             NOT NULL,
    run_id    uuid             NOT NULL REFERENCES runs (id),
    key       text             NOT NULL,
    value     double precision NOT NULL,
    step      bigint           NOT NULL,
    timestamp timestamptz      NOT NULL,
    PRIMARY KEY (tenant, run_id, key)
);
CREATE INDEX latest_metrics_by_key ON latest_metrics (tenant, key, value);
