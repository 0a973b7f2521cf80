-- Every record kind of the handbook: delivery and the newborn at birth, postpartum checkups with
-- the EPDS, postpartum care, newborn screening and visits, infant and child checkups. Findings stay
-- one typed row per catalog item; this adds the value types and links the new kinds need.

-- Whole numbers (Apgar, EPDS answers and total, caries counts) and moments with their time of day
-- (the time of birth). A coded finding may carry its text, such as what was found (所見あり).
ALTER TABLE checkup_finding
    ADD COLUMN integer_value  integer,
    ADD COLUMN datetime_value timestamptz;

ALTER TABLE checkup_finding DROP CONSTRAINT checkup_finding_value_type_check;
ALTER TABLE checkup_finding ADD CONSTRAINT checkup_finding_value_type_check
    CHECK (value_type IN ('quantity', 'coded', 'boolean', 'string', 'date', 'integer', 'datetime'));

ALTER TABLE checkup_finding DROP CONSTRAINT checkup_finding_check;
ALTER TABLE checkup_finding ADD CONSTRAINT checkup_finding_value_check CHECK (
    (value_type = 'quantity' AND quantity_value IS NOT NULL AND quantity_unit IS NOT NULL)
    OR (value_type = 'coded' AND code_system IS NOT NULL AND code_value IS NOT NULL)
    OR (value_type = 'boolean' AND boolean_value IS NOT NULL)
    OR (value_type = 'string' AND string_value IS NOT NULL)
    OR (value_type = 'date' AND date_value IS NOT NULL)
    OR (value_type = 'integer' AND integer_value IS NOT NULL)
    OR (value_type = 'datetime' AND datetime_value IS NOT NULL)
);
-- Text belongs to strings and, as the description of what was found, to coded findings only.
ALTER TABLE checkup_finding ADD CONSTRAINT checkup_finding_text_check
    CHECK (string_value IS NULL OR value_type IN ('string', 'coded'));

-- The delivery is the mother's Encounter, yet the newborn's state at birth is about the child:
-- such a finding names its child. NULL means the finding is about the Encounter's own subject.
ALTER TABLE checkup_finding ADD COLUMN child_id uuid REFERENCES child (id);
CREATE INDEX checkup_finding_child ON checkup_finding (child_id) WHERE child_id IS NOT NULL;

-- The EPDS arrives as a QuestionnaireResponse; its ten answers are stored as the findings
-- epds-item-1 … epds-item-10 sharing the response's id (observation_id names the FHIR resource),
-- with the moment it was answered. The total score is an Observation's finding as usual.
ALTER TABLE checkup_finding
    ADD COLUMN resource_type text NOT NULL DEFAULT 'Observation'
        CHECK (resource_type IN ('Observation', 'QuestionnaireResponse')),
    ADD COLUMN authored_at timestamptz,
    ADD CONSTRAINT checkup_finding_authored_check
        CHECK ((resource_type = 'QuestionnaireResponse') = (authored_at IS NOT NULL));

-- The class of the visit (産後ケア is a stay, a day visit or a home visit; newborn screening is
-- done in hospital or as an outpatient) and the name of a municipality's own checkup.
ALTER TABLE checkup_encounter
    ADD COLUMN encounter_class text NOT NULL DEFAULT 'AMB'
        CHECK (encounter_class IN ('AMB', 'HH', 'IMP')),
    ADD COLUMN kind_name text;

-- A newborn recorded at delivery may have no name yet; the child's mother is child.pregnancy_id.
ALTER TABLE child
    ALTER COLUMN family_name DROP NOT NULL,
    ALTER COLUMN given_name DROP NOT NULL;
CREATE INDEX child_pregnancy ON child (pregnancy_id);
