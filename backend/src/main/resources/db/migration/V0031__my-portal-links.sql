-- The My Portal / PMH link (期間連携): a guardian authorises Sukoyaka at マイナポータル to retrieve
-- the 乳幼児健診, 妊婦健診 and 予防接種 records of their family for about 90 days.

-- One authorisation the guardian started and has not finished: the state sent to the portal (only
-- its SHA-256 is kept, the state itself travels in the URL), the PKCE verifier (sealed like every
-- secret, see security.SecretSealing), and the handbooks the link is to cover. Single use: used_at
-- is set by the callback that redeems it, whatever the outcome.
CREATE TABLE my_portal_authorisation (
    state_sha256     char(64) PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    person_id        uuid        NOT NULL REFERENCES person (id),
    login_subject    text        NOT NULL,
    child_ids        uuid[]      NOT NULL,
    pregnancy_ids    uuid[]      NOT NULL,
    code_verifier    text        NOT NULL,
    text_version     text        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX my_portal_authorisation_person ON my_portal_authorisation (person_id, created_at);

-- A link: the portal's tokens (sealed: a copy of the database alone does not reach the portal),
-- until when it lasts, and how it ended (the guardian ended it, it expired, the portal refused it).
CREATE TABLE my_portal_link (
    id                  uuid PRIMARY KEY,
    municipality_id     uuid        NOT NULL REFERENCES municipality (id),
    person_id           uuid        NOT NULL REFERENCES person (id),
    login_subject       text        NOT NULL,
    child_ids           uuid[]      NOT NULL,
    pregnancy_ids       uuid[]      NOT NULL,
    scope               text        NOT NULL,
    text_version        text        NOT NULL,
    access_token        text,
    access_expires_at   timestamptz,
    refresh_token       text,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    ended_at            timestamptz,
    ended_reason        text CHECK (ended_reason IN ('ended-by-guardian', 'refused-by-portal')),
    revoked_at_portal   boolean,
    last_import_at      timestamptz,
    last_import         jsonb,
    last_import_error   text,
    CHECK ((ended_at IS NULL) = (ended_reason IS NULL)),
    -- an ended link keeps no token
    CHECK (ended_at IS NULL OR (access_token IS NULL AND refresh_token IS NULL))
);
CREATE INDEX my_portal_link_person ON my_portal_link (person_id, created_at DESC);
