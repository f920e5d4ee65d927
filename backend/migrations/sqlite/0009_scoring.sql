-- Evaluation, second part (issue #5): evaluation rounds, evaluators' scoresheets, the log of
-- reopened sheets, the coordinators' consensus and decisions per proposal and round.

-- A challenge's evaluation rounds. Round 1 opens with the submitted proposals once the
-- proposals deadline has passed; publishing a round whose decisions send proposals to the
-- next round opens round n + 1 with exactly those. Once `published_at` is set nothing of the
-- round changes: every write to a round first updates its row `WHERE published_at IS NULL`,
-- which also serialises the writes of one round (a row lock on PostgreSQL).
CREATE TABLE evaluation_rounds (
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    number BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    published_at BIGINT,
    published_by BIGINT REFERENCES users (id),
    PRIMARY KEY (challenge_id, number)
);

-- The proposals of each round.
CREATE TABLE round_proposals (
    challenge_id BIGINT NOT NULL,
    round BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    PRIMARY KEY (challenge_id, round, proposal_id),
    FOREIGN KEY (challenge_id, round) REFERENCES evaluation_rounds (challenge_id, number)
);
CREATE INDEX round_proposals_proposal ON round_proposals (proposal_id, round);

-- One evaluator's sheet for one proposal in one round (shared::evaluation::Scoresheet as JSON,
-- aligned with the criteria set). A submitted sheet is locked until a coordinator reopens it.
-- `counted` marks, when the round is published, the sheets that made up its record (submitted
-- by an evaluator then assigned and without a conflict), so the record stays as published
-- whatever happens to the assignments later.
CREATE TABLE scoresheets (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    round BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    -- draft | submitted
    status TEXT NOT NULL,
    sheet TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    submitted_at BIGINT,
    counted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (proposal_id, round, user_id)
);
CREATE INDEX scoresheets_round ON scoresheets (challenge_id, round);
CREATE INDEX scoresheets_user ON scoresheets (user_id);

-- Every reopening of a submitted sheet, with the coordinator's reason (also in the audit log).
CREATE TABLE scoresheet_reopenings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    round BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    reopened_by BIGINT REFERENCES users (id),
    reopened_at BIGINT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX scoresheet_reopenings_sheet ON scoresheet_reopenings (proposal_id, round, user_id);

-- The consensus the coordinators record per proposal and round: a Scoresheet as JSON whose
-- justifications are the rationale, obeying the submission rules.
CREATE TABLE evaluation_consensus (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    round BIGINT NOT NULL,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    sheet TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, round)
);
CREATE INDEX evaluation_consensus_round ON evaluation_consensus (challenge_id, round);

-- The decision per proposal and round, with the written reasons the participant receives.
CREATE TABLE evaluation_decisions (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    round BIGINT NOT NULL,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    -- selected | not_selected | next_round
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, round)
);
CREATE INDEX evaluation_decisions_round ON evaluation_decisions (challenge_id, round);
