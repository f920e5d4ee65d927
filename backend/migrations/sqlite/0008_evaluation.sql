-- Evaluation, first part (issue #5): the weighted criteria set of a challenge, its evaluators
-- (region staff added directly, or experts invited by e-mail), who evaluates which proposal,
-- and the conflict-of-interest declarations made before a proposal is opened.

-- The CriteriaSet as JSON; NULL until the coordinators define one.
ALTER TABLE challenges ADD COLUMN criteria_set TEXT;

-- An evaluator is a role per challenge, not an organisation membership.
CREATE TABLE challenge_evaluators (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- staff | invited
    source TEXT NOT NULL,
    added_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, user_id)
);
CREATE INDEX challenge_evaluators_user ON challenge_evaluators (user_id);

-- Like org_invitations: the token only as its SHA-256 digest, single use, 7 days.
CREATE TABLE evaluator_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    revoked_at BIGINT
);
CREATE INDEX evaluator_invitations_challenge ON evaluator_invitations (challenge_id, id);

CREATE TABLE evaluation_assignments (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    assigned_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX evaluation_assignments_user ON evaluation_assignments (user_id);
CREATE INDEX evaluation_assignments_challenge ON evaluation_assignments (challenge_id);

-- One declaration per evaluator and proposal, final once made (kept when an assignment is
-- removed, so a conflicted evaluator is never assigned to that proposal again).
CREATE TABLE conflict_declarations (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    conflict BOOLEAN NOT NULL,
    reason TEXT,
    declared_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX conflict_declarations_challenge ON conflict_declarations (challenge_id);
