-- Highwater schema 1: connections, ConnectWise catalog cache, mappings, billing history, journal.
-- Append-only: once released, never edit this file; add a new numbered migration instead.
-- Timestamps are RFC3339 UTC text with milliseconds and a `Z` (fixed width, so text order is time
-- order). Money and quantities are INTEGER micro-units (1.5 = 1500000).

-- Non-secret key/value settings. Keys starting with `connectwise.` are ConnectWise-derived.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- The ConnectWise connection (one row). Keys live in the OS keyring, never here.
CREATE TABLE connectwise_connection (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    site       TEXT NOT NULL,
    company_id TEXT NOT NULL,
    codebase   TEXT NOT NULL,
    api_host   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- The JumpCloud connection (one row). The API key lives in the OS keyring, never here.
CREATE TABLE jumpcloud_connection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    provider_id   TEXT NOT NULL,
    provider_name TEXT,
    region        TEXT NOT NULL CHECK (region IN ('us', 'eu')),
    console_url   TEXT,
    insights_url  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- ConnectWise catalog cache.
CREATE TABLE catalog_company_types (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    refreshed_at TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_companies (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL,
    name         TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    refreshed_at TEXT NOT NULL
) STRICT;

-- A company's type ids. No FK to catalog_company_types: a company may name a type the type list
-- did not return, and the selection must still be able to match it.
CREATE TABLE catalog_company_type_links (
    company_id INTEGER NOT NULL REFERENCES catalog_companies (id) ON DELETE CASCADE,
    type_id    INTEGER NOT NULL,
    PRIMARY KEY (company_id, type_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX catalog_company_type_links_type ON catalog_company_type_links (type_id, company_id);

CREATE TABLE catalog_agreements (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES catalog_companies (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    type_name    TEXT,
    cancelled    INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    status       TEXT,
    refreshed_at TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_agreements_company ON catalog_agreements (company_id);

CREATE TABLE catalog_additions (
    id                 INTEGER PRIMARY KEY,
    agreement_id       INTEGER NOT NULL REFERENCES catalog_agreements (id) ON DELETE CASCADE,
    product_identifier TEXT NOT NULL,
    description        TEXT,
    quantity_micros    INTEGER NOT NULL,
    unit_price_micros  INTEGER,
    unit_cost_micros   INTEGER,
    cancelled_at       TEXT,
    effective_at       TEXT,
    refreshed_at       TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_additions_agreement ON catalog_additions (agreement_id);

-- When each whole-list part of the catalog ('company_types', 'companies') was last refreshed.
CREATE TABLE catalog_meta (
    part         TEXT PRIMARY KEY NOT NULL,
    refreshed_at TEXT NOT NULL
) STRICT;

-- Billable company types chosen by the admin. No FK to the cache: a refresh must not silently
-- drop the admin's choice.
CREATE TABLE company_type_selection (
    type_id     INTEGER PRIMARY KEY,
    selected_at TEXT NOT NULL
) STRICT;

-- Cached JumpCloud client organizations. A mapped org that JumpCloud stops listing is kept with
-- missing_since set, so its mapping can be shown as broken instead of vanishing.
CREATE TABLE organizations (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    missing_since TEXT,
    refreshed_at  TEXT NOT NULL
) STRICT;

-- Org -> Company -> Agreement -> Addition. Names are copies for display; no FK to the catalog, so
-- a mapping survives its target disappearing and can be reported as broken.
CREATE TABLE mappings (
    org_id         TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id),
    company_id     INTEGER NOT NULL,
    company_name   TEXT NOT NULL,
    agreement_id   INTEGER NOT NULL,
    agreement_name TEXT NOT NULL,
    addition_id    INTEGER NOT NULL,
    addition_name  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX mappings_addition ON mappings (addition_id);

-- The MSP's cost per seat: org_id NULL is the default, otherwise one org's override.
CREATE TABLE cost_per_seat (
    id          INTEGER PRIMARY KEY,
    org_id      TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    cost_micros INTEGER NOT NULL CHECK (cost_micros >= 0),
    updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX cost_per_seat_scope ON cost_per_seat (ifnull(org_id, ''));

-- User counts sampled per org; the month's maximum is the billed quantity. No FK: billing
-- history outlives an org leaving the cache.
CREATE TABLE user_count_samples (
    id         INTEGER PRIMARY KEY,
    org_id     TEXT NOT NULL,
    sampled_at TEXT NOT NULL,
    user_count INTEGER NOT NULL CHECK (user_count >= 0)
) STRICT;
-- Serves "high watermark per org per month" as a covering range scan.
CREATE INDEX user_count_samples_hwm ON user_count_samples (org_id, sampled_at, user_count);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    trigger     TEXT NOT NULL,
    dry_run     INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0,
    error       TEXT
) STRICT;
CREATE INDEX sync_runs_finished ON sync_runs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE sync_items (
    id                     INTEGER PRIMARY KEY,
    run_id                 INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    org_id                 TEXT NOT NULL,
    addition_id            INTEGER,
    quantity_before_micros INTEGER,
    quantity_after_micros  INTEGER,
    unit_cost_before_micros INTEGER,
    unit_cost_after_micros INTEGER,
    status                 TEXT NOT NULL
        CHECK (status IN ('updated', 'unchanged', 'failed', 'skipped', 'held')),
    error                  TEXT,
    recorded_at            TEXT NOT NULL
) STRICT;
CREATE INDEX sync_items_run ON sync_items (run_id);

-- Every write to ConnectWise and every lifecycle event. Append-only, enforced by triggers.
CREATE TABLE audit_journal (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    run_id      INTEGER REFERENCES sync_runs (id),
    entity      TEXT,
    before_json TEXT,
    after_json  TEXT,
    message     TEXT NOT NULL
) STRICT;
CREATE INDEX audit_journal_at ON audit_journal (at);
CREATE INDEX audit_journal_run ON audit_journal (run_id) WHERE run_id IS NOT NULL;
CREATE TRIGGER audit_journal_no_update BEFORE UPDATE ON audit_journal
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;
CREATE TRIGGER audit_journal_no_delete BEFORE DELETE ON audit_journal
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;
