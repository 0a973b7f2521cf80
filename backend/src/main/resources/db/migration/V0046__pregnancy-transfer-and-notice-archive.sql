-- A pregnancy carried to another Sukoyaka (another municipality) in the family's own download: the
-- pregnant person takes her pregnancy over with its 妊婦健診, her vaccinations and her own records,
-- each record keeping where it was first registered; and the notices the previous municipality sent
-- her, kept as a read-only archive (never delivered again).

-- One pregnancy taken over, from one previous municipality: the same pregnancy brought again finds
-- it (its id there is the key).
CREATE TABLE pregnancy_transfer_in (
    id                    uuid PRIMARY KEY,
    municipality_id       uuid        NOT NULL REFERENCES municipality (id),
    pregnancy_id          uuid        NOT NULL REFERENCES pregnancy (id),
    from_code             char(6)     NOT NULL CHECK (from_code ~ '^[0-9]{6}$'),
    from_name             text        NOT NULL CHECK (length(from_name) BETWEEN 1 AND 200),
    -- the pregnancy's id at the previous Sukoyaka
    origin_id             text        NOT NULL CHECK (length(origin_id) BETWEEN 1 AND 64),
    -- the handbook she carries, as its issuer numbered it (a handbook is not issued again on moving)
    handbook_issuer_code  char(6) CHECK (handbook_issuer_code ~ '^[0-9]{6}$'),
    handbook_number       text,
    -- true: an existing pregnancy of hers here was recognised and linked, not created
    linked                boolean     NOT NULL,
    consent_at            timestamptz NOT NULL,
    imported_by           text        NOT NULL,
    imported_at           timestamptz NOT NULL,
    UNIQUE (municipality_id, from_code, origin_id)
);
CREATE INDEX pregnancy_transfer_in_pregnancy ON pregnancy_transfer_in (pregnancy_id);

-- The provenance of every record of a pregnancy taken over: where it was first registered, its id
-- there, and our record (checkup_encounter, immunization_record or parent_record).
CREATE TABLE pregnancy_transfer_record (
    pregnancy_id     uuid        NOT NULL REFERENCES pregnancy (id),
    record_type      text        NOT NULL CHECK (record_type IN ('checkup', 'immunization', 'own_record')),
    origin_code      char(6)     NOT NULL CHECK (origin_code ~ '^[0-9]{6}$'),
    origin_id        text        NOT NULL,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    transfer_id      uuid        NOT NULL REFERENCES pregnancy_transfer_in (id),
    local_id         uuid        NOT NULL,
    -- true: a record we already had was recognised as this one and linked
    linked           boolean     NOT NULL,
    imported_at      timestamptz NOT NULL,
    PRIMARY KEY (pregnancy_id, record_type, origin_code, origin_id)
);
CREATE INDEX pregnancy_transfer_record_local ON pregnancy_transfer_record (local_id);

-- Notices another municipality sent the guardian, as their download carried them: what they were
-- told (a subsidy, a checkup, ...), labelled with who sent it. Read-only; never delivered or pushed.
CREATE TABLE received_notice_archive (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    person_id        uuid        NOT NULL REFERENCES person (id),
    from_code        char(6)     NOT NULL CHECK (from_code ~ '^[0-9]{6}$'),
    from_name        text        NOT NULL CHECK (length(from_name) BETWEEN 1 AND 200),
    -- the name the sender signed the notice with, as the download said
    sender_name      text,
    origin_id        text        NOT NULL CHECK (length(origin_id) BETWEEN 1 AND 64),
    kind             text,
    channel          text,
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    body             text CHECK (length(body) <= 20000),
    sent_at          timestamptz,
    read_at          timestamptz,
    -- the guardian's replies as they were sent: [{"sentAt": …, "parts": [...], "superseded": bool}]
    replies          jsonb       NOT NULL DEFAULT '[]',
    imported_at      timestamptz NOT NULL,
    UNIQUE (person_id, from_code, origin_id)
);
CREATE INDEX received_notice_archive_person ON received_notice_archive (person_id, sent_at DESC);
