-- The drift reference of every model version seen: its manifest as the registry holds it.
CREATE TABLE model_versions (
    tenant     text        NOT NULL,
    model      text        NOT NULL,
    version    integer     NOT NULL,
    manifest   jsonb       NOT NULL,
    fetched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, model, version)
);

-- What each model serves now, as the registry last announced it.
CREATE TABLE deployments (
    tenant             text             NOT NULL,
    model              text             NOT NULL,
    champion_version   integer,
    challenger_version integer,
    mode               text             NOT NULL,
    challenger_traffic double precision NOT NULL,
    changed_at         timestamptz      NOT NULL,
    PRIMARY KEY (tenant, model)
);

-- Live distributions in constant space: rows counted per bin of the reference profile, per time bucket.
-- series: 0 an input feature (bin -1 missing; for a categorical one the last bin is "other"), 1 the prediction
-- (feature ''), 2 the latency in fixed log-spaced bins (feature '').
CREATE TABLE bin_counts (
    tenant  text        NOT NULL,
    model   text        NOT NULL,
    version integer     NOT NULL,
    bucket  timestamptz NOT NULL,
    series  smallint    NOT NULL,
    feature text        NOT NULL,
    bin     smallint    NOT NULL,
    count   bigint      NOT NULL,
    PRIMARY KEY (tenant, model, version, bucket, series, feature, bin)
);

-- Ground truth joined to its prediction, one row per prediction (a corrected label replaces the first).
CREATE TABLE feedback (
    tenant        text             NOT NULL,
    prediction_id uuid             NOT NULL,
    model         text             NOT NULL,
    version       integer          NOT NULL,
    served_at     timestamptz      NOT NULL,
    recorded_at   timestamptz      NOT NULL,
    correct       boolean,
    squared_error double precision,
    PRIMARY KEY (tenant, prediction_id)
);
CREATE INDEX feedback_by_model ON feedback (tenant, model, version, served_at);
CREATE INDEX feedback_by_arrival ON feedback (tenant, model, recorded_at);

CREATE TABLE drift_reports (
    id         uuid        PRIMARY KEY,
    tenant     text        NOT NULL,
    model      text        NOT NULL,
    version    integer     NOT NULL,
    trigger    text        NOT NULL,
    window_from timestamptz NOT NULL,
    window_to  timestamptz NOT NULL,
    drifted    boolean     NOT NULL,
    report     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drift_reports_by_model ON drift_reports (tenant, model, created_at DESC);

-- Per model: the retraining policy and alert rules (null fields keep their defaults), and when it was last checked.
CREATE TABLE policies (
    tenant          text        NOT NULL,
    model           text        NOT NULL,
    policy          jsonb       NOT NULL,
    last_checked_at timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, model)
);

CREATE TABLE alerts (
    id             uuid             PRIMARY KEY,
    tenant         text             NOT NULL,
    model          text             NOT NULL,
    rule           jsonb            NOT NULL,
    rule_key       text             NOT NULL,
    state          text             NOT NULL,
    value          double precision NOT NULL,
    report_id      uuid             NOT NULL,
    last_report_id uuid             NOT NULL,
    opened_at      timestamptz      NOT NULL,
    resolved_at    timestamptz
);
CREATE UNIQUE INDEX alerts_one_open_per_rule ON alerts (tenant, model, rule_key) WHERE state = 'open';
CREATE INDEX alerts_by_state ON alerts (tenant, state, opened_at DESC);

-- Retrains this service asked for, and how each ended.
CREATE TABLE retrains (
    id                uuid        PRIMARY KEY,
    tenant            text        NOT NULL,
    model             text        NOT NULL,
    reason            text        NOT NULL,
    alert_id          uuid,
    report_id         uuid,
    production_since  timestamptz,
    requested_at      timestamptz NOT NULL,
    job_id            uuid,
    version           integer,
    outcome           text,
    comparison        jsonb,
    finished_at       timestamptz
);
CREATE INDEX retrains_by_model ON retrains (tenant, model, requested_at DESC);

-- The loop's decisions, each linked to what caused it: alert → report → retrain → job → version → promotion.
CREATE TABLE audit_entries (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text        NOT NULL,
    model      text        NOT NULL,
    action     text        NOT NULL,
    alert_id   uuid,
    report_id  uuid,
    retrain_id uuid,
    job_id     uuid,
    version    integer,
    detail     text        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_entries_by_model ON audit_entries (tenant, model, id);
