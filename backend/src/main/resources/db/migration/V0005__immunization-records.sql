-- Vaccination records from every source (予防接種の記録). One row per dose as it was recorded, with
-- where it came from and whether it is confirmed; what it counts for in the Japanese routine
-- schedule is kept apart (immunization_credit), because one foreign product can count for two
-- series (MMRV → MR and 水痘) and a record that cannot be mapped still belongs to the child.

CREATE TABLE immunization_record (
    id                uuid PRIMARY KEY,
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    -- a child's vaccination, or the pregnant person's own (RSV maternal vaccine, influenza)
    child_id          uuid REFERENCES child (id),
    pregnancy_id      uuid REFERENCES pregnancy (id),
    occurrence_date   date        NOT NULL,
    -- the vaccine exactly as the source coded it (HOT, our vaccine-kind, CVX, SNOMED CT, ATC …)
    vaccine_system    text        NOT NULL,
    vaccine_code      text        NOT NULL,
    vaccine_display   text,
    -- our vaccine kind (vaccine-kind CodeSystem) when the coding maps to one; NULL when unmapped
    vaccine_kind      text,
    -- the product where timing depends on it (RV1/RV5, 2vHPV/4vHPV/9vHPV, PCV13/PCV15/PCV20)
    product           text,
    lot_number        text,
    -- the dose label as recorded ('1', '4', '1期', '1期初回1' …); NULL when the source gave none
    dose_label        text,
    -- 定期接種 (counts for the municipality's coverage) or 任意接種
    routine           boolean     NOT NULL,
    source            text        NOT NULL
        CHECK (source IN ('clinic', 'municipal', 'parent', 'transfer', 'my_portal', 'abroad')),
    -- a parent's entry stays unverified until staff or a clinic confirms (or rejects) it
    verification      text        NOT NULL
        CHECK (verification IN ('verified', 'unverified', 'rejected')),
    verified_by       text,
    verified_at       timestamptz,
    -- ISO 3166-1 alpha-2 country where the dose was given, when not Japan
    country           char(2) CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
    facility_id       uuid REFERENCES facility (id),
    -- the performer's name when it is not a registered facility (abroad, another municipality)
    performer_name    text,
    note              text,
    status            text        NOT NULL DEFAULT 'completed'
        CHECK (status IN ('completed', 'entered-in-error')),
    version           integer     NOT NULL DEFAULT 1,
    submission_id     uuid REFERENCES raw_submission (id),
    -- the FHIR Immunization as received, when the record came as FHIR
    payload           jsonb,
    recorded_by_role  text        NOT NULL CHECK (recorded_by_role IN ('guardian', 'clinic', 'staff', 'system')),
    recorded_by       text        NOT NULL,
    recorded_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL)),
    CHECK ((verification = 'unverified') = (verified_at IS NULL)),
    CHECK ((verified_at IS NULL) = (verified_by IS NULL))
);
CREATE INDEX immunization_record_child ON immunization_record (child_id, occurrence_date)
    WHERE child_id IS NOT NULL;
CREATE INDEX immunization_record_pregnancy ON immunization_record (pregnancy_id, occurrence_date)
    WHERE pregnancy_id IS NOT NULL;
CREATE INDEX immunization_record_municipality ON immunization_record (municipality_id, recorded_at);
CREATE INDEX immunization_record_unverified ON immunization_record (municipality_id)
    WHERE verification = 'unverified';

-- What a record counts for in the routine schedule: one row per series it is credited to, with
-- the forecaster's vaccine id and, when known, the dose label in that series. A record with no
-- credit (an unmapped foreign vaccine, a voluntary vaccine) is kept and shown all the same.
CREATE TABLE immunization_credit (
    record_id        uuid NOT NULL REFERENCES immunization_record (id) ON DELETE CASCADE,
    municipality_id  uuid NOT NULL REFERENCES municipality (id),
    child_id         uuid REFERENCES child (id),
    vaccine          text NOT NULL,
    dose_label       text,
    PRIMARY KEY (record_id, vaccine)
);
CREATE INDEX immunization_credit_child ON immunization_credit (child_id) WHERE child_id IS NOT NULL;
