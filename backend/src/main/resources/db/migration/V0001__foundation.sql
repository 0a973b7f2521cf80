-- Foundation schema: municipalities, clinics, families, prenatal checkups, raw submissions,
-- token keys and the access log. Every row holding personal data carries its municipality so
-- that tenant isolation can be enforced by the access policy and, later, by row-level security.

CREATE TABLE municipality (
    id          uuid PRIMARY KEY,
    -- 全国地方公共団体コード (6 digits including the check digit)
    code        char(6)     NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}$'),
    name_ja     text        NOT NULL,
    name_en     text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE facility (
    id                         uuid PRIMARY KEY,
    -- 医療機関コード: 2-digit prefecture + 1-digit point table + 7-digit institution number
    medical_institution_code   char(10)    NOT NULL UNIQUE CHECK (medical_institution_code ~ '^[0-9]{10}$'),
    name                       text        NOT NULL,
    kind                       text        NOT NULL CHECK (kind IN ('clinic', 'hospital', 'midwifery_home')),
    created_at                 timestamptz NOT NULL
);

-- Which municipalities a facility has a checkup contract with (妊婦健診・乳幼児健診の委託契約).
CREATE TABLE facility_contract (
    facility_id      uuid NOT NULL REFERENCES facility (id),
    municipality_id  uuid NOT NULL REFERENCES municipality (id),
    valid_from       date NOT NULL,
    valid_to         date,
    PRIMARY KEY (facility_id, municipality_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- A registered clinic system (SMART Backend Services client) and its public keys.
CREATE TABLE clinic_client (
    client_id    text PRIMARY KEY,
    facility_id  uuid        NOT NULL REFERENCES facility (id),
    public_jwks  jsonb       NOT NULL,
    scopes       text        NOT NULL,
    active       boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL
);

-- Client-assertion ids already used: a replayed assertion must be refused.
CREATE TABLE client_assertion_jti (
    client_id   text        NOT NULL REFERENCES clinic_client (client_id),
    jti         text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertion_jti_expiry ON client_assertion_jti (expires_at);

-- Municipal staff accounts; the login itself happens at the municipality's identity provider.
CREATE TABLE staff_account (
    subject          text PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    display_name     text        NOT NULL,
    created_at       timestamptz NOT NULL
);

-- A pregnant person or a guardian. No Individual Number (マイナンバー) is ever stored.
CREATE TABLE person (
    id                 uuid PRIMARY KEY,
    municipality_id    uuid        NOT NULL REFERENCES municipality (id),
    family_name        text        NOT NULL,
    given_name         text        NOT NULL,
    family_name_kana   text,
    given_name_kana    text,
    birth_date         date        NOT NULL,
    sex                text        NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    -- subject of the person's login at the identity provider, once they use the app
    login_subject      text UNIQUE,
    created_at         timestamptz NOT NULL
);
CREATE INDEX person_municipality ON person (municipality_id);

CREATE TABLE pregnancy (
    id                      uuid PRIMARY KEY,
    municipality_id         uuid        NOT NULL REFERENCES municipality (id),
    person_id               uuid        NOT NULL REFERENCES person (id),
    -- 母子健康手帳 交付番号, unique within the issuing municipality
    handbook_number         text        NOT NULL,
    handbook_issued_on      date,
    expected_delivery_date  date,
    fetus_count             smallint    NOT NULL DEFAULT 1 CHECK (fetus_count BETWEEN 1 AND 8),
    status                  text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'delivered', 'ended')),
    created_at              timestamptz NOT NULL,
    UNIQUE (municipality_id, handbook_number)
);
CREATE INDEX pregnancy_person ON pregnancy (person_id);

CREATE TABLE child (
    id                uuid PRIMARY KEY,
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    pregnancy_id      uuid REFERENCES pregnancy (id),
    handbook_number   text,
    family_name       text        NOT NULL,
    given_name        text        NOT NULL,
    family_name_kana  text,
    given_name_kana   text,
    birth_date        date        NOT NULL,
    sex               text        NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
    birth_order       smallint    NOT NULL DEFAULT 1 CHECK (birth_order BETWEEN 1 AND 8),
    created_at        timestamptz NOT NULL,
    UNIQUE (municipality_id, handbook_number, birth_order)
);
CREATE INDEX child_municipality ON child (municipality_id);

CREATE TABLE guardianship (
    person_id     uuid        NOT NULL REFERENCES person (id),
    child_id      uuid        NOT NULL REFERENCES child (id),
    relationship  text        NOT NULL CHECK (relationship IN ('mother', 'father', 'other')),
    since         date        NOT NULL,
    PRIMARY KEY (person_id, child_id)
);
CREATE INDEX guardianship_child ON guardianship (child_id);

-- The raw payload of every accepted clinic submission, with its provenance. The unique key
-- makes a retry of the same Bundle.identifier from the same clinic store once.
CREATE TABLE raw_submission (
    id                  uuid PRIMARY KEY,
    client_id           text        NOT NULL REFERENCES clinic_client (client_id),
    facility_id         uuid        NOT NULL REFERENCES facility (id),
    municipality_id     uuid        NOT NULL REFERENCES municipality (id),
    bundle_system       text        NOT NULL,
    bundle_value        text        NOT NULL,
    payload_sha256      char(64)    NOT NULL,
    payload             jsonb       NOT NULL,
    -- the exact bytes returned, so a retry gets the identical response
    response            text        NOT NULL,
    received_at         timestamptz NOT NULL,
    UNIQUE (client_id, bundle_system, bundle_value)
);

CREATE TABLE checkup_encounter (
    id                   uuid PRIMARY KEY,
    municipality_id      uuid        NOT NULL REFERENCES municipality (id),
    kind                 text        NOT NULL,
    pregnancy_id         uuid REFERENCES pregnancy (id),
    child_id             uuid REFERENCES child (id),
    facility_id          uuid        NOT NULL REFERENCES facility (id),
    visit_date           date        NOT NULL,
    gestational_age_days integer CHECK (gestational_age_days BETWEEN 0 AND 315),
    submission_id        uuid REFERENCES raw_submission (id),
    recorded_at          timestamptz NOT NULL,
    CHECK ((pregnancy_id IS NULL) <> (child_id IS NULL))
);
CREATE INDEX checkup_encounter_pregnancy ON checkup_encounter (pregnancy_id, visit_date);
CREATE INDEX checkup_encounter_child ON checkup_encounter (child_id, visit_date);

-- One generic, typed row per finding, keyed by catalog item code; exactly one value column
-- is filled, the one that matches value_type.
CREATE TABLE checkup_finding (
    id                uuid PRIMARY KEY,
    encounter_id      uuid        NOT NULL REFERENCES checkup_encounter (id),
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    -- the FHIR Observation this finding came from (a blood-pressure panel yields two findings)
    observation_id    uuid        NOT NULL,
    item_code         text        NOT NULL,
    value_type        text        NOT NULL CHECK (value_type IN ('quantity', 'coded', 'boolean', 'string', 'date')),
    quantity_value    numeric,
    quantity_unit     text,
    code_system       text,
    code_value        text,
    boolean_value     boolean,
    string_value      text,
    date_value        date,
    source_system     text,
    source_code       text,
    CHECK (
        (value_type = 'quantity' AND quantity_value IS NOT NULL AND quantity_unit IS NOT NULL)
        OR (value_type = 'coded' AND code_system IS NOT NULL AND code_value IS NOT NULL)
        OR (value_type = 'boolean' AND boolean_value IS NOT NULL)
        OR (value_type = 'string' AND string_value IS NOT NULL)
        OR (value_type = 'date' AND date_value IS NOT NULL)
    )
);
CREATE INDEX checkup_finding_encounter ON checkup_finding (encounter_id);

-- Keys the service signs its access tokens with; several are published while rotating.
CREATE TABLE signing_key (
    kid           text PRIMARY KEY,
    algorithm     text        NOT NULL,
    private_jwk   text        NOT NULL,
    public_jwk    jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    active_from   timestamptz NOT NULL,
    retire_after  timestamptz NOT NULL
);

-- Every read or write of personal data: who, which subject, what, when, why.
CREATE TABLE access_log (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at      timestamptz NOT NULL,
    actor_role       text        NOT NULL,
    actor_id         text        NOT NULL,
    municipality_id  uuid REFERENCES municipality (id),
    subject_type     text        NOT NULL,
    subject_id       uuid,
    action           text        NOT NULL,
    purpose          text        NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('allowed', 'denied'))
);
CREATE INDEX access_log_subject ON access_log (subject_id, occurred_at);
