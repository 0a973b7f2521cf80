-- A FHIR bulk export's NDJSON file written part by part as the worker reads the municipality a
-- page at a time, and sent part by part: a municipality of 100,000 children is never held whole,
-- neither when the file is made nor when it is downloaded. A file made before this keeps its text
-- in export_file.ndjson (jobs expire after a day).
ALTER TABLE export_file ALTER COLUMN ndjson DROP NOT NULL;

CREATE TABLE export_file_part (
    job_id         uuid    NOT NULL,
    resource_type  text    NOT NULL,
    seq            integer NOT NULL CHECK (seq >= 0),
    ndjson         text    NOT NULL,
    PRIMARY KEY (job_id, resource_type, seq),
    FOREIGN KEY (job_id, resource_type) REFERENCES export_file (job_id, resource_type)
        ON DELETE CASCADE
);

-- 妊婦健診 imported from the municipality's system: the pregnant person is named by her 宛名番号
-- (learned, as a child's, from a row that also names her handbook number), the record is the
-- pregnancy's.
ALTER TABLE person ADD COLUMN resident_number text
    CHECK (resident_number IS NULL OR resident_number ~ '^[0-9A-Za-z-]{1,20}$');
CREATE UNIQUE INDEX person_resident_number ON person (municipality_id, resident_number)
    WHERE resident_number IS NOT NULL;

ALTER TABLE import_job DROP CONSTRAINT import_job_kind_check;
ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check
    CHECK (kind IN ('checkup', 'vaccination', 'prenatal'));
ALTER TABLE import_record DROP CONSTRAINT import_record_kind_check;
ALTER TABLE import_record ADD CONSTRAINT import_record_kind_check
    CHECK (kind IN ('checkup', 'vaccination', 'prenatal'));
ALTER TABLE import_record
    ALTER COLUMN child_id DROP NOT NULL,
    ADD COLUMN pregnancy_id uuid REFERENCES pregnancy (id),
    ADD CONSTRAINT import_record_subject_check CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL));
