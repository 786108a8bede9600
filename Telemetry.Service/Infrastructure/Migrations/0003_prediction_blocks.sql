-- The prediction log as blocks: each row of prediction_blocks holds one model version's predictions of one UTC
-- hour as a Parquet file, written once. What the queries need is computed as a block is stored: per-minute
-- roll-ups (prediction_minutes), the block's id range and sorted ids (to find a prediction's block from its id),
-- and its input columns' names. Ground truth lives beside the blocks, one row per labelled prediction.
-- The row-per-prediction tables stay readable under legacy_ names until their rows are converted to blocks.
ALTER TABLE predictions RENAME TO legacy_predictions;
ALTER TABLE prediction_keys RENAME TO legacy_prediction_keys;

CREATE TYPE prediction_id_range AS RANGE (subtype = uuid);

CREATE TABLE prediction_blocks (
    block_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant       text                NOT NULL,
    model        text                NOT NULL,
    version      integer             NOT NULL,
    -- The UTC hour every row of the block was served in.
    hour         timestamptz         NOT NULL,
    first_served timestamptz         NOT NULL,
    last_served  timestamptz         NOT NULL,
    ids          prediction_id_range NOT NULL,
    row_count    integer             NOT NULL CHECK (row_count > 0),
    inputs       text[]              NOT NULL,
    -- The rows' prediction ids, 16 bytes each in ascending order: a membership test without decoding the block.
    sorted_ids   bytea               NOT NULL,
    data         bytea               NOT NULL,
    logged_at    timestamptz         NOT NULL
);

-- Both byte columns are compressed already (or random): stored out of line as they are.
ALTER TABLE prediction_blocks ALTER COLUMN sorted_ids SET STORAGE EXTERNAL, ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE INDEX prediction_blocks_by_hour ON prediction_blocks (tenant, model, hour);
CREATE INDEX prediction_blocks_by_last_served ON prediction_blocks (tenant, model, last_served);
CREATE INDEX prediction_blocks_by_id ON prediction_blocks USING gist (ids);

-- One row per minute, model version, route and class ('' for none): what statistics add up.
CREATE TABLE prediction_minutes (
    tenant         text             NOT NULL,
    model          text             NOT NULL,
    minute         timestamptz      NOT NULL,
    version        integer          NOT NULL,
    route          text             NOT NULL,
    label          text             NOT NULL,
    requests       bigint           NOT NULL,
    errors         bigint           NOT NULL,
    latency_sum    double precision NOT NULL,
    -- A sparse latency histogram on logarithmic bins (LatencyHistogram): the bins used and their counts.
    latency_bins   integer[]        NOT NULL,
    latency_counts bigint[]         NOT NULL,
    -- Ten bins of the highest class probability over [0, 1].
    confidence     bigint[]         NOT NULL,
    labelled       bigint           NOT NULL DEFAULT 0,
    -- Labelled rows with a class, those whose class was right, and labelled rows with a value.
    classified     bigint           NOT NULL DEFAULT 0,
    correct        bigint           NOT NULL DEFAULT 0,
    regressed      bigint           NOT NULL DEFAULT 0,
    squared_error  double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, model, minute, version, route, label)
);

CREATE FUNCTION add_counts(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t (x, y, i)
$$;

CREATE FUNCTION merge_bins(bins integer[], counts bigint[], more_bins integer[], more_counts bigint[],
                           OUT merged_bins integer[], OUT merged_counts bigint[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(bin ORDER BY bin), array_agg(count ORDER BY bin)
    FROM (SELECT bin, sum(count)::bigint AS count
          FROM unnest(bins || more_bins, counts || more_counts) AS t (bin, count)
          GROUP BY bin) AS merged
$$;

-- Ground truth, whether or not its prediction is logged yet. Once it is, the prediction's fields are copied here
-- (block_id and the rest are null while pending), so statistics, joins and exports need no block to be decoded.
CREATE TABLE prediction_labels (
    tenant          text             NOT NULL,
    prediction_id   uuid             NOT NULL,
    actual          text             NOT NULL,
    actual_value    double precision,
    labelled_at     timestamptz      NOT NULL,
    block_id        bigint,
    model           text,
    version         integer,
    route           text,
    label           text,
    value           double precision,
    served_at       timestamptz,
    PRIMARY KEY (tenant, prediction_id)
);

CREATE INDEX prediction_labels_pending ON prediction_labels (tenant, prediction_id) WHERE block_id IS NULL;
CREATE INDEX prediction_labels_by_model ON prediction_labels (tenant, model, served_at, prediction_id) WHERE block_id IS NOT NULL;
