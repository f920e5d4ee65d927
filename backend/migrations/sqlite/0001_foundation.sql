-- Foundation schema: accounts, organisations, sessions, challenges, search keys, audit log.
-- Timestamps are Unix seconds (BIGINT) on both engines so comparisons and sorting are identical.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    lang TEXT NOT NULL,
    email_verified_at BIGINT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'company', 'research')),
    region_code TEXT UNIQUE,
    business_id TEXT UNIQUE,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    website TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE challenges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL,
    content_lang TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    description_html TEXT NOT NULL,
    trl_min INTEGER NOT NULL,
    trl_max INTEGER NOT NULL,
    model TEXT NOT NULL,
    budget_min_eur BIGINT,
    budget_max_eur BIGINT,
    questions_close_at BIGINT,
    proposals_close_at BIGINT,
    decision_target_at BIGINT,
    published_at BIGINT,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    status_reason TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX challenges_status ON challenges (status, proposals_close_at);
CREATE INDEX challenges_published ON challenges (published_at);

CREATE TABLE challenge_regions (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (challenge_id, org_id)
);
CREATE INDEX challenge_regions_org ON challenge_regions (org_id);

CREATE TABLE challenge_themes (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    PRIMARY KEY (challenge_id, theme)
);
CREATE INDEX challenge_themes_theme ON challenge_themes (theme);

CREATE TABLE challenge_translations (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    description_html TEXT NOT NULL,
    PRIMARY KEY (challenge_id, lang)
);

CREATE TABLE challenge_search_keys (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (challenge_id, key)
);
CREATE INDEX challenge_search_keys_key ON challenge_search_keys (key, challenge_id, weight);

-- Append-only: the application never updates or deletes rows here.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    actor_user_id BIGINT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id BIGINT,
    detail TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
