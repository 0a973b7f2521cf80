-- The municipal dashboard's figures and work lists. Figures are counted from the rows by the
-- service (municipality.figures) and kept as cells, so a page of a municipality of 100,000 children
-- reads a few thousand small rows instead of counting millions; they are counted again when records
-- of the municipality arrive (at most every few minutes), when staff ask, and every day. The lists
-- behind the figures are read from the rows themselves when opened.

-- One row per municipality whose dashboard is in use: when its figures were counted, from which
-- day, and whether a new count is waiting. The row is also the claim of a count under way, so that
-- instances of a cluster never count the same municipality at once.
CREATE TABLE dashboard_refresh (
    municipality_id      uuid PRIMARY KEY REFERENCES municipality (id),
    -- records changed or staff asked since the last count; NULL when nothing waits
    requested_at         timestamptz,
    requested_by         text,
    status               text        NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'failed')),
    instance             text,
    started_at           timestamptz,
    heartbeat_at         timestamptz,
    finished_at          timestamptz,
    -- the day (Japan) the current cells count for, and the moment of the snapshot they read
    as_of                date,
    computed_at          timestamptz,
    -- the day of the vaccination forecasts the cells and dashboard_child_forecast come from
    forecast_as_of       date,
    duration_ms          integer,
    definitions_version  text,
    error                text,
    -- staff opened the dashboard: municipalities nobody looks at are not counted every day
    last_viewed_at       timestamptz,
    CHECK ((status = 'running') = (started_at IS NOT NULL AND finished_at IS NULL))
);

-- The cells: for each figure (figures.json), one row per combination of its dimensions' values
-- (dims, in the order the definition names them) with its measures (in the definition's order).
CREATE TABLE dashboard_cell (
    municipality_id  uuid      NOT NULL REFERENCES municipality (id),
    figure           text      NOT NULL CHECK (figure ~ '^[a-z][a-z0-9-]*$'),
    dims             text[]    NOT NULL,
    measures         numeric[] NOT NULL,
    PRIMARY KEY (municipality_id, figure, dims)
);

-- Each child's vaccination status by the forecaster on a day: the figure of children by vaccine and
-- status, and the list of children overdue for a vaccine, without forecasting 100,000 children while
-- staff wait. Replaced for the whole municipality every day, and for one child when a dose of theirs
-- is recorded.
CREATE TABLE dashboard_child_forecast (
    child_id         uuid        PRIMARY KEY REFERENCES child (id),
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    as_of            date        NOT NULL,
    -- every vaccine of the schedule as 'VACCINE:status': the status of the series' open dose, or
    -- complete when every dose is given ('MR:overdue', 'BCG:complete' …)
    statuses         text[]      NOT NULL,
    -- the open doses (due, overdue, too soon, not yet) by vaccine: dose, status and dates
    open_doses       jsonb       NOT NULL
);
CREATE INDEX dashboard_child_forecast_municipality ON dashboard_child_forecast (municipality_id);
CREATE INDEX dashboard_child_forecast_statuses ON dashboard_child_forecast USING gin (statuses);

-- What staff did about an item of a work list (a child to call about a detailed examination, a
-- mother with a high EPDS score …): its status and a note. No row: open. The events keep who
-- changed what and when.
CREATE TABLE dashboard_work_item (
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    list_id          text        NOT NULL CHECK (list_id ~ '^[a-z][a-z0-9-]*$'),
    item_key         text        NOT NULL CHECK (length(item_key) BETWEEN 1 AND 200),
    status           text        NOT NULL CHECK (status ~ '^[a-z][a-z_-]*$'),
    note             text CHECK (note IS NULL OR length(note) <= 1000),
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (municipality_id, list_id, item_key)
);

CREATE TABLE dashboard_work_item_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    list_id          text        NOT NULL,
    item_key         text        NOT NULL,
    from_status      text,
    to_status        text        NOT NULL,
    note             text,
    actor            text        NOT NULL,
    occurred_at      timestamptz NOT NULL
);
CREATE INDEX dashboard_work_item_event_item
    ON dashboard_work_item_event (municipality_id, list_id, item_key, id);

-- The figures and lists read a municipality's checkups by the day of the visit (the time from visit
-- to record, the checkups of a month); without this, each count reads every municipality's.
CREATE INDEX checkup_encounter_municipality ON checkup_encounter (municipality_id, visit_date);

-- The work lists look for the few findings that call for attention (要精密, 要経過観察, a refer, an
-- EPDS score) among millions; this partial index holds only those rows, so a clinic's ordinary
-- findings cost it nothing. The codes are those of the checkup catalog and figures.json today; a
-- list whose rules name others is still right, only slower.
CREATE INDEX checkup_finding_attention ON checkup_finding (item_code, code_value) INCLUDE (encounter_id)
    WHERE code_value IN ('detailed-examination', 'observation', 'refer', 'treatment')
       OR item_code IN ('follow-up-referral', 'epds-total-score', 'epds-item-10');
