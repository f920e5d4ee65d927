-- Market dialogue: questions on challenges and their published answers.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    asked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    public_question TEXT,
    answer TEXT,
    answered_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    answered_at BIGINT
);
CREATE INDEX questions_challenge ON questions (challenge_id, answered_at);
