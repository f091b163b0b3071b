-- Datasets, content-addressed image blobs, memberships with labels and masks, label history and
-- immutable snapshots. Enum-like columns are checked text so that rows read well in psql.

CREATE TABLE dataset (
    id          uuid         PRIMARY KEY,
    name        varchar(128) NOT NULL CONSTRAINT dataset_name_key UNIQUE
                             CONSTRAINT dataset_name_format CHECK (name ~ '^[A-Za-z0-9._-]{1,128}$'),
    description text         NOT NULL DEFAULT '',
    created_at  timestamptz  NOT NULL
);

-- Encoded image files (and mask PNGs), keyed by the SHA-256 of their bytes and shared by all
-- datasets and snapshots that reference them.
CREATE TABLE image_blob (
    sha256     varchar(64) PRIMARY KEY CONSTRAINT image_blob_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes      bytea       NOT NULL,
    width      integer     NOT NULL CHECK (width > 0),
    height     integer     NOT NULL CHECK (height > 0),
    channels   smallint    NOT NULL CHECK (channels IN (1, 3)),
    format     varchar(8)  NOT NULL CHECK (format IN ('PNG', 'JPEG', 'BMP')),
    byte_size  integer     NOT NULL CHECK (byte_size > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- PNG and JPEG are already compressed: store out of line without a pointless TOAST compression pass.
ALTER TABLE image_blob ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE SEQUENCE dataset_image_seq INCREMENT BY 50;

-- An image as a member of a dataset, with its current split, label (revisioned) and mask.
CREATE TABLE dataset_image (
    id             bigint       PRIMARY KEY DEFAULT nextval('dataset_image_seq'),
    dataset_id     uuid         NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    image_sha256   varchar(64)  NOT NULL REFERENCES image_blob (sha256),
    split          varchar(16)  NOT NULL CHECK (split IN ('TRAIN', 'VALIDATION', 'TEST')),
    source_name    text         NOT NULL,
    label          varchar(16)  NOT NULL CHECK (label IN ('NORMAL', 'ANOMALOUS')),
    defect_type    varchar(64)  NOT NULL,
    label_revision bigint       NOT NULL CHECK (label_revision >= 1),
    labelled_by    text         NOT NULL,
    labelled_at    timestamptz  NOT NULL,
    mask_sha256    varchar(64)  REFERENCES image_blob (sha256),
    CONSTRAINT dataset_image_unique_member UNIQUE (dataset_id, image_sha256),
    CONSTRAINT dataset_image_good_iff_normal CHECK ((label = 'NORMAL') = (defect_type = 'good'))
);
CREATE INDEX dataset_image_filter_idx ON dataset_image (dataset_id, split, label, defect_type);
CREATE INDEX dataset_image_image_idx ON dataset_image (image_sha256);
CREATE INDEX dataset_image_mask_idx ON dataset_image (mask_sha256) WHERE mask_sha256 IS NOT NULL;

CREATE SEQUENCE label_history_seq INCREMENT BY 50;

-- Every label a membership ever had, including the first one; revision 1 is the import/upload.
CREATE TABLE label_history (
    id               bigint      PRIMARY KEY DEFAULT nextval('label_history_seq'),
    dataset_image_id bigint      NOT NULL REFERENCES dataset_image (id) ON DELETE CASCADE,
    revision         bigint      NOT NULL CHECK (revision >= 1),
    label            varchar(16) NOT NULL CHECK (label IN ('NORMAL', 'ANOMALOUS')),
    defect_type      varchar(64) NOT NULL,
    labelled_by      text        NOT NULL,
    labelled_at      timestamptz NOT NULL,
    CONSTRAINT label_history_unique_revision UNIQUE (dataset_image_id, revision)
);

CREATE TABLE snapshot (
    id             uuid        PRIMARY KEY,
    -- RESTRICT: a dataset with snapshots is deleted only on purpose (force), snapshots first.
    dataset_id     uuid        NOT NULL REFERENCES dataset (id) ON DELETE RESTRICT,
    description    text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    content_digest varchar(64) NOT NULL CHECK (content_digest ~ '^[0-9a-f]{64}$'),
    image_count    bigint      NOT NULL CHECK (image_count >= 0)
);
CREATE INDEX snapshot_dataset_idx ON snapshot (dataset_id, created_at);

-- The frozen membership of a snapshot.
CREATE TABLE snapshot_member (
    snapshot_id    uuid        NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    image_sha256   varchar(64) NOT NULL REFERENCES image_blob (sha256),
    split          varchar(16) NOT NULL CHECK (split IN ('TRAIN', 'VALIDATION', 'TEST')),
    label          varchar(16) NOT NULL CHECK (label IN ('NORMAL', 'ANOMALOUS')),
    defect_type    varchar(64) NOT NULL,
    mask_sha256    varchar(64) REFERENCES image_blob (sha256),
    source_name    text        NOT NULL,
    label_revision bigint      NOT NULL,
    labelled_by    text        NOT NULL,
    labelled_at    timestamptz NOT NULL,
    PRIMARY KEY (snapshot_id, image_sha256)
);
CREATE INDEX snapshot_member_image_idx ON snapshot_member (image_sha256);
CREATE INDEX snapshot_member_mask_idx ON snapshot_member (mask_sha256) WHERE mask_sha256 IS NOT NULL;

-- Snapshots are immutable: refuse every UPDATE (DELETE stays possible for a forced dataset delete).
CREATE FUNCTION refuse_snapshot_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'snapshots are immutable (% of %)', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER snapshot_immutable BEFORE UPDATE ON snapshot
    FOR EACH ROW EXECUTE FUNCTION refuse_snapshot_update();
CREATE TRIGGER snapshot_member_immutable BEFORE UPDATE ON snapshot_member
    FOR EACH ROW EXECUTE FUNCTION refuse_snapshot_update();
