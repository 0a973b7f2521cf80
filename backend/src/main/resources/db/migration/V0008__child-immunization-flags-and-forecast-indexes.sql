-- Facts about a child that change the routine schedule's rules (the schedule file's `flags`:
-- 水痘にかかったことがある, B型肝炎の母子感染予防, MR 供給不足特例の認定), with who stated them and
-- when. Municipal staff set and clear any flag; a guardian may declare that the child has had
-- varicella (set_by_role 'guardian' until staff confirm it). Clearing closes the row instead of
-- deleting it, so the history of who said what stays readable.
CREATE TABLE child_immunization_flag (
    id               uuid        PRIMARY KEY,
    child_id         uuid        NOT NULL REFERENCES child (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    -- a flag name of the schedule file (hadVaricella, hepbMotherToChildPrevention, ...)
    flag             text        NOT NULL CHECK (flag ~ '^[a-zA-Z][a-zA-Z0-9]*$'),
    -- for a flag that carries a date (長期療養特例: the day the long illness ended); NULL otherwise
    flag_date        date,
    set_by_role      text        NOT NULL CHECK (set_by_role IN ('guardian', 'staff')),
    set_by           text        NOT NULL,
    set_at           timestamptz NOT NULL,
    cleared_by_role  text CHECK (cleared_by_role IN ('guardian', 'staff')),
    cleared_by       text,
    cleared_at       timestamptz,
    CHECK ((cleared_at IS NULL) = (cleared_by IS NULL)),
    CHECK ((cleared_at IS NULL) = (cleared_by_role IS NULL)),
    CHECK (cleared_at IS NULL OR cleared_at >= set_at)
);
-- At most one current statement of a flag per child.
CREATE UNIQUE INDEX child_immunization_flag_current ON child_immunization_flag (child_id, flag)
    WHERE cleared_at IS NULL;
CREATE INDEX child_immunization_flag_municipality ON child_immunization_flag (municipality_id)
    WHERE cleared_at IS NULL;

-- The forecast of every child of a municipality (reminders, the overdue list) streams the records
-- and their credits in child order. These indexes hold every column it reads, so PostgreSQL
-- reads them in order without touching the tables (whose rows also carry the FHIR payload) and
-- without sorting millions of rows.
CREATE INDEX immunization_record_forecast ON immunization_record (child_id, id)
    INCLUDE (occurrence_date, recorded_at, product, verification, status)
    WHERE child_id IS NOT NULL;
CREATE INDEX immunization_credit_forecast ON immunization_credit (child_id, record_id)
    INCLUDE (vaccine, dose_label)
    WHERE child_id IS NOT NULL;
