-- Matchmaking: invitations to a challenge's market dialogue sent from the coordinators'
-- suggestions, partner searches and contact requests between organisations, recommendation
-- alerts on saved searches, and the indexes the in-memory matchmaking index catches up by.
-- (0009 is left to the evaluation work.)

-- One invitation per challenge and organisation; a second is refused (already_invited).
CREATE TABLE dialogue_invitations (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    message TEXT NOT NULL DEFAULT '',
    -- The address the invitation went to (the organisation's public contact at the time).
    sent_to TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, org_id)
);

-- A company (or research organisation) looking for partners on a challenge.
CREATE TABLE partner_searches (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, org_id)
);

-- The capabilities it lacks (codes of shared::profile::Capability).
CREATE TABLE partner_search_lacks (
    challenge_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    capability TEXT NOT NULL,
    PRIMARY KEY (challenge_id, org_id, capability),
    FOREIGN KEY (challenge_id, org_id) REFERENCES partner_searches (challenge_id, org_id) ON DELETE CASCADE
);

-- status: pending | accepted | declined. One request per challenge and pair of organisations.
CREATE TABLE contact_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    from_org BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    to_org BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    answered_at BIGINT,
    UNIQUE (challenge_id, from_org, to_org)
);
CREATE INDEX contact_requests_to ON contact_requests (to_org, id);
CREATE INDEX contact_requests_from ON contact_requests (from_org, id);

-- Saved searches: board (the filters) or recommendations for an organisation at a least fit;
-- immediate or weekly alerts. `digest_until` is the end of the last weekly digest's window.
ALTER TABLE saved_searches ADD COLUMN kind TEXT NOT NULL DEFAULT 'board';
ALTER TABLE saved_searches ADD COLUMN org_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE;
ALTER TABLE saved_searches ADD COLUMN min_fit TEXT;
ALTER TABLE saved_searches ADD COLUMN frequency TEXT NOT NULL DEFAULT 'immediate';
ALTER TABLE saved_searches ADD COLUMN digest_until BIGINT;
CREATE INDEX saved_searches_frequency ON saved_searches (frequency, id);

-- The matchmaking index of each instance catches up with changes made elsewhere by these.
CREATE INDEX challenges_updated ON challenges (updated_at);
CREATE INDEX org_profiles_updated ON org_profiles (updated_at);
