-- お知らせ: notices from a municipality to its guardians and pregnant people, the audiences they go
-- to, online-delivery consent, deliveries with read receipts, replies, and the areas (地区) a
-- municipality divides itself into for targeting and for the paper follow-up list.

-- The areas of a municipality (地区, 校区, 保健センターの担当区域 …), as its staff name them.
CREATE TABLE municipal_area (
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    code             text        NOT NULL CHECK (code ~ '^[0-9A-Za-z_-]{1,20}$'),
    name_ja          text        NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 100),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (municipality_id, code)
);

-- The area of a person's address, set by staff; NULL until set. An area of another municipality
-- cannot be set (the key includes the municipality).
ALTER TABLE person ADD COLUMN area_code text;
ALTER TABLE person ADD CONSTRAINT person_area_fkey
    FOREIGN KEY (municipality_id, area_code) REFERENCES municipal_area (municipality_id, code);
CREATE INDEX person_area ON person (municipality_id, area_code) WHERE area_code IS NOT NULL;

-- A saved audience: a query over the municipality's own families (criteria combined with AND),
-- reused from notice to notice. The query is the API's AudienceQuery as JSON.
CREATE TABLE notice_audience (
    id               uuid        PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    query            jsonb       NOT NULL,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (municipality_id, name)
);

-- A notice: drafted, edited, then sent once. Title, body and the question's texts are JSON objects
-- keyed by language ({"ja": ..., "en": ...}, Japanese always present). A consent request is the
-- notice that asks for online-delivery consent (a yes/no question with a versioned consent text,
-- the body); it is delivered online to everyone, as it is the way to ask.
CREATE TABLE notice (
    id                    uuid        PRIMARY KEY,
    municipality_id       uuid        NOT NULL REFERENCES municipality (id),
    kind                  text        NOT NULL CHECK (kind IN ('official', 'consent_request')),
    status                text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
    title                 jsonb       NOT NULL,
    body                  jsonb       NOT NULL,
    links                 jsonb       NOT NULL DEFAULT '[]',
    question              jsonb,
    reply_deadline        timestamptz,
    reply_policy          text CHECK (reply_policy IN ('once', 'changeable')),
    consent_text_version  text,
    -- recipients still unread this many days after the notice arrived go on the paper list
    paper_after_days      integer CHECK (paper_after_days BETWEEN 1 AND 365),
    audience_id           uuid REFERENCES notice_audience (id),
    -- the audience's query as it was when the notice was sent (a saved audience may change later)
    audience_query        jsonb,
    created_by            text        NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_by            text        NOT NULL,
    updated_at            timestamptz NOT NULL,
    sent_by               text,
    -- The last thing the send transaction writes before it commits, which makes every online
    -- delivery readable at once: the legal arrival (到達) of the notice in each recipient's inbox.
    sent_at               timestamptz,
    online_count          integer,
    paper_count           integer,
    CHECK ((question IS NULL) = (reply_deadline IS NULL)),
    CHECK ((question IS NULL) = (reply_policy IS NULL)),
    CHECK ((kind = 'consent_request') = (consent_text_version IS NOT NULL)),
    CHECK (kind <> 'consent_request' OR question IS NOT NULL),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((sent_at IS NULL) = (sent_by IS NULL)),
    CHECK ((sent_at IS NULL) = (online_count IS NULL)),
    CHECK ((sent_at IS NULL) = (paper_count IS NULL))
);
CREATE INDEX notice_municipality ON notice (municipality_id, created_at DESC);
-- What a delivery's (notice, municipality) key refers to.
ALTER TABLE notice ADD CONSTRAINT notice_id_municipality UNIQUE (id, municipality_id);

-- PDF attachments, kept as bytes with their SHA-256; already compressed, so stored uncompressed.
CREATE TABLE notice_attachment (
    id               uuid        PRIMARY KEY,
    notice_id        uuid        NOT NULL REFERENCES notice (id) ON DELETE CASCADE,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    file_name        text        NOT NULL CHECK (length(file_name) BETWEEN 5 AND 200),
    content_type     text        NOT NULL CHECK (content_type = 'application/pdf'),
    size_bytes       integer     NOT NULL CHECK (size_bytes > 0),
    sha256           char(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content          bytea       NOT NULL,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL
);
ALTER TABLE notice_attachment ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX notice_attachment_notice ON notice_attachment (notice_id, created_at);

-- One row per recipient of a sent notice. Online: in the recipient's inbox from the notice's
-- sent_at, with a push queued in the same transaction. Paper: the recipient had not consented to
-- online delivery when it was sent; no push, not in the inbox, on the paper list.
CREATE TABLE notice_delivery (
    notice_id        uuid        NOT NULL,
    person_id        uuid        NOT NULL REFERENCES person (id),
    -- the notice's municipality: one key checks both, as a send inserts 100,000 rows at once
    municipality_id  uuid        NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('online', 'paper')),
    -- the children and pregnancies of the recipient that matched the audience
    child_ids        uuid[]      NOT NULL DEFAULT '{}',
    pregnancy_ids    uuid[]      NOT NULL DEFAULT '{}',
    -- the read receipt: the first time the recipient opened it
    read_at          timestamptz,
    PRIMARY KEY (notice_id, person_id),
    FOREIGN KEY (notice_id, municipality_id) REFERENCES notice (id, municipality_id),
    CHECK (read_at IS NULL OR channel = 'online')
);
CREATE INDEX notice_delivery_inbox ON notice_delivery (person_id, notice_id) WHERE channel = 'online';

-- Replies to a notice's question. A changed reply supersedes the earlier one, which is kept.
CREATE TABLE notice_reply (
    id               uuid        PRIMARY KEY,
    notice_id        uuid        NOT NULL,
    person_id        uuid        NOT NULL,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    choices          text[],
    date_answer      date,
    text_answer      text,
    answered_at      timestamptz NOT NULL,
    superseded_at    timestamptz,
    FOREIGN KEY (notice_id, person_id) REFERENCES notice_delivery (notice_id, person_id),
    CHECK (num_nonnulls(choices, date_answer, text_answer) = 1),
    CHECK (superseded_at IS NULL OR superseded_at >= answered_at)
);
CREATE UNIQUE INDEX notice_reply_current ON notice_reply (notice_id, person_id)
    WHERE superseded_at IS NULL;

-- Online-delivery consent (オンラインでのお知らせへの同意), as a history: the latest row of a person
-- in a municipality is their current decision. Granted and refused come from a reply to a consent
-- request (which notice, which version of the text); withdrawn from the guardian's own request.
CREATE TABLE online_delivery_consent (
    id               uuid        PRIMARY KEY,
    person_id        uuid        NOT NULL REFERENCES person (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    decision         text        NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
    text_version     text,
    notice_id        uuid REFERENCES notice (id),
    decided_at       timestamptz NOT NULL,
    CHECK (decision = 'withdrawn' OR (notice_id IS NOT NULL AND text_version IS NOT NULL))
);
CREATE INDEX online_delivery_consent_current
    ON online_delivery_consent (municipality_id, person_id, decided_at DESC, id DESC);

-- A sent notice is immutable (corrections are made by a new notice): what recipients were sent
-- cannot be changed or deleted, nor its attachments.
CREATE FUNCTION notice_sent_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'sent' THEN
        RAISE EXCEPTION 'notice % was sent and cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER notice_sent_is_immutable BEFORE UPDATE OR DELETE ON notice
    FOR EACH ROW EXECUTE FUNCTION notice_sent_is_immutable();

CREATE FUNCTION notice_attachment_of_draft_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.notice_id ELSE NEW.notice_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM notice WHERE id = target AND status = 'sent') THEN
        RAISE EXCEPTION 'notice % was sent; its attachments cannot be changed', target
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER notice_attachment_of_draft_only BEFORE INSERT OR UPDATE OR DELETE ON notice_attachment
    FOR EACH ROW EXECUTE FUNCTION notice_attachment_of_draft_only();
