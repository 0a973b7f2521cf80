-- Reminders from the system to guardians: a vaccine becoming due or overdue, a 妊婦健診 visit, an
-- infant checkup, a 要精密 follow-up without a result. A daily run per municipality turns forecasts
-- and checkup schedules into reminders; each reminder is one row per recipient and event, so that
-- the same reminder never reaches the same person twice.

-- One run per municipality and day. The row is the claim: an instance that inserts it runs the day;
-- another instance finds it and leaves the day alone, unless the run failed or its instance stopped
-- reporting (heartbeat older than the lease), when one instance takes it over.
CREATE TABLE reminder_run (
    municipality_id     uuid        NOT NULL REFERENCES municipality (id),
    run_date            date        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    -- 'schedule' (the daily timer) or the staff member who asked for it
    started_by          text        NOT NULL,
    -- the service instance that holds the claim
    instance            text        NOT NULL,
    attempts            integer     NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    started_at          timestamptz NOT NULL,
    heartbeat_at        timestamptz NOT NULL,
    finished_at         timestamptz,
    children            integer,
    pregnancies         integer,
    reminders_created   integer,
    pushes_queued       integer,
    reminders_resolved  integer,
    pushes_withdrawn    integer,
    error               text,
    PRIMARY KEY (municipality_id, run_date),
    CHECK ((status = 'running') = (finished_at IS NULL))
);

-- One reminder to one person (a guardian of the child, or the pregnant person) about one event.
CREATE TABLE reminder (
    id               uuid PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    person_id        uuid        NOT NULL REFERENCES person (id),
    -- the child or the pregnancy it is about (subject_id repeats whichever is set)
    subject_id       uuid        NOT NULL,
    child_id         uuid REFERENCES child (id),
    pregnancy_id     uuid REFERENCES pregnancy (id),
    -- a kind of the reminder rules (reminder-rules.json)
    kind             text        NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]*$'),
    -- the event within the kind: 'DPT_IPV_HIB/2', 'infant-3-4-months', 'visit-5', an encounter id
    event_key        text        NOT NULL,
    -- 1 for the first reminder of an event, 2 … for the repeats the rules allow
    occurrence       smallint    NOT NULL DEFAULT 1 CHECK (occurrence >= 1),
    vaccine          text,
    dose             text,
    checkup_kind     text,
    visit_number     smallint,
    encounter_id     uuid REFERENCES checkup_encounter (id),
    -- when the event is due: the dose becomes due, the visit's or checkup's window opens, the
    -- follow-up result was expected
    due_date         date        NOT NULL,
    -- the last day the reminder applies (end of the standard period, of the visit's window …);
    -- NULL while the event stays open
    window_end       date,
    run_date         date        NOT NULL,
    created_at       timestamptz NOT NULL,
    -- the reminder whose push carries this one: reminders of one kind, subject and recipient made
    -- together share one push (four doses due at two months are one push, not four)
    push_subject_id  uuid        NOT NULL,
    -- the event happened (a dose recorded, a checkup attended) or no longer applies
    resolved_at      timestamptz,
    resolution       text CHECK (resolution IN ('done', 'no-longer-due', 'ended')),
    CHECK ((child_id IS NULL) <> (pregnancy_id IS NULL)),
    CHECK (subject_id = COALESCE(child_id, pregnancy_id)),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
    -- never the same reminder twice
    UNIQUE (person_id, subject_id, kind, event_key, occurrence)
);
CREATE INDEX reminder_person ON reminder (person_id, due_date);
CREATE INDEX reminder_subject_open ON reminder (subject_id) WHERE resolved_at IS NULL;
CREATE INDEX reminder_push_subject_open ON reminder (push_subject_id) WHERE resolved_at IS NULL;
CREATE INDEX reminder_municipality_current ON reminder (municipality_id, window_end);

-- Which infant and child checkups a municipality runs (and so reminds of); no row: the default set
-- of the reminder rules.
CREATE TABLE reminder_municipality_setting (
    municipality_id  uuid PRIMARY KEY REFERENCES municipality (id),
    infant_checkups  text[]      NOT NULL,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL
);

