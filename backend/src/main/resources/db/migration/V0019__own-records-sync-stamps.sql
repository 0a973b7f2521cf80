-- Parents' own records reach the other guardian's phone through the offline sync (see V0018):
-- the transaction that last wrote each row. A delete is a soft delete (deleted_at), which the sync
-- reports as a tombstone.
ALTER TABLE parent_record ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER parent_record_sync_stamp BEFORE UPDATE ON parent_record
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();
