-- Transfers of a child's handbook between municipalities (転入・転出, seed 000): the records taken
-- over from the previous municipality with their provenance on every one, the re-query about three
-- months later for records registered there late, the changes a newer handbook brings (listed as
-- conflicts for staff to decide, never applied silently), and what was sent to the next
-- municipality, to whom and when.

-- A facility known only from a record taken over from another municipality: its 医療機関コード and
-- name came with the record, its kind did not.
ALTER TABLE facility DROP CONSTRAINT facility_kind_check;
ALTER TABLE facility ADD CONSTRAINT facility_kind_check
    CHECK (kind IN ('clinic', 'hospital', 'midwifery_home', 'unknown'));

-- A child who moved in from another municipality: one row per child and previous municipality.
CREATE TABLE transfer_in (
    id                    uuid PRIMARY KEY,
    municipality_id       uuid        NOT NULL REFERENCES municipality (id),
    child_id              uuid        NOT NULL REFERENCES child (id),
    -- the previous municipality (全国地方公共団体コード) and its name
    from_code             char(6)     NOT NULL CHECK (from_code ~ '^[0-9]{6}$'),
    from_name             text        NOT NULL CHECK (length(from_name) BETWEEN 1 AND 200),
    -- the handbook the child carries (a handbook is not issued again on moving), as its issuer
    -- numbered it; the child's own handbook_number stays for a handbook issued here
    handbook_issuer_code  char(6) CHECK (handbook_issuer_code ~ '^[0-9]{6}$'),
    handbook_number       text,
    birth_order           smallint    NOT NULL DEFAULT 1 CHECK (birth_order BETWEEN 1 AND 8),
    created_by            text        NOT NULL,
    created_at            timestamptz NOT NULL,
    -- The re-query (再度の情報連携) for records the previous municipality registered after the move:
    -- due about three months after it (seed 000 (2)②); done by importing a newer handbook or by
    -- staff stating that the previous municipality has nothing more.
    requery_due           date        NOT NULL,
    requery_done_at       timestamptz,
    requery_done_by       text,
    requery_import_id     uuid,
    requery_note          text CHECK (length(requery_note) <= 1000),
    CHECK ((handbook_issuer_code IS NULL) = (handbook_number IS NULL)),
    CHECK ((requery_done_at IS NULL) = (requery_done_by IS NULL)),
    UNIQUE (child_id, from_code)
);
CREATE INDEX transfer_in_municipality ON transfer_in (municipality_id, created_at DESC);
CREATE INDEX transfer_in_requery_open ON transfer_in (municipality_id, requery_due)
    WHERE requery_done_at IS NULL;
CREATE INDEX transfer_in_handbook ON transfer_in (municipality_id, handbook_issuer_code,
    handbook_number, birth_order);

-- One handbook (or set of corrected records, or the mandatory items entered by hand) taken in,
-- kept as received. The same content again for the same transfer is recognised and adds nothing.
CREATE TABLE transfer_import (
    id               uuid PRIMARY KEY,
    transfer_id      uuid        NOT NULL REFERENCES transfer_in (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    -- bundle: a FHIR Bundle; items: the 最低限電子化すべき items entered as JSON
    format           text        NOT NULL CHECK (format IN ('bundle', 'items')),
    document_kind    text        NOT NULL CHECK (document_kind IN ('handbook', 'correction')),
    document_id      text,
    payload_sha256   char(64)    NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
    payload          jsonb       NOT NULL,
    -- staff (from the previous municipality: no consent is needed for this, seed 000 (3)) or the
    -- family (their own download, with their consent, given at consent_at)
    brought_by       text        NOT NULL CHECK (brought_by IN ('staff', 'family')),
    consent_at       timestamptz,
    imported_by      text        NOT NULL,
    imported_at      timestamptz NOT NULL,
    added            integer     NOT NULL CHECK (added >= 0),
    unchanged        integer     NOT NULL CHECK (unchanged >= 0),
    conflicts        integer     NOT NULL CHECK (conflicts >= 0),
    -- resources left out and why ([{"resource": …, "reason": …}])
    skipped          jsonb       NOT NULL DEFAULT '[]',
    CHECK ((brought_by = 'family') = (consent_at IS NOT NULL)),
    UNIQUE (transfer_id, payload_sha256)
);
CREATE INDEX transfer_import_transfer ON transfer_import (transfer_id, imported_at);
ALTER TABLE transfer_in ADD CONSTRAINT transfer_in_requery_import
    FOREIGN KEY (requery_import_id) REFERENCES transfer_import (id);

-- The provenance of every record taken over: which transfer and import brought it, where it was
-- first registered and its id there, and the content as last taken over (to tell a change).
CREATE TABLE transfer_record (
    child_id          uuid        NOT NULL REFERENCES child (id),
    record_type       text        NOT NULL CHECK (record_type IN ('immunization', 'checkup')),
    origin_code       char(6)     NOT NULL CHECK (origin_code ~ '^[0-9]{6}$'),
    origin_id         text        NOT NULL,
    municipality_id   uuid        NOT NULL REFERENCES municipality (id),
    transfer_id       uuid        NOT NULL REFERENCES transfer_in (id),
    import_id         uuid        NOT NULL REFERENCES transfer_import (id),
    -- how the origin recorded it (clinic, municipal, parent, …), when the handbook said
    origin_source     text,
    -- our record: immunization_record.id or checkup_encounter.id
    local_id          uuid        NOT NULL,
    content_sha256    char(64)    NOT NULL,
    content           jsonb       NOT NULL,
    imported_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (child_id, record_type, origin_code, origin_id)
);
CREATE INDEX transfer_record_local ON transfer_record (local_id);
CREATE INDEX transfer_record_transfer ON transfer_record (transfer_id);

-- A record the sender changed, withdrew, or no longer has, beside ours: staff accept theirs or keep
-- ours. Listed once per content the sender sent.
CREATE TABLE transfer_conflict (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    transfer_id      uuid        NOT NULL REFERENCES transfer_in (id),
    import_id        uuid        NOT NULL REFERENCES transfer_import (id),
    child_id         uuid        NOT NULL REFERENCES child (id),
    record_type      text        NOT NULL CHECK (record_type IN ('immunization', 'checkup')),
    origin_code      char(6)     NOT NULL,
    origin_id        text        NOT NULL,
    local_id         uuid        NOT NULL,
    -- changed: the sender's record differs from ours; retracted: the sender withdrew it (entered in
    -- error); missing: a newer whole handbook no longer has it
    reason           text        NOT NULL CHECK (reason IN ('changed', 'retracted', 'missing')),
    ours             jsonb       NOT NULL,
    theirs           jsonb,
    theirs_sha256    char(64)    NOT NULL,
    -- open until staff accept theirs or keep ours; superseded by a newer change of the same record
    status           text        NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'accepted', 'kept', 'superseded')),
    resolved_by      text,
    resolved_at      timestamptz,
    resolution_note  text CHECK (length(resolution_note) <= 1000),
    created_at       timestamptz NOT NULL,
    CHECK ((reason = 'missing') = (theirs IS NULL)),
    CHECK ((status = 'open') = (resolved_at IS NULL)),
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)),
    UNIQUE (child_id, record_type, origin_code, origin_id, theirs_sha256)
);
CREATE INDEX transfer_conflict_open ON transfer_conflict (municipality_id, created_at)
    WHERE status = 'open';
CREATE INDEX transfer_conflict_transfer ON transfer_conflict (transfer_id);

-- What was sent to another municipality, to whom and when: the Bundle as sent, and each record with
-- its version, so that a later correction finds everyone who has the record.
CREATE TABLE transfer_out (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    child_id         uuid        NOT NULL REFERENCES child (id),
    to_code          char(6)     NOT NULL CHECK (to_code ~ '^[0-9]{6}$'),
    to_name          text        NOT NULL CHECK (length(to_name) BETWEEN 1 AND 200),
    document_kind    text        NOT NULL CHECK (document_kind IN ('handbook', 'correction')),
    -- the correction whose Bundle this is (a correction's own table comes in the next migration)
    correction_id    uuid,
    bundle           jsonb       NOT NULL,
    bundle_sha256    char(64)    NOT NULL,
    sent_by          text        NOT NULL,
    sent_at          timestamptz NOT NULL,
    note             text CHECK (length(note) <= 1000),
    CHECK ((document_kind = 'correction') = (correction_id IS NOT NULL))
);
CREATE INDEX transfer_out_municipality ON transfer_out (municipality_id, sent_at DESC);
CREATE INDEX transfer_out_child ON transfer_out (child_id, sent_at);

CREATE TABLE transfer_out_record (
    transfer_out_id  uuid    NOT NULL REFERENCES transfer_out (id),
    municipality_id  uuid    NOT NULL REFERENCES municipality (id),
    record_type      text    NOT NULL CHECK (record_type IN ('immunization', 'checkup', 'observation')),
    record_id        uuid    NOT NULL,
    version          integer NOT NULL CHECK (version >= 1),
    PRIMARY KEY (transfer_out_id, record_type, record_id)
);
CREATE INDEX transfer_out_record_record ON transfer_out_record (record_id);
