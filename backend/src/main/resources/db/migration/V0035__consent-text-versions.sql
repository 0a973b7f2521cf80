-- The consent register (phr.consent): every consent a guardian gives carries the version of the
-- text they agreed to (phr/consent/consent-texts.json, Japanese and English), when they agreed and
-- when it was withdrawn. Online-delivery consent has kept its version since V0011 (the consent
-- request's text). Family sharing and a family's own download brought into a transfer did not:
-- their rows from before this migration name the version 'legacy-before-2026-11', whose entry in
-- the texts file says honestly that the wording shown then was not kept.

-- Family sharing: the inviter agrees when inviting, the invitee when accepting.
ALTER TABLE family_invitation ADD COLUMN inviter_text_version text;
ALTER TABLE family_invitation ADD COLUMN invitee_text_version text;
UPDATE family_invitation SET inviter_text_version = 'legacy-before-2026-11';
UPDATE family_invitation SET invitee_text_version = 'legacy-before-2026-11'
    WHERE accepted_at IS NOT NULL;
ALTER TABLE family_invitation ALTER COLUMN inviter_text_version SET NOT NULL;
ALTER TABLE family_invitation ADD CONSTRAINT family_invitation_invitee_text_version
    CHECK ((accepted_at IS NULL) = (invitee_text_version IS NULL));

-- A family's own download taken into a transfer: the family agreed at consent_at. Such a consent
-- is for one import, carried out at once; withdrawing it afterwards is recorded (withdrawn_at)
-- and the records it brought stay with the municipality's staff to verify or remove.
ALTER TABLE transfer_import ADD COLUMN consent_text_version text;
ALTER TABLE transfer_import ADD COLUMN consent_withdrawn_at timestamptz;
UPDATE transfer_import SET consent_text_version = 'legacy-before-2026-11'
    WHERE brought_by = 'family';
ALTER TABLE transfer_import ADD CONSTRAINT transfer_import_consent_text_version
    CHECK ((brought_by = 'family') = (consent_text_version IS NOT NULL));
ALTER TABLE transfer_import ADD CONSTRAINT transfer_import_consent_withdrawn
    CHECK (consent_withdrawn_at IS NULL OR brought_by = 'family');
-- The register lists a guardian's imports by who brought them.
CREATE INDEX transfer_import_family ON transfer_import (imported_by)
    WHERE brought_by = 'family';
