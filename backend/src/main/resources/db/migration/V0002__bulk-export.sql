-- FHIR bulk data export ($export) for municipal staff: one job per request, its NDJSON files
-- kept until they are deleted or expire.

CREATE TABLE export_job (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    requested_by     text        NOT NULL,
    request_url      text        NOT NULL,
    resource_types   text[]      NOT NULL,
    since            timestamptz,
    status           text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    transaction_time timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    completed_at     timestamptz,
    error            text,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX export_job_pending ON export_job (created_at) WHERE status = 'pending';

CREATE TABLE export_file (
    job_id         uuid    NOT NULL REFERENCES export_job (id) ON DELETE CASCADE,
    resource_type  text    NOT NULL,
    resource_count integer NOT NULL,
    ndjson         text    NOT NULL,
    PRIMARY KEY (job_id, resource_type)
);
