-- Parents' own records (保護者の記録, 妊婦自身の記録): measurements at home, milestones with the day
-- they were reached, answers to the handbook's questions per age, a diary, and the columns the
-- father, partner and family write in. Written by the family in the app, often offline: each row
-- carries the app's client id (idempotent create) and a version (conflict check on update and
-- delete); a delete leaves a tombstone (deleted_at) so the offline sync can pass it on. These rows
-- are the family's own and never touch a clinic's checkup_finding.
CREATE TABLE parent_record (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    child_id         uuid REFERENCES child (id),
    pregnancy_id     uuid REFERENCES pregnancy (id),
    kind             text        NOT NULL
        CHECK (kind IN ('measurement', 'milestone', 'handbook-answer', 'diary', 'family-note')),
    item_code        text,
    recorded_on      date        NOT NULL,
    quantity_value   numeric,
    quantity_unit    text,
    answer_code      text,
    text_value       text,
    author           text        NOT NULL,
    client_id        uuid        NOT NULL,
    -- SHA-256 of the create request as the app first sent it: a repeat with other content under
    -- the same client id is refused rather than answered with a record it does not describe.
    create_digest    text        NOT NULL,
    version          integer     NOT NULL CHECK (version >= 1),
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    deleted_at       timestamptz,
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL)),
    CHECK (deleted_at IS NOT NULL OR kind = 'diary' OR item_code IS NOT NULL),
    CHECK (deleted_at IS NOT NULL OR kind <> 'measurement'
        OR (quantity_value IS NOT NULL AND quantity_unit IS NOT NULL)),
    CHECK (text_value IS NULL OR length(text_value) <= 4000),
    UNIQUE (client_id)
);
CREATE INDEX parent_record_child ON parent_record (child_id, recorded_on) WHERE child_id IS NOT NULL;
CREATE INDEX parent_record_pregnancy ON parent_record (pregnancy_id, recorded_on)
    WHERE pregnancy_id IS NOT NULL;
CREATE INDEX parent_record_municipality ON parent_record (municipality_id, updated_at);
