-- The offline sync's change stamps. Every row a family's app keeps offline carries the id of the
-- transaction that last wrote it. A sync cursor is the reader's snapshot (pg_current_snapshot()),
-- and the next delta is every row whose writer that snapshot could not see
-- (NOT pg_visible_in_snapshot). Unlike a timestamp or a sequence, this never skips a row written
-- by a transaction that began before the cursor was taken and committed after it.
--
-- Inserts take the stamp from the column default; updates from the trigger below. Rows the app
-- keeps offline are never deleted outright: they are retracted, cleared or soft-deleted, and the
-- sync reports them as tombstones; a child or pregnancy that leaves the family's reach is reported
-- by the sync from the cursor's list of subjects.

CREATE FUNCTION sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sync_xid := pg_current_xact_id();
    RETURN NEW;
END;
$$;

ALTER TABLE pregnancy ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER pregnancy_sync_stamp BEFORE UPDATE ON pregnancy
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE child ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER child_sync_stamp BEFORE UPDATE ON child
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE checkup_encounter ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER checkup_encounter_sync_stamp BEFORE UPDATE ON checkup_encounter
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

-- A correction rewrites a finding, not its encounter: the sync looks at both.
ALTER TABLE checkup_finding ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER checkup_finding_sync_stamp BEFORE UPDATE ON checkup_finding
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE immunization_record ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER immunization_record_sync_stamp BEFORE UPDATE ON immunization_record
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE child_immunization_flag ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER child_immunization_flag_sync_stamp BEFORE UPDATE ON child_immunization_flag
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE notice_delivery ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER notice_delivery_sync_stamp BEFORE UPDATE ON notice_delivery
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE notice_reply ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER notice_reply_sync_stamp BEFORE UPDATE ON notice_reply
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();
