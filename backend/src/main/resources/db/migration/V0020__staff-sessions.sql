-- Municipal staff use the dashboard in a browser. A browser cannot keep a bearer token safely, so
-- after the login (the municipality's OpenID Connect provider, or a demo identity in demo mode) the
-- service keeps a session and the browser a cookie (HttpOnly, SameSite=Strict, Path=/dashboard)
-- holding a random token. Only the token's SHA-256 is stored here: a copy of this table logs no one
-- in. Every form the dashboard posts carries the session's CSRF token as well.

CREATE TABLE staff_session (
    id               uuid PRIMARY KEY,
    token_sha256     char(64)    NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    -- removing the staff account ends its sessions
    staff_subject    text        NOT NULL REFERENCES staff_account (subject) ON DELETE CASCADE,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    csrf_token       text        NOT NULL CHECK (length(csrf_token) >= 32),
    -- the page language the staff member chose; NULL: the browser's Accept-Language
    language         text CHECK (language IN ('ja', 'en')),
    login_method     text        NOT NULL CHECK (login_method IN ('demo', 'oidc')),
    -- the configured identity provider of an OpenID Connect login
    identity_provider text,
    created_at       timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    -- the absolute end, whatever the activity; idleness ends it sooner (configuration)
    expires_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    end_reason       text CHECK (end_reason IN ('logout', 'expired', 'idle')),
    CHECK (expires_at > created_at),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CHECK ((login_method = 'oidc') = (identity_provider IS NOT NULL))
);
CREATE INDEX staff_session_subject ON staff_session (staff_subject) WHERE ended_at IS NULL;
CREATE INDEX staff_session_expiry ON staff_session (expires_at) WHERE ended_at IS NULL;

-- A login at an OpenID Connect provider under way (authorization code flow with PKCE): the state
-- the browser brings back (stored as its SHA-256), the nonce the ID token must carry, the PKCE
-- verifier and where to go afterwards. Used once, within minutes.
CREATE TABLE staff_login_state (
    state_sha256       char(64)    PRIMARY KEY CHECK (state_sha256 ~ '^[0-9a-f]{64}$'),
    identity_provider  text        NOT NULL,
    nonce              text        NOT NULL,
    code_verifier      text        NOT NULL,
    next_path          text        NOT NULL CHECK (next_path ~ '^/dashboard'),
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX staff_login_state_expiry ON staff_login_state (expires_at);
