-- A pregnancy taken over is kept like a child's: the content of each record as last taken over (to
-- tell when the previous Sukoyaka changed it), a change listed as a conflict in the same list as a
-- child's for staff to decide (never overwritten silently), and each record's earliest origin kept
-- apart from the instance it came through (a record from A that came to B and then here is A's).

-- The conflict list holds a child's or a pregnancy's conflicts; a pregnancy's has no staff import
-- (she brought her own download), only the take-over it belongs to.
ALTER TABLE transfer_conflict
    ALTER COLUMN child_id DROP NOT NULL,
    ALTER COLUMN transfer_id DROP NOT NULL,
    ALTER COLUMN import_id DROP NOT NULL,
    ADD COLUMN pregnancy_id uuid REFERENCES pregnancy (id),
    ADD COLUMN pregnancy_transfer_id uuid REFERENCES pregnancy_transfer_in (id),
    ADD CONSTRAINT transfer_conflict_subject CHECK (
        (child_id IS NOT NULL AND transfer_id IS NOT NULL AND import_id IS NOT NULL
            AND pregnancy_id IS NULL AND pregnancy_transfer_id IS NULL)
        OR (child_id IS NULL AND transfer_id IS NULL AND import_id IS NULL
            AND pregnancy_id IS NOT NULL AND pregnancy_transfer_id IS NOT NULL));
CREATE UNIQUE INDEX transfer_conflict_pregnancy_record
    ON transfer_conflict (pregnancy_id, record_type, origin_code, origin_id, theirs_sha256)
    WHERE pregnancy_id IS NOT NULL;
CREATE INDEX transfer_conflict_pregnancy_transfer ON transfer_conflict (pregnancy_transfer_id)
    WHERE pregnancy_transfer_id IS NOT NULL;

-- The content as last taken over; null for a record taken over before this (its first comparison
-- takes ours as the baseline).
ALTER TABLE pregnancy_transfer_record
    ADD COLUMN content_sha256 char(64) CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN content jsonb,
    ADD COLUMN updated_at timestamptz,
    -- the name of the municipality where the record was first registered, when the download named
    -- it (origin_code is its code); the instance it came through is the take-over's from_code
    ADD COLUMN origin_name text CHECK (length(origin_name) BETWEEN 1 AND 200);

ALTER TABLE transfer_record
    ADD COLUMN origin_name text CHECK (length(origin_name) BETWEEN 1 AND 200);
