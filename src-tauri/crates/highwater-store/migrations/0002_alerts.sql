-- Highwater schema 2: JumpCloud alert events turned into ConnectWise tickets.
-- Append-only: once released, never edit this file; add a new numbered migration instead.

-- Directory Insights events of the alert types, each stored once.
CREATE TABLE alert_events (
    id           INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    org_id       TEXT NOT NULL,
    alert_type   TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    seen_at      TEXT NOT NULL,
    payload_json TEXT NOT NULL
) STRICT;
CREATE INDEX alert_events_occurred ON alert_events (occurred_at);

-- Durable ticket outbox. The unique dedupe key (the event id) is what makes "one event, at most
-- one ticket" hold across retries and crashes.
CREATE TABLE ticket_outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    event_id        TEXT NOT NULL REFERENCES alert_events (event_id),
    org_id          TEXT NOT NULL,
    company_id      INTEGER,
    alert_type      TEXT NOT NULL,
    state           TEXT NOT NULL
        CHECK (state IN ('pending', 'sending', 'created', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    ticket_id       INTEGER,
    last_error      TEXT,
    reason          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
-- Serves "due rows": pending rows in next_attempt_at order.
CREATE INDEX ticket_outbox_due ON ticket_outbox (next_attempt_at) WHERE state = 'pending';

-- Per alert type ticket settings. No row means the defaults (disabled, due in 1 day).
CREATE TABLE alert_settings (
    alert_type  TEXT PRIMARY KEY NOT NULL,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    board_id    INTEGER,
    priority_id INTEGER,
    source_id   INTEGER,
    status_id   INTEGER,
    due_days    INTEGER NOT NULL CHECK (due_days >= 0),
    updated_at  TEXT NOT NULL,
    CHECK (enabled = 0 OR board_id IS NOT NULL)
) STRICT;

-- The global automated-ticketing switch (one row) and when it was last switched on: only events
-- after that instant are ticketed.
CREATE TABLE auto_ticketing (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    switched_on_at TEXT,
    updated_at     TEXT NOT NULL
) STRICT;
