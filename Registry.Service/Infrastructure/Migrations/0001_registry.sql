-- Registered models: one row per tenant and name, created with the model's first version. The row also holds
-- the deployment (traffic split) and the champions it replaced, so a rollback knows where to go back to.
CREATE TABLE registered_models (
    tenant             text             NOT NULL,
    name               text             NOT NULL,
    description        text,
    tags               jsonb            NOT NULL DEFAULT '{}',
    deployment_mode    text             NOT NULL DEFAULT 'single' CHECK (deployment_mode IN ('single', 'canary', 'shadow')),
    challenger_traffic double precision NOT NULL DEFAULT 0 CHECK (challenger_traffic BETWEEN 0 AND 1),
    previous_champions integer[]        NOT NULL DEFAULT '{}',
    created_at         timestamptz      NOT NULL,
    updated_at         timestamptz      NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- Package bytes, stored once per tenant and content however many versions share them.
CREATE TABLE artifacts (
    tenant     text        NOT NULL,
    sha256     text        NOT NULL,
    size       bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, sha256)
);

CREATE TABLE artifact_chunks (
    tenant text    NOT NULL,
    sha256 text    NOT NULL,
    seq    integer NOT NULL,
    data   bytea   NOT NULL,
    PRIMARY KEY (tenant, sha256, seq),
    FOREIGN KEY (tenant, sha256) REFERENCES artifacts ON DELETE CASCADE
);
-- A package is a zip, already compressed: keep TOAST from trying again.
ALTER TABLE artifact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE model_versions (
    tenant      text        NOT NULL,
    model       text        NOT NULL,
    version     integer     NOT NULL,
    sha256      text        NOT NULL,
    size        bigint      NOT NULL,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    description text,
    tags        jsonb       NOT NULL DEFAULT '{}',
    manifest    jsonb       NOT NULL,
    metrics     jsonb       NOT NULL,
    lineage     jsonb       NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, model, version),
    FOREIGN KEY (tenant, model) REFERENCES registered_models,
    FOREIGN KEY (tenant, sha256) REFERENCES artifacts
);

CREATE TABLE model_aliases (
    tenant     text        NOT NULL,
    model      text        NOT NULL,
    alias      text        NOT NULL,
    version    integer     NOT NULL,
    PRIMARY KEY (tenant, model, alias),
    FOREIGN KEY (tenant, model, version) REFERENCES model_versions
);

-- Every change of an alias or of the deployment: who (key id and tenant), when, what, from, to and why.
CREATE TABLE model_history (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    tenant     text        NOT NULL,
    model      text        NOT NULL,
    action     text        NOT NULL,
    alias      text,
    from_state jsonb,
    to_state   jsonb,
    reason     text,
    key_id     text,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, model, id)
);
