-- Organisation profiles of companies and research organisations, their solution offerings,
-- search keys for the directory, and invitations to join an organisation. Everything a
-- matchmaker compares (themes, capabilities, offerings' TRL, languages and regions) is a
-- column or a row, never free text.

CREATE TABLE org_profiles (
    org_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    size_class TEXT,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX org_profiles_public ON org_profiles (is_public, org_id);

CREATE TABLE org_profile_themes (
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    PRIMARY KEY (org_id, theme)
);
CREATE INDEX org_profile_themes_theme ON org_profile_themes (theme, org_id);

CREATE TABLE org_capabilities (
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    capability TEXT NOT NULL,
    PRIMARY KEY (org_id, capability)
);
CREATE INDEX org_capabilities_capability ON org_capabilities (capability, org_id);

-- Languages the organisation works in (its texts are indexed in these).
CREATE TABLE org_profile_languages (
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    PRIMARY KEY (org_id, lang)
);

-- `position` keeps the order the organisation gave; `serves_all_finland` is true when the
-- offering names no regions (so a region filter needs no NOT EXISTS).
CREATE TABLE org_offerings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    trl INTEGER NOT NULL CHECK (trl BETWEEN 1 AND 9),
    medical_device_class TEXT NOT NULL,
    ce_marked BOOLEAN NOT NULL DEFAULT FALSE,
    reference_text TEXT NOT NULL DEFAULT '',
    serves_all_finland BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX org_offerings_org ON org_offerings (org_id, position);

CREATE TABLE org_offering_languages (
    offering_id BIGINT NOT NULL REFERENCES org_offerings (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    PRIMARY KEY (offering_id, lang)
);
CREATE INDEX org_offering_languages_lang ON org_offering_languages (lang, offering_id);

CREATE TABLE org_offering_regions (
    offering_id BIGINT NOT NULL REFERENCES org_offerings (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL,
    PRIMARY KEY (offering_id, region_code)
);
CREATE INDEX org_offering_regions_region ON org_offering_regions (region_code, offering_id);

-- Search keys of a profile (kehto-text), like challenge_search_keys.
CREATE TABLE org_search_keys (
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (org_id, key)
);
CREATE INDEX org_search_keys_key ON org_search_keys (key, org_id, weight);

-- The token is stored only as its SHA-256 (hex). An invitation is used once: accepted,
-- revoked, or superseded by a newer one to the same address (revoked then).
CREATE TABLE org_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    revoked_at BIGINT
);
CREATE INDEX org_invitations_org ON org_invitations (org_id, id);
