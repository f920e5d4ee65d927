-- PostgreSQL dialect of migrations/sqlite/0002_board_indexes.sql: the same orders, with the
-- filtered columns as INCLUDE so the board's id queries are index-only scans.
CREATE INDEX challenges_newest ON challenges (published_at DESC NULLS LAST, id DESC) INCLUDE (status, proposals_close_at);
CREATE INDEX challenges_deadline ON challenges (proposals_close_at, id) INCLUDE (status);
