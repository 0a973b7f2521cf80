-- A vaccination a guardian entered that no clinic or staff verified is parent-recorded data: when
-- the guardian's account is deleted it goes (retention-rules.json, parent-recorded-vaccinations).
-- The record is deleted with its credits; what stays is a tombstone that names only the record,
-- whose it was and when it went, so that the other guardian's phone drops the entry at its next
-- sync (see V0018). Tombstones older than the sync cursor's lifetime serve no cursor and are
-- removed by the deletion job.
CREATE TABLE immunization_tombstone (
    record_id        uuid        PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    child_id         uuid REFERENCES child (id),
    pregnancy_id     uuid REFERENCES pregnancy (id),
    erased_at        timestamptz NOT NULL,
    sync_xid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL))
);
CREATE INDEX immunization_tombstone_child ON immunization_tombstone (child_id)
    WHERE child_id IS NOT NULL;
CREATE INDEX immunization_tombstone_pregnancy ON immunization_tombstone (pregnancy_id)
    WHERE pregnancy_id IS NOT NULL;
CREATE INDEX immunization_tombstone_erased ON immunization_tombstone (erased_at);
