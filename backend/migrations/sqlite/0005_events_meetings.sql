-- Market dialogue: info sessions with registrations and a waiting list, and one-to-one meeting
-- slots with a per-organisation booking limit. (0004 is reserved for another branch.)

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    description_html TEXT NOT NULL,
    online_url TEXT,
    address TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    lang TEXT NOT NULL,
    capacity BIGINT CHECK (capacity IS NULL OR capacity > 0),
    material TEXT,
    material_html TEXT,
    material_published_at BIGINT,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    -- RFC 5545 SEQUENCE: raised whenever the time, place or status changes.
    sequence BIGINT NOT NULL DEFAULT 0,
    -- Bumped by every registration change: the first write of those transactions, so that
    -- concurrent registrations to one event run one after another on both engines.
    roster_version BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_challenge ON events (challenge_id, starts_at);
CREATE INDEX events_ends ON events (ends_at);

-- A cancelled registration is kept (cancelled_at set) for the record; a user holds at most one
-- active registration per event. The waiting list is ordered by (registered_at, id).
CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('registered', 'waitlisted')),
    registered_at BIGINT NOT NULL,
    promoted_at BIGINT,
    cancelled_at BIGINT
);
CREATE UNIQUE INDEX event_registrations_active ON event_registrations (event_id, user_id)
    WHERE cancelled_at IS NULL;
CREATE INDEX event_registrations_queue ON event_registrations (event_id, state, registered_at, id);

-- The per-organisation booking limit of a challenge (absent: the default, 1). Its row is also
-- what booking transactions lock first (lock_version), so that one challenge's bookings run one
-- after another on both engines.
CREATE TABLE meeting_settings (
    challenge_id BIGINT PRIMARY KEY REFERENCES challenges (id) ON DELETE CASCADE,
    per_org_limit BIGINT NOT NULL CHECK (per_org_limit BETWEEN 1 AND 10),
    lock_version BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- A booked slot carries the booking organisation and its booking number (1..limit): the
-- UNIQUE constraint makes it impossible for one organisation to hold two bookings with the
-- same number, so the limit holds even if the serialising lock were bypassed.
CREATE TABLE meeting_slots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    location TEXT NOT NULL,
    lang TEXT NOT NULL,
    booked_org BIGINT REFERENCES organisations (id),
    booked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    booked_at BIGINT,
    booking_no BIGINT CHECK (booking_no BETWEEN 1 AND 10),
    sequence BIGINT NOT NULL DEFAULT 0,
    summary TEXT,
    summary_html TEXT,
    summary_published_at BIGINT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK ((booked_org IS NULL) = (booking_no IS NULL)),
    UNIQUE (challenge_id, booked_org, booking_no)
);
CREATE INDEX meeting_slots_challenge ON meeting_slots (challenge_id, starts_at);
