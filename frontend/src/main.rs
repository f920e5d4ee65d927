//! Kehto's browser app: a Leptos 0.8 client-side-rendered single-page app, built by trunk.
//!
//! Layout: [`api`] (one typed function per REST endpoint), [`i18n`] (every UI string in fi/sv/en),
//! [`session`] (who is signed in), [`time`] (Europe/Helsinki formatting via `Intl`, no tz crate),
//! [`focus`] (page titles and focus management on navigation), [`components`] (layout, form
//! helpers, cards) and [`pages`] (one component per route).
//!
//! # Stable hooks for browser tests
//!
//! | element | hook |
//! |---|---|
//! | skip link (first focusable) | `a.skip-link[href="#main"]`, target `<main id="main">` |
//! | language switcher | `<nav id="lang-switch" aria-label=…>` with links `a[lang="fi"]`, `a[lang="sv"]`, `a[lang="en"]` |
//! | main navigation | `<nav id="main-nav" aria-label=…>` |
//! | sign-out button | `button#sign-out` |
//! | board search input / submit | `input#board-q` / `button#board-search` |
//! | board filters | `select#board-region`, `#board-status`, `#board-theme`, `#board-model`, `#board-trl`, `input#board-after`, `#board-before`, `select#board-sort`, `button#board-apply` |
//! | board results | `#board-results` (an `<ol>`; each card an `<article>` with an `<h2>` holding a link) |
//! | board result count (polite live region) | `#board-count` |
//! | board pagination | `nav#board-pages`, links `a[rel="prev"]`, `a[rel="next"]` |
//! | challenge page heading | `h1#challenge-title` |
//! | challenge edit link / status buttons | `a#challenge-edit`, `button[data-status="<status code>"]`, cancel reason `textarea#cancel-reason`, confirm `button#cancel-confirm` |
//! | questions and answers on a challenge page | `section#questions` (`h2#questions-title`); published list `dl#questions-published` (each `div.qa#question-<id>`: `dt` question, `dd` answer) or `#questions-none`; notice `#questions-notice`; ask form `form#question-form` with `textarea#question-text`, `select#question-org` (only with several companies), `button#question-submit`, errors `#question-errors`; why one cannot ask `#questions-cannot-ask`, visitors' link `#questions-sign-in a`; own organisation's questions `ul#questions-mine` (`li[data-question=<id>]`) |
//! | coordinators' question queue | `section#questions-queue` (`#questions-queue-empty` when empty); per question `li[data-question=<id>]` with `textarea#answer-<id>-question`, `#answer-<id>-answer`, `button[data-answer-for="<id>"]`, errors `#answer-<id>-errors` |
//! | translation links on a challenge page | `nav#challenge-langs a[hreflang]` |
//! | sign-in form | `input#signin-email`, `input#signin-password`, `button#signin-submit` |
//! | sign-up form | `input#signup-email`, `#signup-password`, `#signup-display_name`, `select#signup-lang`, `button#signup-submit`; success panel `#signup-done` |
//! | forgot / reset password | `input#forgot-email`, `button#forgot-submit`; `input#reset-password`, `#reset-confirm`, `button#reset-submit` |
//! | e-mail verification outcome | `#verify-outcome` |
//! | challenge editor | `select#ch-content-lang`, `input#ch-title`, `textarea#ch-summary`, `textarea#ch-description`, tabs `#ch-tab-write` / `#ch-tab-preview`, `fieldset#ch-regions` with `input[name="region"][value=<id>]`, `fieldset#ch-themes` with `input[name="theme"][value=<code>]`, `select#ch-trl-min`, `#ch-trl-max`, `#ch-model`, `input#ch-budget-min`, `#ch-budget-max`, `#ch-questions-close`, `#ch-proposals-close`, `#ch-decision-target`, `#ch-contact-name`, `#ch-contact-email`, add-translation buttons `button[data-add-lang="sv"]`, translation inputs `#ch-tr-<n>-title` …, `button#ch-save`, `button#ch-publish` |
//! | error summary of any form | `.error-summary` (`role="alert"`, focused after a failed submit); field errors `#<input id>-error` |
//! | organisation page | one `section.org` per membership; add-member `input#org-<id>-member-email`; create-organisation form `input#org-new-name`, `#org-new-business_id`, `#org-new-website`, `button#org-new-submit` |
//! | account page | `input#account-display_name`, `select#account-lang`, `button#account-save` |
//! | status messages after an action | `.notice-region[role="status"] .notice` |
//! | editor: evaluation and procurement | `textarea#ch-criteria` (tabs `#ch-criteria-tab-write` / `#ch-criteria-tab-preview`), `fieldset#ch-notice` with `select#ch-notice-register` (`""` = none), then `input#ch-notice-id`, `input#ch-notice-url` (shown once a register is chosen) |
//! | editor: reason for a change (published challenges only) | `textarea#ch-change-reason` (field `change_reason`) |
//! | challenge page: criteria, notice, follow, feed | `section#challenge-criteria`; `#challenge-notice a.notice-link` (in the key facts); `button#challenge-follow[aria-pressed]` (signed in) or `a#challenge-follow-sign-in`; `a#challenge-questions-feed[type="application/atom+xml"]`; flash message wrapper `#challenge-flash` |
//! | challenge change log | `section#challenge-changelog`, entries `li[data-version=<n>]` (newest first; earlier ones link to their version page) |
//! | one version of a challenge (`/challenges/:id/versions/:n`) | `#version-banner` with `a#version-current`, `h1#challenge-title`, `section#challenge-criteria` |
//! | header: my dialogue, notifications | `a#nav-my-dialogue`, `a#nav-notifications` (unread count in `.nav-count`, and in words in its name) |
//! | notification centre (`/notifications`) | `ul#notifications` (`li[data-notification=<id>]`, `.unread` when unread) or `#notifications-empty`; `button#notifications-read-all` (only with unread ones); status `#notifications-status` |
//! | e-mail preferences | `fieldset#notification-prefs` with `input[name="pref"][value=<kind code>]`, `button#prefs-save` |
//! | my dialogue (`/my/dialogue`) | `section#my-follows` (`li[data-follow=<challenge id>]`, `button[data-unfollow=<challenge id>]`, `#my-follows-empty`); `section#my-searches` (`li[data-saved-search=<id>]`, `button[data-delete-search=<id>]`, `#my-searches-empty`); status `#my-notice` |
//! | board: save search, feed | `input#saved-search-name`, `button#board-save-search`, errors `#saved-search-errors` (signed in); `a#board-feed[type="application/atom+xml"]` |
//! | info sessions on a challenge page | `section#events` (`h2#events-title`); feed of all sessions `a#events-feed`; status after an action `#events-status`; each event `article[data-event=<id>]` (`h3#event-<id>-title`), the viewer's place `#event-<id>-state`, `button[data-register=<id>]`, `button[data-unregister=<id>]`, calendar file `a[data-ics=<id>][download]`; organisation choice `select#event-org` (only with several companies); none yet `#events-none` |
//! | info sessions: coordinators | dashboard link `a#challenge-dashboard`; create form `form#event-form` with `#event-title`, `#event-description`, `#event-online-url`, `#event-address`, `#event-starts`, `#event-ends` (datetime-local, Helsinki time), `select#event-lang`, `#event-capacity`, `button#event-submit`, errors `#event-errors`; per event `details.event-manage[data-manage-event=<id>]` with `ul[data-participants=<id>]`, after the end `textarea[data-material=<id>]` (`#event-<id>-material`) + `button[data-publish-material=<id>]`, before it `textarea[data-cancel-reason=<id>]` (`#event-<id>-reason`) + `button[data-cancel-event=<id>]` |
//! | one-to-one meetings on a challenge page | `section#meetings` (`h2#meetings-title`); limit and own bookings `#meeting-terms`; status `#meetings-status`; slots `ul#meeting-slots` with `li[data-slot=<id>]`, `button[data-book=<id>]`, `button[data-unbook=<id>]`; organisation choice `select#slot-org`; none yet `#meetings-none` |
//! | meetings: coordinators | `input#meeting-limit`, `button#meeting-limit-save`; add-slot form `form#slot-form` with `#slot-starts`, `#slot-ends`, `#slot-location`, `select#slot-lang`, `button#slot-submit`, errors `#slot-errors`; `button[data-remove-slot=<id>]`; after a booked meeting `div[data-manage-slot=<id>]` with `textarea[data-summary=<id>]` (`#slot-<id>-summary`) + `button[data-publish-summary=<id>]` |
//! | my dialogue: taking part | `section#my-questions`, `#my-registrations`, `#my-bookings`, each grouped per challenge (`div.my-group[data-challenge=<id>]` with a link to it) into `li[data-question=<id>]` / `li[data-event=<id>]` / `li[data-slot=<id>]`, or `#my-questions-empty` etc. |
//! | coordinators' dialogue dashboard (`/challenges/:id/dialogue`) | `h1#dashboard-title`; counts `dl#dashboard-summary`; `section#dashboard-questions` (`li[data-question=<id>]`, `a#dashboard-answer-link`), `#dashboard-events` (`li[data-event=<id>]`), `#dashboard-meetings` (`li[data-slot=<id>]`) |
//! | criteria editor (`/challenges/:id/evaluation/criteria`) | `h1#eval-title`; languages `fieldset#ec-langs` (`input#ec-lang-<fi/sv/en>`); criterion `i` (from 0) `fieldset#ec-c-<i>` with `#ec-c-<i>-name-<lang>`, `#ec-c-<i>-key`, `#ec-c-<i>-description-<lang>`, `#ec-c-<i>-weight` (percent), `select#ec-c-<i>-min`, `#ec-c-<i>-max`, level `j` (from the lowest score) `#ec-c-<i>-lv-<j>-description-<lang>`, `button#ec-c-<i>-up`, `#ec-c-<i>-down`, `#ec-c-<i>-remove`; `button#ec-add-criterion`; sum `output#ec-total`, verdict `#ec-total-state`; requirement `fieldset#ec-r-<i>` (`#ec-r-<i>-name-<lang>`, `#ec-r-<i>-key`, `#ec-r-<i>-remove`), `button#ec-add-requirement`; `textarea#ec-reason`; `button#ec-save`; errors `#ec-errors`; stale version `#ec-conflict` with `button#ec-conflict-keep` / `#ec-conflict-load`; read-only `#ec-readonly` (`ol#ec-read-criteria`, `ul#ec-read-requirements`) |
//! | evaluation panel (`/challenges/:id/evaluation`) | `a#ep-criteria-link`; `section#ep-evaluators`: `ul#ep-evaluator-list` (`li[data-evaluator=<user id>]`, `button[data-remove-evaluator=<user id>]` after a `confirm()`), staff `select#ep-staff` + `button#ep-staff-add`, invite `input#ep-invite-email` + `button#ep-invite-send` (errors `#ep-invite-errors`), `ul#ep-invitations` (`li[data-invitation=<id>]`, `button[data-revoke-invitation=<id>]`), status `#ep-evaluators-status`; `section#ep-assignments`: sealed `#ep-sealed`, bulk `form#ep-bulk` (`input#ep-mode-all`, `#ep-mode-balanced`, `#ep-per-proposal`, `button#ep-bulk-run`), shortfalls `#ep-short`, `table#ep-loads`, `ul#ep-proposals` (`li[data-proposal=<id>]` with `li[data-evaluator=<user id>]`, `button[data-unassign=<user id>]`, `select#ep-p-<id>-add` + `button[data-assign=<id>]`), status `#ep-assign-status` |
//! | evaluator workspace (`/evaluations`) | `section[data-challenge=<id>]` with `#ew-c-<id>-sealed` or `#ew-c-<id>-progress`; `li[data-proposal=<id>]`: declaration `form#ew-<id>-form` (`input#ew-<id>-none` / `#ew-<id>-conflict`, `textarea#ew-<id>-reason`, `button#ew-<id>-submit`, errors `#ew-<id>-errors`), then `#ew-<id>-result` with `a#ew-<id>-open`; nothing to evaluate `#ew-none`; links `a#nav-evaluations` (region members), `a#account-evaluations`, `a#ev-accept-go`, `a#challenge-evaluation`, `a#challenge-criteria-edit` |

mod api;
mod app;
mod components;
mod dto;
mod focus;
mod i18n;
mod lazy_pages;
mod pages;
mod session;
mod time;

fn main() {
    // Debug builds explain a panic in the browser console; release builds stay small.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into())
    }));
    // The starting language's strings first (Swedish and English are loaded, not compiled in).
    wasm_bindgen_futures::spawn_local(async {
        i18n::prepare().await;
        leptos::mount::mount_to_body(app::App);
    });
}
