-- Indexes that let the board order and count ids without reading whole challenge rows: the
-- default and newest orders walk challenges_newest backwards, the deadline order walks
-- challenges_deadline; both carry the columns the filters test, so no table row is read.
CREATE INDEX challenges_newest ON challenges (published_at, id, status, proposals_close_at);
CREATE INDEX challenges_deadline ON challenges (proposals_close_at, id, status);
