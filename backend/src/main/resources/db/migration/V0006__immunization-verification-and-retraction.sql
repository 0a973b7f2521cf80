-- Vaccination records: why staff or a clinic rejected a guardian's entry, when and by whom a clinic
-- retracted its own record (entered in error), and the indexes the coverage figures, the clinic's
-- read access and the bulk export use.

ALTER TABLE immunization_record ADD COLUMN verification_reason text;
ALTER TABLE immunization_record ADD COLUMN retracted_by text;
ALTER TABLE immunization_record ADD COLUMN retracted_at timestamptz;
ALTER TABLE immunization_record ADD CONSTRAINT immunization_record_retraction
    CHECK ((status = 'entered-in-error') = (retracted_at IS NOT NULL)
        AND (retracted_at IS NULL) = (retracted_by IS NULL));
-- Only a decision has a reason.
ALTER TABLE immunization_record ADD CONSTRAINT immunization_record_reason
    CHECK (verification_reason IS NULL OR verification <> 'unverified');

CREATE INDEX immunization_record_facility ON immunization_record (facility_id)
    WHERE facility_id IS NOT NULL;
CREATE INDEX immunization_credit_coverage ON immunization_credit (municipality_id, vaccine, dose_label);
