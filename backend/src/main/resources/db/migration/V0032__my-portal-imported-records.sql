-- Records retrieved from My Portal: where each of the portal's records went (a new record of ours,
-- or one we already had and it matches), and where it differs from ours (a conflict, shown to the
-- guardian and to staff, never overwritten).

ALTER TABLE checkup_encounter DROP CONSTRAINT checkup_encounter_source_check;
ALTER TABLE checkup_encounter
    ADD CONSTRAINT checkup_encounter_source_check CHECK (source IN ('clinic', 'municipal', 'my_portal'));

-- One row per record of the portal, by the portal's record id: the provenance of what it brought.
-- content_sha256 is the record's mapped content, so a later retrieval of the same content changes
-- nothing and a changed one is a conflict.
CREATE TABLE my_portal_record (
    portal_record_id  text        NOT NULL,
    record_type       text        NOT NULL
        CHECK (record_type IN ('infant-checkup', 'prenatal-checkup', 'immunization')),
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    link_id           uuid        NOT NULL REFERENCES my_portal_link (id),
    child_id          uuid REFERENCES child (id),
    pregnancy_id      uuid REFERENCES pregnancy (id),
    -- imported: stored as a new record of ours; linked: the same as one we had
    outcome           text        NOT NULL CHECK (outcome IN ('imported', 'linked', 'conflict')),
    local_id          uuid        NOT NULL,
    content_sha256    char(64)    NOT NULL,
    content           jsonb       NOT NULL,
    mapping_version   text        NOT NULL,
    retrieved_at      timestamptz NOT NULL,
    PRIMARY KEY (record_type, portal_record_id),
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL))
);
CREATE INDEX my_portal_record_local ON my_portal_record (local_id);

-- A record of the portal that differs from ours for the same visit or dose.
CREATE TABLE my_portal_conflict (
    id                uuid PRIMARY KEY,
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    link_id           uuid        NOT NULL REFERENCES my_portal_link (id),
    person_id         uuid        NOT NULL REFERENCES person (id),
    child_id          uuid REFERENCES child (id),
    pregnancy_id      uuid REFERENCES pregnancy (id),
    record_type       text        NOT NULL
        CHECK (record_type IN ('infant-checkup', 'prenatal-checkup', 'immunization')),
    portal_record_id  text        NOT NULL,
    local_id          uuid        NOT NULL,
    record_date       date        NOT NULL,
    description       text        NOT NULL,
    ours              jsonb       NOT NULL,
    theirs            jsonb       NOT NULL,
    theirs_sha256     char(64)    NOT NULL,
    differences       jsonb       NOT NULL,
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'superseded')),
    created_at        timestamptz NOT NULL,
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL))
);
CREATE UNIQUE INDEX my_portal_conflict_once
    ON my_portal_conflict (record_type, portal_record_id, theirs_sha256);
CREATE INDEX my_portal_conflict_open ON my_portal_conflict (municipality_id, created_at)
    WHERE status = 'open';
CREATE INDEX my_portal_conflict_person ON my_portal_conflict (person_id) WHERE status = 'open';
