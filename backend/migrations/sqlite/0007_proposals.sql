-- Proposals: drafts, consortium partners, attachments (bytes in the blob storage, found by a
-- random key), receipts of submitted versions, and the append-only log of every access.

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id),
    lead_org BIGINT NOT NULL REFERENCES organisations (id),
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    -- draft | submitted | withdrawn
    status TEXT NOT NULL DEFAULT 'draft',
    -- The draft (ProposalContent as JSON) and its revision, raised by every save.
    content TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    saved_at BIGINT NOT NULL,
    saved_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (challenge_id, lead_org)
);
CREATE INDEX proposals_lead ON proposals (lead_org);

CREATE TABLE proposal_partners (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    -- invited | accepted | declined
    state TEXT NOT NULL,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    invited_at BIGINT NOT NULL,
    responded_at BIGINT,
    PRIMARY KEY (proposal_id, org_id)
);
CREATE INDEX proposal_partners_org ON proposal_partners (org_id);

-- An attachment's bytes never change; removing one from the draft only sets `removed_at`, so a
-- receipt that lists it stays verifiable.
CREATE TABLE proposal_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at BIGINT NOT NULL,
    confidential BOOLEAN NOT NULL DEFAULT FALSE,
    confidential_reason TEXT,
    removed_at BIGINT
);
CREATE INDEX proposal_attachments_proposal ON proposal_attachments (proposal_id);

-- One row per submitted version: exactly what was submitted (content as canonical JSON, the
-- attachments' manifest) and the digest over it and the attachments' bytes.
CREATE TABLE proposal_receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id),
    version BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    submitted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    content TEXT NOT NULL,
    attachments TEXT NOT NULL,
    digest TEXT NOT NULL,
    superseded_at BIGINT,
    withdrawn_at BIGINT,
    UNIQUE (proposal_id, version)
);

-- Every read of proposal content and every attachment download, and every refused attempt.
CREATE TABLE proposal_access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id BIGINT,
    role TEXT NOT NULL,
    proposal_id BIGINT NOT NULL,
    attachment_id BIGINT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX proposal_access_log_proposal ON proposal_access_log (proposal_id, id);
CREATE TRIGGER proposal_access_log_no_update BEFORE UPDATE ON proposal_access_log
BEGIN SELECT RAISE(ABORT, 'proposal_access_log is append-only'); END;
CREATE TRIGGER proposal_access_log_no_delete BEFORE DELETE ON proposal_access_log
BEGIN SELECT RAISE(ABORT, 'proposal_access_log is append-only'); END;
