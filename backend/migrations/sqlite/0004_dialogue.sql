-- Market dialogue, continued: versions of published challenges, evaluation criteria and the
-- procurement notice, follows, saved searches, notifications, the mail queue and the leases
-- that let several instances share background jobs.

ALTER TABLE challenges ADD COLUMN evaluation_criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN evaluation_criteria_html TEXT NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN notice_register TEXT;
ALTER TABLE challenges ADD COLUMN notice_id TEXT;
ALTER TABLE challenges ADD COLUMN notice_url TEXT;

-- Version 1 is the content at publication; each later saved change adds the next number.
-- `content` is the whole ChallengeInput as JSON; `changed` the changed parts' codes, comma-separated.
CREATE TABLE challenge_versions (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    changed TEXT NOT NULL DEFAULT '',
    reason TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, number)
);

CREATE TABLE follows (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, challenge_id)
);
CREATE INDEX follows_challenge ON follows (challenge_id);

CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    region_code TEXT,
    theme TEXT,
    model TEXT,
    q TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX saved_searches_user ON saved_searches (user_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    detail TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Kinds (comma-separated codes) that a user also wants by e-mail; no row means all.
CREATE TABLE notification_prefs (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email_kinds TEXT NOT NULL
);

-- Outgoing mail waiting to be sent. A worker claims due rows by setting a lease; a row whose
-- lease has run out may be claimed again. Failed sends retry with growing delays.
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    calendar TEXT,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (sent_at, failed_at, next_attempt_at);

-- One row per scheduled job: the instance holding it runs it until `lease_until`.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);

-- A deadline reminder sent: at most one per challenge, kind and deadline (an extended deadline
-- gets its own reminders).
CREATE TABLE reminders_sent (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    deadline BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, kind, deadline)
);
