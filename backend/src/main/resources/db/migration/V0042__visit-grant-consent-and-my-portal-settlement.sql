-- The visit QR grant in the consent register (phr.consent, clinic.VisitGrantConsentSource): the
-- guardian who shows the code agrees, in the version of the text in force (consent-texts.json,
-- kind visit-grant), that the clinic that scans it reads the 予診票 and records the vaccination
-- for the grant's lifetime; the guardian may withdraw it, which ends the clinic's access at once.
-- Tokens issued before this migration name the version 'legacy-before-2026-11', whose text says
-- honestly that the wording shown then was not kept.
ALTER TABLE visit_token ADD COLUMN consent_text_version text;
ALTER TABLE visit_token ADD COLUMN withdrawn_at timestamptz;
UPDATE visit_token SET consent_text_version = 'legacy-before-2026-11';
ALTER TABLE visit_token ALTER COLUMN consent_text_version SET NOT NULL;
ALTER TABLE visit_token ADD CONSTRAINT visit_token_withdrawn CHECK (withdrawn_at IS NULL
    OR withdrawn_at >= issued_at);
-- The register lists a guardian's codes by who issued them.
CREATE INDEX visit_token_issued_by ON visit_token (issued_by, issued_at);

-- Settling a conflict between a record retrieved from My Portal and ours: the guardian or staff
-- take the portal's values (our record is corrected, the replaced version kept in its history
-- and here) or keep ours. Who settled it and when are kept; the conflict row stays.
ALTER TABLE my_portal_conflict DROP CONSTRAINT my_portal_conflict_status_check;
ALTER TABLE my_portal_conflict ADD CONSTRAINT my_portal_conflict_status_check
    CHECK (status IN ('open', 'superseded', 'settled'));
ALTER TABLE my_portal_conflict ADD COLUMN settlement text
    CHECK (settlement IN ('portal', 'ours'));
ALTER TABLE my_portal_conflict ADD COLUMN settled_by text;
ALTER TABLE my_portal_conflict ADD COLUMN settled_by_role text;
ALTER TABLE my_portal_conflict ADD COLUMN settled_at timestamptz;
-- Our values the portal's replaced (settlement 'portal'), as they read before.
ALTER TABLE my_portal_conflict ADD COLUMN replaced jsonb;
ALTER TABLE my_portal_conflict ADD CONSTRAINT my_portal_conflict_settled CHECK (
    (status = 'settled') = (settlement IS NOT NULL)
    AND (settlement IS NULL) = (settled_by IS NULL)
    AND (settlement IS NULL) = (settled_at IS NULL)
    AND (settlement IS NULL) = (settled_by_role IS NULL)
    AND (replaced IS NULL OR settlement = 'portal'));
-- A settled conflict is kept as settled; the same difference found again later (the portal's
-- values changed away and back) is a new conflict beside it.
DROP INDEX my_portal_conflict_once;
CREATE UNIQUE INDEX my_portal_conflict_once
    ON my_portal_conflict (record_type, portal_record_id, theirs_sha256)
    WHERE status <> 'settled';
