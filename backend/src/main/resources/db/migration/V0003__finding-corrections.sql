-- Clinics correct or retract what they submitted. The findings table keeps the current version
-- of each Observation; every version it replaced is kept in the history, whole.

ALTER TABLE checkup_finding
    ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN status text NOT NULL DEFAULT 'final'
        CHECK (status IN ('final', 'amended', 'corrected', 'entered-in-error')),
    ADD COLUMN updated_at timestamptz;
CREATE INDEX checkup_finding_observation ON checkup_finding (observation_id);

CREATE TABLE checkup_finding_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    observation_id   uuid        NOT NULL,
    version          integer     NOT NULL,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    status           text        NOT NULL,
    -- the findings of that version as they were stored
    findings         jsonb       NOT NULL,
    replaced_at      timestamptz NOT NULL,
    replaced_by      text        NOT NULL,
    UNIQUE (observation_id, version)
);
