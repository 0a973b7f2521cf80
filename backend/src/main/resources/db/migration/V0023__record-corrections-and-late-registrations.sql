-- Corrections of vaccination and checkup records by municipal staff (seed 000 ③ 2) 予防接種記録の誤り
-- への対応): the replaced version kept whole, the Bundle of the corrected records, and whom to tell —
-- every municipality the record was sent to, and the one that first registered it — with the
-- state of each contact; the guardian is told through a notice. And the index of the list of
-- vaccinations whose registration is late (概ね2か月以内の副本登録).

-- The versions of a vaccination record that a correction replaced, each as it was stored.
CREATE TABLE immunization_record_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id        uuid        NOT NULL REFERENCES immunization_record (id) ON DELETE CASCADE,
    version          integer     NOT NULL,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    -- the row and its credits as they were
    record           jsonb       NOT NULL,
    replaced_at      timestamptz NOT NULL,
    replaced_by      text        NOT NULL,
    UNIQUE (record_id, version)
);

CREATE TABLE record_correction (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    child_id         uuid        NOT NULL REFERENCES child (id),
    record_type      text        NOT NULL CHECK (record_type IN ('immunization', 'observation')),
    record_id        uuid        NOT NULL,
    -- the checkup an observation belongs to
    encounter_id     uuid REFERENCES checkup_encounter (id),
    action           text        NOT NULL CHECK (action IN ('correct', 'retract')),
    version_before   integer     NOT NULL,
    version_after    integer     NOT NULL CHECK (version_after > version_before),
    -- the record's content before and after (after: null once withdrawn)
    before           jsonb       NOT NULL,
    after            jsonb,
    reason           text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    -- the FHIR Bundle of the corrected records, for the municipalities to tell
    bundle           jsonb       NOT NULL,
    -- the notice that told the guardians (null when the child has none)
    notice_id        uuid REFERENCES notice (id),
    corrected_by     text        NOT NULL,
    corrected_at     timestamptz NOT NULL,
    CHECK ((record_type = 'observation') = (encounter_id IS NOT NULL)),
    CHECK ((action = 'retract') = (after IS NULL))
);
CREATE INDEX record_correction_municipality ON record_correction (municipality_id, corrected_at DESC);
CREATE INDEX record_correction_record ON record_correction (record_id, corrected_at);

-- Whom to tell of a correction: a municipality the record was sent to (sent: tell it the data was
-- corrected), or the one that first registered a record taken over from it (origin: ask it to
-- correct its own); the state of the contact as staff follow it up.
CREATE TABLE correction_contact (
    id               uuid PRIMARY KEY,
    correction_id    uuid        NOT NULL REFERENCES record_correction (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    to_code          char(6)     NOT NULL CHECK (to_code ~ '^[0-9]{6}$'),
    to_name          text        NOT NULL,
    reason           text        NOT NULL CHECK (reason IN ('sent', 'origin')),
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'done')),
    note             text CHECK (length(note) <= 1000),
    -- the corrected records as sent to it, once contacted
    transfer_out_id  uuid REFERENCES transfer_out (id),
    updated_by       text,
    updated_at       timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (correction_id, to_code, reason)
);
CREATE INDEX correction_contact_open ON correction_contact (municipality_id, created_at)
    WHERE status <> 'done';

ALTER TABLE transfer_out ADD CONSTRAINT transfer_out_correction
    FOREIGN KEY (correction_id) REFERENCES record_correction (id);

-- The late-registration list reads a municipality's routine doses of children by the day given.
CREATE INDEX immunization_record_registration ON immunization_record (municipality_id, occurrence_date)
    WHERE routine AND status = 'completed' AND child_id IS NOT NULL;
