-- What a guardian wants pushed and when, and the transactional outbox of pushes: the row that
-- creates a notice or a reminder and the push_message row that asks for its push commit together.

-- One row per guardian (or pregnant person) who changed a setting; no row means the defaults.
CREATE TABLE notification_preference (
    person_id          uuid PRIMARY KEY REFERENCES person (id),
    municipality_id    uuid        NOT NULL REFERENCES municipality (id),
    -- the language pushes and reminders are written in (BCP 47 primary tag)
    language           text        NOT NULL DEFAULT 'ja' CHECK (language ~ '^[a-z]{2,3}$'),
    -- quiet hours in Japan time: a push due inside them waits until they end, it is never dropped
    quiet_start        time        NOT NULL DEFAULT '21:00',
    quiet_end          time        NOT NULL DEFAULT '08:00',
    -- reminder kinds the guardian switched off
    reminders_off      text[]      NOT NULL DEFAULT '{}',
    updated_at         timestamptz NOT NULL
);

-- One message to one guardian; the dispatcher fans it out to the guardian's devices.
CREATE TABLE push_message (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    person_id        uuid        NOT NULL REFERENCES person (id),
    kind             text        NOT NULL CHECK (kind IN ('notice', 'reminder')),
    -- the notice or reminder the push is about
    subject_id       uuid        NOT NULL,
    -- what is sent, in the guardian's language, as mobile-contract's push payload schemas say
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    -- not sent before this instant (quiet hours)
    not_before       timestamptz NOT NULL,
    status           text        NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sent', 'failed', 'no_device', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    finished_at      timestamptz,
    -- one push per subject and guardian, whatever retries the producer makes
    UNIQUE (subject_id, person_id)
);
CREATE INDEX push_message_due ON push_message (next_attempt_at) WHERE status = 'queued';
CREATE INDEX push_message_person ON push_message (person_id, created_at);
