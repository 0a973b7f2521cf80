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
