-- The bytes of uploaded CSV files, stored once per tenant and SHA-256 however many versions share them.
CREATE TABLE dataset_contents (
    tenant text   NOT NULL,
    sha256 bytea  NOT NULL,
    bytes  bigint NOT NULL,
    PRIMARY KEY (tenant, sha256)
);

-- The bytes themselves, in chunks of about 1 MiB read back in seq order.
CREATE TABLE dataset_content_chunks (
    tenant text    NOT NULL,
    sha256 bytea   NOT NULL,
    seq    integer NOT NULL,
    data   bytea   NOT NULL,
    PRIMARY KEY (tenant, sha256, seq),
    FOREIGN KEY (tenant, sha256) REFERENCES dataset_contents (tenant, sha256)
);

-- Versions number 1, 2, 3… per dataset name; one version per distinct content. Both unique keys make
-- concurrent uploads retry instead of duplicating a number or a content.
CREATE TABLE dataset_versions (
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    version    integer     NOT NULL,
    sha256     bytea       NOT NULL,
    row_count  bigint      NOT NULL,
    label      text        NOT NULL,
    schema     jsonb       NOT NULL,
    profile    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, name, version),
    UNIQUE (tenant, name, sha256),
    FOREIGN KEY (tenant, sha256) REFERENCES dataset_contents (tenant, sha256)
);
