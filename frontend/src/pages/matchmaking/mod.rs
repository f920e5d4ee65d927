//! Matchmaking in the browser: challenges recommended to a company with recommendation alerts
//! ([`recommendations`], [`alerts`]), organisations suggested to a challenge's coordinators with
//! dialogue invitations ([`suggestions`]), similar challenges of other regions ([`similar`]),
//! partner search ([`partners`], [`candidates`]) and contact requests ([`contacts`]).
//!
//! Every match shows its reasons as the sentence the server wrote in the interface language, and
//! its fit as words ("Good fit"), never as a colour alone. Read-only lists are written as HTML
//! text (values escaped with [`esc`]), as elsewhere in the app, to keep the wasm small.

pub mod alerts;
pub mod candidates;
pub mod contacts;
pub mod partners;
pub mod recommendations;
pub mod similar;
pub mod suggestions;
mod wire;

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::challenge::ChallengeSummary;
use kehto_shared::matchmaking::FitLevel;
use kehto_shared::org::{OrgRef, Role};
use leptos::prelude::*;

use super::dialogue_kit::{esc, takes_part};
use crate::components::form::Notice;
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::session::use_session;
use crate::time;

/// What came of an action, said in a status line (`#<id>`, focused afterwards): a polite notice
/// after success, an alert after failure.
#[derive(Clone, Copy)]
pub struct Said {
    id: &'static str,
    notice: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
}

impl Said {
    pub fn new(id: &'static str) -> Self {
        Said {
            id,
            notice: RwSignal::new(None),
            failure: RwSignal::new(None),
        }
    }

    pub fn view(self) -> impl IntoView {
        view! {
            <div id=self.id tabindex="-1" class="match-status">
                <Notice message=self.notice />
                {move || self.failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
        }
    }

    pub fn ok(self, message: String) {
        self.failure.set(None);
        self.notice.set(Some(message));
        focus::focus_id(self.id);
    }

    pub fn failed(self, message: String) {
        self.notice.set(None);
        self.failure.set(Some(message));
        focus::focus_id(self.id);
    }
}

/// The companies and research organisations the signed-in user acts for (tracked).
pub fn acting_orgs() -> Vec<OrgRef> {
    use_session().me.with(|m| {
        m.iter()
            .flat_map(|m| m.memberships.iter())
            .filter(|x| {
                takes_part(&x.org) && matches!(x.role, Role::CompanyMember | Role::CompanyOwner)
            })
            .map(|x| x.org.clone())
            .collect()
    })
}

/// The organisation of `orgs` named by `wanted`, else the first.
pub fn pick(orgs: &[OrgRef], wanted: Option<i64>) -> Option<OrgRef> {
    wanted
        .and_then(|id| orgs.iter().find(|o| o.id == id))
        .or_else(|| orgs.first())
        .cloned()
}

/// Links to the same page for each of the user's organisations (`nav#<id>`; `href` gives an
/// organisation's link), the current one marked; nothing when there is only one.
#[component]
pub fn OrgTabs(
    id: &'static str,
    orgs: Vec<OrgRef>,
    current: i64,
    href: Callback<i64, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    (orgs.len() > 1).then(|| {
        view! {
            <nav id=id class="org-tabs" aria-label=tr(|t| t.mm_choose_org)>
                <span class="label" aria-hidden="true">{tr(|t| t.mm_choose_org)}": "</span>
                <ul>
                    {orgs
                        .into_iter()
                        .map(|o| {
                            let (oid, here) = (o.id, o.id == current);
                            view! {
                                <li>
                                    <a href=href.run(oid) data-org=oid aria-current=here.then_some("page")>
                                        {move || o.name(i18n.lang()).to_owned()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// The fit as a badge whose text says it ("Good fit").
pub fn fit_html(fit: FitLevel, lang: Lang) -> String {
    format!(
        r#"<span class="badge fit fit-{}">{}</span>"#,
        fit.code(),
        fit.label(lang)
    )
}

/// "Why: …", the server's sentence.
pub fn reason_html(reason: &str, t: &Texts) -> String {
    if reason.trim().is_empty() {
        return String::new();
    }
    format!(
        r#"<p class="match-reason"><strong>{}</strong> {}</p>"#,
        t.mm_why,
        esc(reason)
    )
}

/// A deadline in Helsinki time with the time left, as HTML.
fn deadline_html(at: Option<DateTime<Utc>>, now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    match at {
        None => t.not_set.to_owned(),
        Some(at) => {
            let left = time::remaining(at, now, lang, t)
                .map(|r| format!(r#" <span class="remaining">({})</span>"#, esc(&r)))
                .unwrap_or_default();
            format!(
                r#"<time datetime="{}">{}</time>{left}"#,
                at.to_rfc3339(),
                esc(&time::format_helsinki(at, lang, false, t))
            )
        }
    }
}

/// One challenge of a match list: its title (a heading of `level`) linking to it, fit and
/// status in words, summary, regions, deadline, the reasons, then `extra` (HTML).
pub fn challenge_html(
    c: &ChallengeSummary,
    level: u8,
    fit: Option<FitLevel>,
    reason: &str,
    extra: &str,
    lang: Lang,
    t: &Texts,
) -> String {
    let now = time::now_utc();
    let status = c.status.effective(c.proposals_close_at, now);
    let regions = c
        .regions
        .iter()
        .map(|r| esc(r.name(lang)))
        .collect::<Vec<_>>()
        .join(", ");
    let fit = fit.map(|f| fit_html(f, lang)).unwrap_or_default();
    format!(
        r#"<li class="match-item" data-challenge="{id}"><h{level} class="match-title" lang="{cl}"><a href="/challenges/{id}">{title}</a></h{level}><p class="match-badges">{fit} <span class="badge status-{sc}">{sl}</span></p><p class="card-summary" lang="{cl}">{summary}</p><dl class="facts"><div><dt>{tr_regions}</dt><dd>{regions}</dd></div><div><dt>{tr_deadline}</dt><dd>{deadline}</dd></div></dl>{reason}{extra}</li>"#,
        id = c.id,
        cl = c.lang.code(),
        title = esc(&c.title),
        sc = status.code(),
        sl = status.label(lang),
        summary = esc(&c.summary),
        tr_regions = t.regions,
        tr_deadline = t.proposals_deadline,
        deadline = deadline_html(c.proposals_close_at, now, lang, t),
        reason = reason_html(reason, t),
    )
}
