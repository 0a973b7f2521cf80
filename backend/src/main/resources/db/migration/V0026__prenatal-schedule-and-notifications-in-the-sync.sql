-- The 妊婦健診 schedule with its 受診券 (vouchers) and the applicant's pregnancy notifications reach
-- the app through the offline sync (see V0018): each row carries the transaction that last wrote
-- it. A voucher a clinic uses is an update of its row; a notification's every change of status
-- (a correction asked for, a corrected version, acceptance, rejection) updates its row.
ALTER TABLE prenatal_visit ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER prenatal_visit_sync_stamp BEFORE UPDATE ON prenatal_visit
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE prenatal_voucher ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER prenatal_voucher_sync_stamp BEFORE UPDATE ON prenatal_voucher
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();

ALTER TABLE pregnancy_notification ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER pregnancy_notification_sync_stamp BEFORE UPDATE ON pregnancy_notification
    FOR EACH ROW EXECUTE FUNCTION sync_stamp();
