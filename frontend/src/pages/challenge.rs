//! `/challenges/:id`: one challenge with every detail, its translations and, for its
//! coordinators, the edit link and the status actions. `?lang=` asks for a translation.

use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeDetail, ChallengeStatus};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::challenge_events::ChallengeEvents;
use super::challenge_follow::FollowBar;
use super::challenge_meetings::ChallengeMeetings;
use super::challenge_outcome::ChallengeOutcome;
use super::challenge_proposal::ChallengeProposal;
use super::challenge_questions::ChallengeQuestions;
use super::challenge_versions::{ChangeLog, NoticeLink};
use super::evaluation::criteria_view;
use crate::api;
use crate::components::form::Notice;
use crate::components::widgets::{Deadline, ErrorBox, Instant, Loading, StatusBadge};
use crate::focus;
use crate::i18n::{endonym, tr, use_i18n};
use crate::lazy_pages::{OnDemand, OnDemandPart};
use crate::session::use_session;
use crate::time;

#[component]
pub fn ChallengePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let wanted = Memo::new(move |_| {
        query
            .with(|q| q.get("lang"))
            .and_then(|c| Lang::from_code(&c))
            .unwrap_or(i18n.lang())
    });
    let data = api::load(move || {
        let lang = wanted.get();
        id.get()
            .map(|id| format!("/challenges/{id}?lang={}", lang.code()))
    });
    let detail = move || api::read::<Option<ChallengeDetail>>(data.get());
    let notice = RwSignal::new(None::<String>);
    if let Some(message) = use_session().take_flash() {
        // Set after mounting, so that the live region announces it.
        set_timeout(
            move || notice.set(Some(message)),
            std::time::Duration::from_millis(300),
        );
    }
    let title = Signal::derive(move || {
        detail()
            .and_then(Result::ok)
            .flatten()
            .map(|d| d.summary.title)
    });
    focus::page_title(move |t| title.get().unwrap_or_else(|| t.challenge.to_owned()));
    let changed = Callback::new(move |msg: String| {
        notice.set(Some(msg));
        data.refetch();
        focus::focus_id("challenge-flash");
    });

    view! {
        <p class="breadcrumb">
            <a href="/">
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.back_to_board)}
            </a>
        </p>
        <div id="challenge-flash" tabindex="-1">
            <Notice message=notice />
        </div>
        {move || match detail() {
            None => view! { <Loading /> }.into_any(),
            Some(Ok(Some(d))) => view! { <ChallengeView d=d wanted=wanted.get() on_changed=changed /> }.into_any(),
            Some(Ok(None)) => view! {
                <h1>{tr(|t| t.not_found_title)}</h1>
                <p>{tr(|t| t.not_found_text)}</p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.challenge)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
        }}
    }
}

fn budget_text(min: Option<i64>, max: Option<i64>, lang: Lang, t: &crate::i18n::Texts) -> String {
    let eur = |n| time::format_eur(n, lang);
    match (min, max) {
        (None, None) => t.not_set.to_owned(),
        (Some(a), None) => t.budget_from.replace("{min}", &eur(a)),
        (None, Some(b)) => t.budget_up_to.replace("{max}", &eur(b)),
        (Some(a), Some(b)) => format!("{} – {}", eur(a), eur(b)),
    }
}

#[component]
fn ChallengeView(d: ChallengeDetail, wanted: Lang, on_changed: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let s = d.summary.clone();
    let now = d.server_now;
    let shown = s.lang;
    let status = s.status.effective(s.proposals_close_at, now);
    let is_open = matches!(
        status,
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen | ChallengeStatus::Draft
    );
    let mut available = vec![d.content_lang];
    available.extend(
        d.translations
            .iter()
            .map(|t| t.lang)
            .filter(|l| *l != d.content_lang),
    );
    let id = s.id;
    let content_lang = d.content_lang;
    let missing = (shown != wanted).then_some(wanted);
    let regions = s.regions.clone();
    let themes = s.themes.clone();
    let model = s.model;
    let trl = if s.trl_min == s.trl_max {
        s.trl_min.to_string()
    } else {
        format!("{}–{}", s.trl_min, s.trl_max)
    };
    let (bmin, bmax) = (d.budget_min_eur, d.budget_max_eur);
    let mailto = format!("mailto:{}", d.contact_email);
    let has_contact = !d.contact_name.is_empty() || !d.contact_email.is_empty();
    let show_admin = d.can_edit || !d.next_statuses.is_empty();
    let following = d.following;
    let version = d.version;
    let criteria_html = d.evaluation_criteria_html.clone();
    let has_criteria = !criteria_html.trim().is_empty();
    // The weighted criteria set the proposals are scored on, published with the challenge.
    let criteria_set = d.criteria_set.clone();
    let notice = d.procurement_notice.clone();
    // The market dialogue exists once a challenge is published.
    let show_questions = s.status != ChallengeStatus::Draft;
    // An evaluation's outcome can exist only once the proposals deadline has passed.
    let show_outcome = matches!(
        status,
        ChallengeStatus::Closed
            | ChallengeStatus::Evaluation
            | ChallengeStatus::Decided
            | ChallengeStatus::Archived
    );
    let questions_close_at = s.questions_close_at;
    let accepting = matches!(
        status,
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    ) && questions_close_at.is_some_and(|at| at > now);
    let date_row = move |label: fn(&crate::i18n::Texts) -> &'static str, value: AnyView| {
        view! {
            <div>
                <dt>{move || label(i18n.t())}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let deadline = |at: Option<chrono::DateTime<chrono::Utc>>| match at {
        Some(at) => view! { <Deadline at=at now=now long=true open=is_open /> }.into_any(),
        None => view! { {tr(|t| t.not_set)} }.into_any(),
    };
    let instant = |at: Option<chrono::DateTime<chrono::Utc>>| match at {
        Some(at) => view! { <Instant at=at long=true /> }.into_any(),
        None => view! { {tr(|t| t.not_set)} }.into_any(),
    };
    view! {
        <article class="challenge">
            <div class="challenge-head">
                <StatusBadge status=status />
            </div>
            <h1 id="challenge-title" lang=shown.code()>{s.title.clone()}</h1>
            <p class="lead" lang=shown.code()>{s.summary.clone()}</p>
            <nav id="challenge-langs" class="translations" aria-label=tr(|t| t.challenge_languages)>
                <span class="label">{tr(|t| t.available_in)}" "</span>
                <ul>
                    {available
                        .into_iter()
                        .map(|l| {
                            let href = format!("/challenges/{id}?lang={}", l.code());
                            view! {
                                <li>
                                    <a href=href hreflang=l.code() lang=l.code() aria-current=(l == shown).then_some("true")>
                                        {endonym(l)}
                                    </a>
                                    {(l == content_lang).then(|| view! { " "<span class="muted">"("{tr(|t| t.original_language)}")"</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            {missing.map(|w| view! {
                <p class="info">
                    {move || i18n.t().translation_missing.replace("{wanted}", endonym(w)).replace("{shown}", endonym(shown))}
                </p>
            })}
            {d.status_reason.clone().map(|reason| view! {
                <section id="challenge-status-reason" class="info" aria-labelledby="challenge-status-reason-title">
                    <h2 id="challenge-status-reason-title">{tr(|t| t.status_reason_title)}</h2>
                    <p lang=content_lang.code()>{reason}</p>
                </section>
            })}
            <FollowBar challenge_id=id following=following.filter(|_| show_questions) feed=show_questions />
            {show_admin.then(|| view! { <OnDemand part=OnDemandPart::ChallengeAdmin(Box::new(d.clone()), on_changed) /> })}
            <ChallengeProposal challenge_id=id status=status close_at=s.proposals_close_at now=now regions=s.regions.clone() />
            <div class="challenge-body">
                <div class="challenge-main">
                    <section class="description" aria-labelledby="challenge-description-title">
                        <h2 id="challenge-description-title">{tr(|t| t.description)}</h2>
                        <div class="prose" lang=shown.code() inner_html=d.description_html.clone()></div>
                    </section>
                    {has_criteria.then(|| view! {
                        <section id="challenge-criteria" class="criteria" aria-labelledby="challenge-criteria-title">
                            <h2 id="challenge-criteria-title">{tr(|t| t.ch_criteria)}</h2>
                            <div class="prose" lang=content_lang.code() inner_html=criteria_html></div>
                        </section>
                    })}
                    {criteria_set.map(|set| {
                        let i18n = use_i18n();
                        view! {
                            <section id="challenge-criteria-set" class="criteria">
                                <div inner_html=move || criteria_view::criteria_html(&set, i18n.lang(), i18n.t())></div>
                            </section>
                        }
                    })}
                </div>
                <aside class="facts-panel" aria-labelledby="challenge-facts-title">
                    <h2 id="challenge-facts-title">{tr(|t| t.key_facts)}</h2>
                    <dl class="facts vertical">
                        <div>
                            <dt>{tr(|t| t.regions)}</dt>
                            <dd>
                                <ul class="plain">
                                    {move || {
                                        let lang = i18n.lang();
                                        regions.iter().map(|r| view! { <li>{r.name(lang).to_owned()}</li> }).collect_view()
                                    }}
                                </ul>
                            </dd>
                        </div>
                        <div>
                            <dt>{tr(|t| t.themes)}</dt>
                            <dd>
                                {move || {
                                    let lang = i18n.lang();
                                    if themes.is_empty() {
                                        i18n.t().not_set.to_owned()
                                    } else {
                                        themes.iter().map(|t| t.label(lang)).collect::<Vec<_>>().join(", ")
                                    }
                                }}
                            </dd>
                        </div>
                        <div>
                            <dt>{tr(|t| t.cooperation_model)}</dt>
                            <dd>{move || model.label(i18n.lang())}</dd>
                        </div>
                        <div>
                            <dt>{tr(|t| t.trl_long)}</dt>
                            <dd>{trl}</dd>
                        </div>
                        <div>
                            <dt>{tr(|t| t.budget)}</dt>
                            <dd>{move || budget_text(bmin, bmax, i18n.lang(), i18n.t())}</dd>
                        </div>
                        {date_row(|t| t.questions_deadline, deadline(s.questions_close_at))}
                        {date_row(|t| t.proposals_deadline, deadline(s.proposals_close_at))}
                        {date_row(|t| t.decision_target, instant(d.decision_target_at))}
                        {date_row(|t| t.published_at, instant(s.published_at))}
                        {date_row(|t| t.created_at, instant(Some(d.created_at)))}
                        {date_row(|t| t.updated_at, instant(Some(d.updated_at)))}
                        {notice.map(|n| view! {
                            <div id="challenge-notice">
                                <dt>{tr(|t| t.procurement_notice)}</dt>
                                <dd><NoticeLink notice=n /></dd>
                            </div>
                        })}
                        {has_contact.then(|| view! {
                            <div>
                                <dt>{tr(|t| t.contact_person)}</dt>
                                <dd>
                                    {d.contact_name.clone()}
                                    {(!d.contact_email.is_empty()).then(|| view! {
                                        <br />
                                        <a href=mailto>{d.contact_email.clone()}</a>
                                    })}
                                </dd>
                            </div>
                        })}
                    </dl>
                </aside>
            </div>
            {show_outcome.then(|| view! { <ChallengeOutcome challenge_id=id /> })}
            {(version > 0).then(|| view! { <ChangeLog challenge_id=id latest=version /> })}
            {show_questions.then(|| view! {
                <ChallengeQuestions challenge_id=id close_at=questions_close_at now=now accepting=accepting />
                <ChallengeEvents challenge_id=id />
                <ChallengeMeetings challenge_id=id />
            })}
        </article>
    }
}
