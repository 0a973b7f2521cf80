-- Push delivery: the devices guardians register for push, the dispatcher's claims on the outbox,
-- and the delivery log (every attempt to every device, and when the app reports a push opened).

-- An FCM registration token of one app installation. A token lives on one row while it is live;
-- a removed token keeps its row with when and why, so the delivery log still names the device.
CREATE TABLE push_device (
    id               uuid PRIMARY KEY,
    person_id        uuid        NOT NULL REFERENCES person (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    token            text        NOT NULL CHECK (length(token) BETWEEN 1 AND 4096),
    platform         text        NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
    -- the app's locale (BCP 47), e.g. ja-JP
    locale           text        NOT NULL,
    app_version      text        NOT NULL,
    registered_at    timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    removed_at       timestamptz,
    -- removed: by the guardian; unregistered / invalid_token / sender_mismatch: as FCM answered;
    -- moved: the same token was registered by another person (a shared or handed-on phone)
    removed_reason   text CHECK (removed_reason IN
                         ('removed', 'unregistered', 'invalid_token', 'sender_mismatch', 'moved')),
    removed_detail   text,
    CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
);
-- One live row per token: registering it again updates that row (or moves it).
CREATE UNIQUE INDEX push_device_live_token ON push_device (token) WHERE removed_at IS NULL;
CREATE INDEX push_device_live_person ON push_device (person_id) WHERE removed_at IS NULL;

-- The dispatcher claims due messages for a lease; a crashed instance's claims run out and are
-- taken again. claimed_by names one claim (one dispatcher round), not an instance, so that only
-- the round that holds the claim records the outcome.
ALTER TABLE push_message
    ADD COLUMN claimed_by    uuid,
    ADD COLUMN claimed_until timestamptz,
    -- why the message failed, when it did (the last device's error)
    ADD COLUMN last_error    text,
    -- when the app first reported the push opened
    ADD COLUMN opened_at     timestamptz;

-- Every attempt to send a message to one device: sent (with FCM's message name), retry (a
-- transient error; retry_at says when) or failed (with FCM's error code and message).
CREATE TABLE push_attempt (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    uuid        NOT NULL REFERENCES push_message (id),
    device_id     uuid        NOT NULL REFERENCES push_device (id),
    attempt       integer     NOT NULL CHECK (attempt >= 1),
    outcome       text        NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    occurred_at   timestamptz NOT NULL,
    fcm_message   text,
    error_code    text,
    http_status   integer,
    detail        text,
    retry_at      timestamptz,
    CHECK ((outcome = 'sent') = (fcm_message IS NOT NULL)),
    CHECK ((outcome = 'retry') = (retry_at IS NOT NULL))
);
CREATE INDEX push_attempt_message ON push_attempt (message_id);
-- A device is sent a message once; the dispatcher records a send only while it holds the claim.
CREATE UNIQUE INDEX push_attempt_sent_once ON push_attempt (message_id, device_id)
    WHERE outcome = 'sent';
-- The guardian's delivery log pages newest first by (created_at, id), read backwards.
DROP INDEX push_message_person;
CREATE INDEX push_message_person ON push_message (person_id, created_at, id);
