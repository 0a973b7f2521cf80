-- Bulk import of checkups and vaccinations from the CSV exports of municipalities' legacy
-- health-management systems (健康管理システム), as jobs that survive a restart and run once however
-- many instances there are; and what the imported records need in the existing tables.

-- 宛名番号: the number under which the municipality's own systems (住民記録, 健康管理) know a
-- resident. Legacy exports name children by it; it is learned from a row that names both it and
-- the handbook number, and is never the Individual Number (マイナンバー).
ALTER TABLE child ADD COLUMN resident_number text
    CHECK (resident_number IS NULL OR resident_number ~ '^[0-9A-Za-z-]{1,20}$');
CREATE UNIQUE INDEX child_resident_number ON child (municipality_id, resident_number)
    WHERE resident_number IS NOT NULL;

-- A checkup the municipality held itself (集団健診 at the health centre) has no facility with a
-- 医療機関コード: the place is named instead. Who recorded it: a clinic's submission, or the
-- municipality (imported from its system).
ALTER TABLE checkup_encounter
    ALTER COLUMN facility_id DROP NOT NULL,
    ADD COLUMN performer_name text,
    ADD COLUMN source text NOT NULL DEFAULT 'clinic' CHECK (source IN ('clinic', 'municipal')),
    ADD CONSTRAINT checkup_encounter_performer_check
        CHECK (facility_id IS NOT NULL OR performer_name IS NOT NULL);

-- One upload or CLI run of one file. The worker that claims a job holds it by claim_token until
-- lease_until; each batch commits its rows together with rows_done and the counts, so a job taken
-- over after a crash goes on from the last committed batch.
CREATE TABLE import_job (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    system           text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('checkup', 'vaccination')),
    file_name        text,
    file_sha256      char(64)    NOT NULL,
    file_bytes       bigint      NOT NULL,
    dry_run          boolean     NOT NULL DEFAULT false,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    requested_by     text        NOT NULL,
    rows_total       integer     NOT NULL,
    rows_done        integer     NOT NULL DEFAULT 0,
    stored           integer     NOT NULL DEFAULT 0,
    unchanged        integer     NOT NULL DEFAULT 0,
    already_recorded integer     NOT NULL DEFAULT 0,
    rows_with_errors integer     NOT NULL DEFAULT 0,
    errors           integer     NOT NULL DEFAULT 0,
    ignored_columns  text[]      NOT NULL DEFAULT '{}',
    claim_token      uuid,
    lease_until      timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    failure_code     text,
    failure          text,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    updated_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    CHECK (rows_done BETWEEN 0 AND rows_total),
    CHECK ((status = 'running') = (claim_token IS NOT NULL))
);
CREATE INDEX import_job_municipality ON import_job (municipality_id, created_at DESC);
CREATE INDEX import_job_waiting ON import_job (created_at) WHERE status IN ('queued', 'running');

-- The file as uploaded, apart from the job so that reading progress never touches its bytes.
CREATE TABLE import_file (
    job_id   uuid  PRIMARY KEY REFERENCES import_job (id) ON DELETE CASCADE,
    content  bytea NOT NULL
);

-- The error report: one row per problem of a row (a row may have several).
CREATE TABLE import_error (
    job_id      uuid    NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    seq         integer NOT NULL,
    row_number  integer NOT NULL,
    column_name text,
    value       text,
    code        text    NOT NULL,
    message_ja  text    NOT NULL,
    message_en  text    NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- What an import stored, by the row's natural key (a child's checkup of a kind on a day; a
-- child's dose of a vaccine on a day), with a digest of what the row said: the same row again is
-- unchanged, the same key with other content is a conflict for staff to correct, never a second
-- record. Keys are claimed with INSERT … ON CONFLICT DO NOTHING in the transaction that stores the
-- record, so two jobs importing the same row at once store it once.
CREATE TABLE import_record (
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    natural_key      text        NOT NULL,
    content_sha256   char(64)    NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('checkup', 'vaccination')),
    record_id        uuid        NOT NULL,
    child_id         uuid        NOT NULL REFERENCES child (id),
    job_id           uuid        NOT NULL,
    row_number       integer     NOT NULL,
    imported_at      timestamptz NOT NULL,
    PRIMARY KEY (municipality_id, natural_key)
);
CREATE INDEX import_record_child ON import_record (child_id);
