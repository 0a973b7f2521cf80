-- Family sharing: a guardian invites the other guardian with a one-time code; the invitee's
-- access to the shared children (guardianship) and pregnancies (pregnancy_share) follows the
-- accepted invitation until either of them ends it. Every change is an event both can read.
-- Account deletion: a request with a grace period, executed later by a scheduled job following
-- the retention rules (family/account/retention-rules.json).

-- Who registered a person: the municipality (a handbook issued, a family taken over) or the
-- person themself when accepting an invitation (name and date of birth as they typed them).
ALTER TABLE person ADD COLUMN registered_by text NOT NULL DEFAULT 'municipality'
    CHECK (registered_by IN ('municipality', 'invitation'));

-- One invitation from one guardian, for one municipality's children and pregnancies. The code is
-- a selector (looked up, stored as typed) and a secret (only its SHA-256 is kept); both are
-- cleared once the invitation is no longer pending, so a used code is worth nothing.
CREATE TABLE family_invitation (
    id                    uuid PRIMARY KEY,
    municipality_id       uuid        NOT NULL REFERENCES municipality (id),
    -- NULL once the inviter's account was deleted (the invitee's access stays theirs)
    inviter_person_id     uuid REFERENCES person (id),
    selector              text UNIQUE CHECK (selector ~ '^[2-9A-HJKMNP-TV-Z]{4}$'),
    secret_sha256         char(64) CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
    child_ids             uuid[]      NOT NULL DEFAULT '{}',
    pregnancy_ids         uuid[]      NOT NULL DEFAULT '{}',
    -- pending → accepted → revoked (by the inviter) | left (by the invitee) | ended (an account
    -- was deleted); pending → cancelled (by the inviter) | locked (too many wrong codes)
    status                text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'cancelled', 'locked', 'revoked', 'left', 'ended')),
    failed_attempts       integer     NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    invitee_person_id     uuid REFERENCES person (id),
    relationship          text CHECK (relationship IN ('father', 'other')),
    accepted_at           timestamptz,
    ended_at              timestamptz,
    updated_at            timestamptz NOT NULL,
    CHECK (cardinality(child_ids) + cardinality(pregnancy_ids) > 0),
    CHECK (expires_at > created_at),
    CHECK ((status = 'pending') = (selector IS NOT NULL)),
    CHECK ((selector IS NULL) = (secret_sha256 IS NULL)),
    CHECK ((accepted_at IS NULL) = (relationship IS NULL)),
    CHECK (status IN ('pending', 'cancelled', 'locked') OR accepted_at IS NOT NULL),
    CHECK ((status IN ('pending', 'accepted')) = (ended_at IS NULL))
);
CREATE INDEX family_invitation_inviter ON family_invitation (inviter_person_id, created_at);
CREATE INDEX family_invitation_invitee ON family_invitation (invitee_person_id)
    WHERE invitee_person_id IS NOT NULL;

-- Guardianship granted by an accepted invitation; NULL: registered by the municipality, which a
-- parent cannot remove.
ALTER TABLE guardianship ADD COLUMN invitation_id uuid REFERENCES family_invitation (id);
CREATE INDEX guardianship_invitation ON guardianship (invitation_id) WHERE invitation_id IS NOT NULL;

-- A pregnancy the pregnant person shares with her partner: the partner reads it as she does.
CREATE TABLE pregnancy_share (
    pregnancy_id     uuid        NOT NULL REFERENCES pregnancy (id),
    person_id        uuid        NOT NULL REFERENCES person (id),
    invitation_id    uuid        NOT NULL REFERENCES family_invitation (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    granted_at       timestamptz NOT NULL,
    PRIMARY KEY (pregnancy_id, person_id)
);
CREATE INDEX pregnancy_share_person ON pregnancy_share (person_id);
CREATE INDEX pregnancy_share_invitation ON pregnancy_share (invitation_id);

-- Every attempt to use a code, by the login that typed it: how guessing is stopped (a login with
-- too many failures in the window is refused, and so is an invitation with too many).
CREATE TABLE family_invitation_attempt (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_subject  text        NOT NULL,
    -- the invitation whose selector was typed, when one matched
    invitation_id  uuid REFERENCES family_invitation (id) ON DELETE SET NULL,
    succeeded      boolean     NOT NULL,
    occurred_at    timestamptz NOT NULL
);
CREATE INDEX family_invitation_attempt_subject
    ON family_invitation_attempt (login_subject, occurred_at) WHERE NOT succeeded;

-- The sharing log both guardians read: invited, accepted, a wrong code, locked, cancelled,
-- revoked, left, ended by an account deletion.
CREATE TABLE family_sharing_event (
    id                 uuid PRIMARY KEY,
    -- the order of events written in one transaction (a wrong code, then the lock it caused)
    seq                bigint GENERATED ALWAYS AS IDENTITY,
    municipality_id    uuid        NOT NULL REFERENCES municipality (id),
    invitation_id      uuid REFERENCES family_invitation (id) ON DELETE SET NULL,
    event              text        NOT NULL CHECK (event IN ('invited', 'accepted', 'attempt_refused',
                           'locked', 'cancelled', 'revoked', 'left', 'account_deleted')),
    -- who did it: the inviter, the invitee, someone who typed a wrong code, or the system
    actor              text        NOT NULL CHECK (actor IN ('inviter', 'invitee', 'someone', 'system')),
    inviter_person_id  uuid REFERENCES person (id),
    invitee_person_id  uuid REFERENCES person (id),
    child_ids          uuid[]      NOT NULL DEFAULT '{}',
    pregnancy_ids      uuid[]      NOT NULL DEFAULT '{}',
    occurred_at        timestamptz NOT NULL
);
CREATE INDEX family_sharing_event_inviter ON family_sharing_event (inviter_person_id);
CREATE INDEX family_sharing_event_invitee ON family_sharing_event (invitee_person_id);
CREATE INDEX family_sharing_event_children ON family_sharing_event USING gin (child_ids);
CREATE INDEX family_sharing_event_pregnancies ON family_sharing_event USING gin (pregnancy_ids);

-- A guardian's request to delete their app account. Executed once the grace period is over,
-- unless cancelled; the row stays as the record that (and when) the deletion was carried out.
-- person_id becomes NULL when the person's own record goes too (one who joined by invitation).
CREATE TABLE account_deletion_request (
    id               uuid PRIMARY KEY,
    person_id        uuid REFERENCES person (id) ON DELETE SET NULL,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    status           text        NOT NULL CHECK (status IN ('pending', 'cancelled', 'done')),
    requested_at     timestamptz NOT NULL,
    execute_after    timestamptz NOT NULL,
    cancelled_at     timestamptz,
    executed_at      timestamptz,
    -- the version of the retention rules the deletion followed
    rules_version    text,
    updated_at       timestamptz NOT NULL,
    CHECK (execute_after >= requested_at),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK ((status = 'done') = (executed_at IS NOT NULL)),
    CHECK ((status = 'done') = (rules_version IS NOT NULL))
);
-- At most one pending request per person.
CREATE UNIQUE INDEX account_deletion_request_pending ON account_deletion_request (person_id)
    WHERE status = 'pending';
CREATE INDEX account_deletion_request_due ON account_deletion_request (execute_after)
    WHERE status = 'pending';
