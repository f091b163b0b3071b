-- Training jobs: one row per StartJob; the worker moves it through its states.
CREATE TABLE training_job (
    id                 UUID PRIMARY KEY,
    model_name         VARCHAR(128) NOT NULL,
    method             VARCHAR(32)  NOT NULL,
    state              VARCHAR(32)  NOT NULL,
    phase              VARCHAR(32)  NOT NULL,
    dataset_id         VARCHAR(64)  NOT NULL,
    snapshot_id        VARCHAR(64)  NOT NULL DEFAULT '',
    preset             VARCHAR(32)  NOT NULL,
    -- Effective hyperparameters (preset + overrides) as a JSON object of strings.
    config_json        TEXT         NOT NULL,
    -- StartJob's preprocessing override and backbone id (protobuf JSON; '' = none).
    preprocessing_json TEXT         NOT NULL DEFAULT '',
    backbone_id        VARCHAR(128) NOT NULL DEFAULT '',
    activate           BOOLEAN      NOT NULL DEFAULT FALSE,
    seed               BIGINT       NOT NULL,
    error              TEXT         NOT NULL DEFAULT '',
    registered_version INTEGER      NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ  NOT NULL,
    started_at         TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ
);
CREATE INDEX training_job_state_idx ON training_job (state);
CREATE INDEX training_job_created_idx ON training_job (created_at DESC);

-- Registered model versions; a row exists only once its folder was moved into place.
CREATE TABLE model_version (
    model_name    VARCHAR(128) NOT NULL,
    version       INTEGER      NOT NULL,
    method        VARCHAR(32)  NOT NULL,
    job_id        UUID,
    snapshot_id   VARCHAR(64)  NOT NULL,
    -- The manifest as written to manifest.json (protobuf JSON), for listing without disk reads.
    manifest_json TEXT         NOT NULL,
    active        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model_name, version)
);
-- At most one active version per model.
CREATE UNIQUE INDEX model_version_one_active ON model_version (model_name) WHERE active;
