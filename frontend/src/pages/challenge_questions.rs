//! The market dialogue on a challenge page: `section#questions` below the description.
//!
//! Everyone sees the published questions and answers (without the asker: equal treatment) and the
//! questions deadline; members of a company or research organisation may ask until the deadline
//! and follow their organisation's questions; the challenge's coordinators get the queue of
//! unanswered questions ([`QuestionQueue`]). After an action the polite notice
//! `#questions-notice` receives focus and the view is loaded again.

use chrono::{DateTime, Utc};
use kehto_shared::dialogue::{AskQuestionRequest, AskedQuestion, PublishedQuestion, QuestionsView};
use kehto_shared::org::{OrgKind, OrgRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::question_queue::QuestionQueue;
use crate::api;
use crate::components::form::{
    ErrorSummary, FormErrors, Notice, SelectField, SubmitButton, TextField,
};
use crate::components::widgets::{Deadline, ErrorBox, Instant, Loading, sign_in_href};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// `accepting`: whether the challenge's status and deadline let companies ask now (used only to
/// explain why someone cannot ask; the server decides).
#[component]
pub fn ChallengeQuestions(
    challenge_id: i64,
    close_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    accepting: bool,
) -> impl IntoView {
    let session = use_session();
    // Signing in or out changes what the viewer may see and do.
    let who = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    let text = api::load(move || {
        who.track();
        Some(format!("/challenges/{challenge_id}/questions"))
    });
    let data = move || api::read::<QuestionsView>(text.get());
    let notice = RwSignal::new(None::<String>);
    let on_done = Callback::new(move |message: String| {
        notice.set(Some(message));
        text.refetch();
        focus::focus_id("questions-notice");
    });
    let loaded = move || data().and_then(Result::ok);

    view! {
        <section id="questions" class="questions" aria-labelledby="questions-title">
            <h2 id="questions-title">{tr(|t| t.questions_title)}</h2>
            <p class="questions-intro">
                {tr(|t| t.questions_intro)}" "
                <strong>{tr(|t| t.questions_deadline)}":"</strong>" "
                {match close_at {
                    Some(at) => view! { <Deadline at=at now=now long=true /> }.into_any(),
                    None => view! { {tr(|t| t.not_set)} }.into_any(),
                }}
            </p>
            {move || match data() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(v)) => published_list(v.published),
            }}
            <div id="questions-notice" tabindex="-1">
                <Notice message=notice />
            </div>
            {move || loaded().map(|v| {
                let ask = if v.can_ask {
                    view! { <AskForm challenge_id=challenge_id on_done=on_done /> }.into_any()
                } else if v.can_answer {
                    ().into_any()
                } else {
                    let passed = v.questions_close_at.is_some_and(|at| at <= v.server_now);
                    view! { <CannotAsk passed=passed accepting=accepting /> }.into_any()
                };
                view! {
                    {ask}
                    {(!v.mine.is_empty()).then(|| my_questions(v.mine))}
                    {v.can_answer.then(|| view! {
                        <QuestionQueue challenge_id=challenge_id queue=v.queue now=v.server_now on_done=on_done />
                    })}
                }
            })}
        </section>
    }
}

fn published_list(list: Vec<PublishedQuestion>) -> AnyView {
    if list.is_empty() {
        return view! { <p id="questions-none" class="muted">{tr(|t| t.questions_none)}</p> }
            .into_any();
    }
    view! {
        <dl id="questions-published" class="qa-list">
            {list
                .into_iter()
                .map(|q| view! {
                    <div class="qa" id=format!("question-{}", q.id)>
                        <dt>{q.question}</dt>
                        <dd>
                            <p class="qa-answer">{q.answer}</p>
                            <p class="q-meta">
                                {tr(|t| t.question_answered)}" "<Instant at=q.answered_at />
                            </p>
                        </dd>
                    </div>
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// Why the viewer cannot ask, in one line; a sign-in link for visitors while questions are open.
#[component]
fn CannotAsk(passed: bool, accepting: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let href = sign_in_href();
    move || {
        let t = i18n.t();
        let in_company = session.me.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.memberships.iter().any(|x| asks_for(&x.org)))
        });
        let why = if passed {
            t.questions_closed_note
        } else if !accepting {
            t.questions_not_open
        } else if !session.signed_in() {
            return view! {
                <p id="questions-sign-in">
                    <a href=href.clone()>{t.ask_sign_in}</a>
                </p>
            }
            .into_any();
        } else if !in_company {
            t.questions_companies_only
        } else {
            t.questions_not_open
        };
        view! { <p id="questions-cannot-ask" class="info">{why}</p> }.into_any()
    }
}

/// Whether members of this organisation may ask questions.
fn asks_for(org: &OrgRef) -> bool {
    matches!(org.kind, OrgKind::Company | OrgKind::Research)
}

#[component]
fn AskForm(challenge_id: i64, on_done: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let orgs = Memo::new(move |_| {
        session.me.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.memberships
                        .iter()
                        .filter(|x| asks_for(&x.org))
                        .map(|x| x.org.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let several = move || orgs.with(|o| o.len() > 1);
    let first = move || orgs.with_untracked(|o| o.first().map(|o| o.id));
    let org = RwSignal::new(first().map(|id| id.to_string()).unwrap_or_default());
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        orgs.get()
            .into_iter()
            .map(|o| (o.id.to_string(), o.name(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let text = RwSignal::new(String::new());
    let errors = FormErrors::new("question-errors", |f| {
        if f == "org_id" {
            "question-org".into()
        } else {
            "question-text".into()
        }
    });
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let org_id = orgs
            .with_untracked(|o| o.len() > 1)
            .then(|| org.get_untracked().parse().ok().or_else(first))
            .flatten();
        let req = AskQuestionRequest {
            text: text.get_untracked().trim().to_owned(),
            org_id,
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::ask_question(challenge_id, &req).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    text.set(String::new());
                    on_done.run(i18n.t_untracked().question_sent.to_owned());
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    view! {
        <section class="ask" aria-labelledby="ask-title">
            <h3 id="ask-title">{tr(|t| t.ask_title)}</h3>
            <ErrorSummary errors=errors level=4 />
            <form id="question-form" novalidate on:submit=submit>
                <TextField
                    id="question-text"
                    field="text"
                    label=|t| t.question_label
                    hint=|t| t.question_hint
                    value=text
                    errors=errors
                    rows=5
                />
                {move || several().then(|| view! {
                    <SelectField
                        id="question-org"
                        field="org_id"
                        label=|t| t.question_org
                        hint=|t| t.question_org_hint
                        value=org
                        errors=errors
                        options=options
                    />
                })}
                <SubmitButton id="question-submit" label=|t| t.send_question busy=busy />
            </form>
        </section>
    }
}

fn my_questions(mine: Vec<AskedQuestion>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="my-questions" aria-labelledby="questions-mine-title">
            <h3 id="questions-mine-title">{tr(|t| t.my_questions)}</h3>
            <ul id="questions-mine" class="question-list">
                {mine
                    .into_iter()
                    .map(|q| {
                        let answered = q.answered_at.is_some();
                        let (class, label): (&str, fn(&crate::i18n::Texts) -> &'static str) = if answered {
                            ("badge q-status answered", |t| t.question_answered)
                        } else {
                            ("badge q-status pending", |t| t.question_pending)
                        };
                        view! {
                            <li data-question=q.id>
                                <p class="q-text">{q.text}</p>
                                <p class="q-meta">
                                    <span class=class>{move || label(i18n.t())}</span>" · "
                                    {tr(|t| t.asked_at)}" "<Instant at=q.asked_at />
                                    {q.org.map(|o| view! { " · "{move || o.name(i18n.lang()).to_owned()} })}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
