-- The prediction log: one row per logged prediction, partitioned by the UTC day it was served on, so a time
-- window reads only its days and old days can be dropped whole. Day partitions are created on demand
-- (PredictionPartitions), as plain tables attached to this one.
CREATE TABLE predictions (
    tenant        text             NOT NULL,
    prediction_id uuid             NOT NULL,
    model         text             NOT NULL,
    version       integer          NOT NULL,
    route         text             NOT NULL CHECK (route IN ('champion', 'challenger', 'shadow')),
    inputs        jsonb            NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
    label         text,
    value         double precision,
    probabilities jsonb,
    -- The highest class probability; null when the model gave none.
    confidence    double precision,
    latency_ms    double precision NOT NULL,
    -- Why serving failed, for rows logged as failures; such rows have no output.
    error         text,
    served_at     timestamptz      NOT NULL,
    logged_at     timestamptz      NOT NULL,
    -- Ground truth, copied from prediction_keys once joined so statistics and exports need no join.
    actual        text,
    actual_value  double precision,
    labelled_at   timestamptz,
    PRIMARY KEY (tenant, prediction_id, served_at)
) PARTITION BY RANGE (served_at);

-- Statistics and exports read one model's rows over a time window.
CREATE INDEX predictions_by_model ON predictions (tenant, model, served_at);

-- One row per prediction id a tenant has mentioned, by logging the prediction, by sending its ground truth, or both.
-- Both sides write this row, so they serialize on it and the label is joined whichever arrives second; it also keeps
-- each prediction id stored once, whatever day a repeated row claims.
CREATE TABLE prediction_keys (
    tenant          text             NOT NULL,
    prediction_id   uuid             NOT NULL,
    -- The logged prediction; null while only its ground truth is known.
    served_at       timestamptz,
    model           text,
    version         integer,
    label           text,
    value           double precision,
    -- The latest ground truth; null while only the prediction is known.
    actual          text,
    actual_value    double precision,
    labelled_at     timestamptz,
    -- The ground truth the latest one replaced.
    replaced_actual text,
    PRIMARY KEY (tenant, prediction_id)
);
