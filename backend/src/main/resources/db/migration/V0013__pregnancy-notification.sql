-- The pregnancy notification (妊娠届出) made online with an electronic signature, its review by the
-- municipality, and what acceptance issues: the handbook number, the 妊婦健診 schedule and the
-- 受診券 (vouchers). No Individual Number (マイナンバー) is stored anywhere.

-- Gapless serial numbers per municipality and series ('handbook:2026', 'receipt:2026'): the row
-- is incremented in the transaction that uses the number, so a rollback gives the number back and
-- concurrent transactions take turns on the row.
CREATE TABLE municipal_serial (
    municipality_id  uuid   NOT NULL REFERENCES municipality (id),
    series           text   NOT NULL,
    last_value       bigint NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (municipality_id, series)
);

CREATE TABLE pregnancy_notification (
    id                 uuid PRIMARY KEY,
    municipality_id    uuid        NOT NULL REFERENCES municipality (id),
    -- 受付番号, given to the applicant at arrival
    receipt_number     text        NOT NULL,
    -- the applicant's login at the residents' identity provider
    applicant_subject  text        NOT NULL,
    status             text        NOT NULL
        CHECK (status IN ('submitted', 'correction_requested', 'accepted', 'rejected')),
    current_version    integer     NOT NULL CHECK (current_version >= 1),
    -- 到達時刻 of the first version: when it was stored and readable by the municipality
    arrived_at         timestamptz NOT NULL,
    -- the pregnancy (and handbook) issued on acceptance
    pregnancy_id       uuid REFERENCES pregnancy (id),
    updated_at         timestamptz NOT NULL,
    UNIQUE (municipality_id, receipt_number),
    CHECK ((status = 'accepted') = (pregnancy_id IS NOT NULL))
);
CREATE INDEX pregnancy_notification_review ON pregnancy_notification (municipality_id, status, arrived_at);
CREATE INDEX pregnancy_notification_applicant ON pregnancy_notification (applicant_subject, arrived_at);

-- Every signed version as it arrived: the first, and each corrected one the applicant signed anew.
CREATE TABLE pregnancy_notification_version (
    notification_id      uuid        NOT NULL REFERENCES pregnancy_notification (id),
    version              integer     NOT NULL CHECK (version >= 1),
    municipality_id      uuid        NOT NULL REFERENCES municipality (id),
    arrived_at           timestamptz NOT NULL,
    -- the form as signed (the JWS payload), parsed
    form                 jsonb       NOT NULL,
    -- the JWS compact serialisation exactly as received: the legal evidence of what was signed
    signed_content       text        NOT NULL,
    content_sha256       char(64)    NOT NULL,
    signature_algorithm  text        NOT NULL,
    signer_subject       text        NOT NULL,
    signer_issuer        text        NOT NULL,
    signer_serial        text        NOT NULL,
    signer_not_before    timestamptz NOT NULL,
    signer_not_after     timestamptz NOT NULL,
    -- the chain as validated, leaf first, base64 DER
    certificate_chain    text[]      NOT NULL,
    trust_anchor         text        NOT NULL,
    -- whether the signer's name in the certificate is the name on the form (staff look at a mismatch)
    name_match           text        NOT NULL CHECK (name_match IN ('match', 'mismatch')),
    PRIMARY KEY (notification_id, version)
);

-- Every change of status: who, when, and the message to the applicant or the reason.
CREATE TABLE pregnancy_notification_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id  uuid        NOT NULL REFERENCES pregnancy_notification (id),
    version          integer     NOT NULL,
    occurred_at      timestamptz NOT NULL,
    actor_role       text        NOT NULL,
    actor_id         text        NOT NULL,
    from_status      text,
    to_status        text        NOT NULL,
    message          text
);
CREATE INDEX pregnancy_notification_event_of ON pregnancy_notification_event (notification_id, id);

-- The 妊婦健診 schedule of a pregnancy, from its expected delivery date.
CREATE TABLE prenatal_visit (
    pregnancy_id      uuid        NOT NULL REFERENCES pregnancy (id),
    visit_number      smallint    NOT NULL CHECK (visit_number BETWEEN 1 AND 30),
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    from_week         smallint    NOT NULL CHECK (from_week BETWEEN 0 AND 45),
    to_week           smallint    NOT NULL CHECK (to_week BETWEEN 0 AND 45),
    recommended_from  date        NOT NULL,
    recommended_to    date        NOT NULL,
    -- the version of the schedule data file the visit was planned with
    schedule_version  text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (pregnancy_id, visit_number),
    CHECK (to_week >= from_week AND recommended_to >= recommended_from)
);

-- 妊婦健康診査受診券: one per publicly funded visit, used once by a clinic under contract.
CREATE TABLE prenatal_voucher (
    id                   uuid PRIMARY KEY,
    municipality_id      uuid        NOT NULL REFERENCES municipality (id),
    pregnancy_id         uuid        NOT NULL,
    visit_number         smallint    NOT NULL,
    voucher_number       text        NOT NULL,
    -- codes of what it pays for (the schedule data file names them)
    covers               text[]      NOT NULL,
    used_on              date,
    used_at              timestamptz,
    used_by_facility_id  uuid REFERENCES facility (id),
    issued_at            timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    FOREIGN KEY (pregnancy_id, visit_number) REFERENCES prenatal_visit (pregnancy_id, visit_number),
    UNIQUE (municipality_id, voucher_number),
    UNIQUE (pregnancy_id, visit_number),
    CHECK ((used_at IS NULL) = (used_by_facility_id IS NULL) AND (used_at IS NULL) = (used_on IS NULL))
);
CREATE INDEX prenatal_voucher_facility ON prenatal_voucher (used_by_facility_id, used_at);
