-- Third-party PHR apps reach a family's records through SMART on FHIR (authorization code flow with
-- PKCE) once a guardian consented. Apps are registered by the operator, never by themselves.
-- Secrets, codes and tokens are stored only as their SHA-256: a copy of these tables reads no one's
-- records. They are all 256-bit random values of ours, so a plain hash suffices (no guessing).

CREATE TABLE phr_app (
    client_id      text        PRIMARY KEY CHECK (client_id ~ '^[A-Za-z0-9._~-]{3,100}$'),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- compared exactly, character for character, with the redirect_uri an app sends
    redirect_uris  text[]      NOT NULL CHECK (cardinality(redirect_uris) > 0),
    client_type    text        NOT NULL CHECK (client_type IN ('public', 'confidential')),
    secret_sha256  char(64)    CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
    -- the most the app may ask for, space-separated SMART v2 scopes
    scopes         text        NOT NULL,
    active         boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    CHECK ((client_type = 'confidential') = (secret_sha256 IS NOT NULL))
);

-- A guardian's consent that one app reads one child's or one pregnancy's records of some kinds,
-- until it expires or is withdrawn (by the guardian, the app, or because a used refresh token or
-- code came back, a sign that it was stolen). Every request of the app checks it.
CREATE TABLE phr_app_grant (
    id                  uuid        PRIMARY KEY,
    client_id           text        NOT NULL REFERENCES phr_app (client_id),
    -- erasing the guardian's account erases their consents with it
    guardian_person_id  uuid        NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    guardian_subject    text        NOT NULL,
    subject_type        text        NOT NULL CHECK (subject_type IN ('child', 'pregnancy')),
    subject_id          uuid        NOT NULL,
    -- the FHIR Patient the app is launched with: the child, or the pregnant person
    patient_id          uuid        NOT NULL,
    municipality_id     uuid        NOT NULL REFERENCES municipality (id),
    scopes              text        NOT NULL,
    record_kinds        text[]      NOT NULL,
    text_version        text        NOT NULL,
    agreed_at           timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    withdrawn_at        timestamptz,
    withdrawn_reason    text CHECK (withdrawn_reason IN
                            ('guardian', 'app', 'refresh-token-reused', 'code-reused')),
    last_used_at        timestamptz,
    CHECK (expires_at > agreed_at),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE INDEX phr_app_grant_guardian ON phr_app_grant (guardian_person_id, agreed_at DESC);

-- An authorization under way in a guardian's browser: the app's request, checked, waiting for the
-- guardian to log in and decide. Bound to the browser that started it (a cookie, stored as its
-- SHA-256), so a link to someone else's request leads nowhere. Used once, within minutes.
CREATE TABLE phr_app_authorization (
    id                  uuid        PRIMARY KEY,
    browser_sha256      char(64)    NOT NULL CHECK (browser_sha256 ~ '^[0-9a-f]{64}$'),
    client_id           text        NOT NULL REFERENCES phr_app (client_id) ON DELETE CASCADE,
    redirect_uri        text        NOT NULL,
    scopes              text        NOT NULL,
    state               text        NOT NULL,
    code_challenge      text        NOT NULL CHECK (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
    language            text        NOT NULL CHECK (language IN ('ja', 'en')),
    -- the consent form's CSRF token
    form_token          text        NOT NULL CHECK (length(form_token) >= 32),
    -- set when the guardian has logged in
    guardian_subject    text,
    -- a login at the residents' OpenID Connect provider under way
    login_state_sha256  char(64)    UNIQUE CHECK (login_state_sha256 ~ '^[0-9a-f]{64}$'),
    login_provider      text,
    login_nonce         text,
    login_verifier      text,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX phr_app_authorization_expiry ON phr_app_authorization (expires_at);

-- Authorization codes: single use, short-lived; kept as used until they expire, so that a code
-- presented twice is recognised and its grant withdrawn (RFC 6749 section 4.1.2).
CREATE TABLE phr_app_code (
    code_sha256     char(64)    PRIMARY KEY CHECK (code_sha256 ~ '^[0-9a-f]{64}$'),
    grant_id        uuid        NOT NULL REFERENCES phr_app_grant (id) ON DELETE CASCADE,
    redirect_uri    text        NOT NULL,
    code_challenge  text        NOT NULL,
    scopes          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);
CREATE INDEX phr_app_code_expiry ON phr_app_code (expires_at);

-- Refresh tokens rotate: each is used once and replaced by the next; one presented again means a
-- copy exists somewhere, and the grant is withdrawn.
CREATE TABLE phr_app_refresh_token (
    token_sha256    char(64)    PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    grant_id        uuid        NOT NULL REFERENCES phr_app_grant (id) ON DELETE CASCADE,
    scopes          text        NOT NULL,
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);
CREATE INDEX phr_app_refresh_token_grant ON phr_app_refresh_token (grant_id);
