-- The digital 予診票: a guardian's answers to the pre-vaccination questionnaire for one planned
-- vaccination of a child, and the short-lived visit tokens (the QR code the parent shows) that let
-- the clinic of the visit read them with the child's vaccination history and forecast.

CREATE TABLE prescreening (
    id                      uuid PRIMARY KEY,
    municipality_id         uuid        NOT NULL REFERENCES municipality (id),
    child_id                uuid        NOT NULL REFERENCES child (id),
    -- the routine schedule's vaccine id (DPT_IPV_HIB, ROTA …) and, when the guardian named it,
    -- the dose label ('1', '2期' …); NULL: the next dose of the series
    vaccine                 text        NOT NULL,
    dose_label              text,
    planned_date            date        NOT NULL,
    -- the Questionnaire canonical with its version, and the version of the questionnaire data
    questionnaire           text        NOT NULL,
    questionnaire_version   text        NOT NULL,
    -- the answers by linkId as the service checked them ({"temperature": 36.8, …})
    answers                 jsonb       NOT NULL,
    -- the same answers as a FHIR QuestionnaireResponse (sukoyaka-prescreening-response)
    questionnaire_response  jsonb       NOT NULL,
    status                  text        NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'redeemed')),
    -- replaced answers count up; a visit token shows the latest
    version                 integer     NOT NULL DEFAULT 1,
    answered_by             text        NOT NULL,
    answered_at             timestamptz NOT NULL,
    created_at              timestamptz NOT NULL,
    redeemed_at             timestamptz,
    CHECK ((status = 'redeemed') = (redeemed_at IS NOT NULL))
);
CREATE INDEX prescreening_child ON prescreening (child_id, planned_date);

-- One row per answer (several for a question with several answers), typed, so that coverage
-- and attention figures can be queried without reading JSON; exactly one value column is set.
CREATE TABLE prescreening_answer (
    prescreening_id  uuid     NOT NULL REFERENCES prescreening (id) ON DELETE CASCADE,
    municipality_id  uuid     NOT NULL REFERENCES municipality (id),
    link_id          text     NOT NULL,
    ordinal          smallint NOT NULL DEFAULT 0,
    value_type       text     NOT NULL
        CHECK (value_type IN ('boolean', 'decimal', 'integer', 'string', 'date', 'choice')),
    boolean_value    boolean,
    decimal_value    numeric,
    string_value     text,
    date_value       date,
    PRIMARY KEY (prescreening_id, link_id, ordinal),
    CHECK (
        (value_type = 'boolean' AND boolean_value IS NOT NULL)
        OR (value_type IN ('decimal', 'integer') AND decimal_value IS NOT NULL)
        OR (value_type IN ('string', 'choice') AND string_value IS NOT NULL)
        OR (value_type = 'date' AND date_value IS NOT NULL)
    )
);

-- The QR code's token. Only its SHA-256 is kept: the token itself exists on the parent's phone
-- and in the clinic's scan. Once a clinic redeems it, it is bound to that clinic; the clinic
-- holds a visit grant for the child until grant_expires_at.
CREATE TABLE visit_token (
    id                    uuid PRIMARY KEY,
    token_sha256          char(64)    NOT NULL UNIQUE,
    municipality_id       uuid        NOT NULL REFERENCES municipality (id),
    child_id              uuid        NOT NULL REFERENCES child (id),
    prescreening_id       uuid        NOT NULL REFERENCES prescreening (id),
    issued_by             text        NOT NULL,
    issued_at             timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    redeemed_by_facility  uuid REFERENCES facility (id),
    redeemed_by_client    text,
    redeemed_at           timestamptz,
    grant_expires_at      timestamptz,
    CHECK (expires_at > issued_at),
    CHECK ((redeemed_at IS NULL) = (redeemed_by_facility IS NULL)),
    CHECK ((redeemed_at IS NULL) = (grant_expires_at IS NULL))
);
CREATE INDEX visit_token_prescreening ON visit_token (prescreening_id);
CREATE INDEX visit_token_grant ON visit_token (child_id, redeemed_by_facility, grant_expires_at)
    WHERE redeemed_at IS NOT NULL;
