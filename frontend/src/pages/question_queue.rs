//! The coordinator's queue of unanswered questions on a challenge page (`#questions-queue`):
//! each question with its age and the asking organisation (shown to coordinators only), and a
//! form to publish the answer together with the question's public wording.

use chrono::{DateTime, Utc};
use kehto_shared::dialogue::{AnswerQuestionRequest, AskedQuestion};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, TextField};
use crate::i18n::{tr, use_i18n};
use crate::time;

#[component]
pub fn QuestionQueue(
    challenge_id: i64,
    queue: Vec<AskedQuestion>,
    now: DateTime<Utc>,
    on_done: Callback<String>,
) -> impl IntoView {
    let empty = queue.is_empty();
    view! {
        <section id="questions-queue" class="questions-queue" aria-labelledby="questions-queue-title">
            <h3 id="questions-queue-title">{tr(|t| t.queue_title)}</h3>
            <p class="hint">{tr(|t| t.queue_note)}</p>
            {empty.then(|| view! { <p id="questions-queue-empty">{tr(|t| t.queue_empty)}</p> })}
            <ol class="queue-list">
                {queue
                    .into_iter()
                    .enumerate()
                    .map(|(i, q)| view! { <AnswerForm challenge_id=challenge_id n=i + 1 q=q now=now on_done=on_done /> })
                    .collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn AnswerForm(
    challenge_id: i64,
    n: usize,
    q: AskedQuestion,
    now: DateTime<Utc>,
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let qid = q.id;
    let prefix = format!("answer-{qid}-");
    let question = RwSignal::new(q.text.clone());
    let answer = RwSignal::new(String::new());
    // Ids: `answer-<id>-errors`, `answer-<id>-question`, `answer-<id>-answer`.
    let errors = FormErrors::new("errors", |f| f.to_owned()).with_prefix(prefix.clone());
    let busy = RwSignal::new(false);
    let title_id = format!("{prefix}title");
    let asked = q.asked_at;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = AnswerQuestionRequest {
            question: question.get_untracked().trim().to_owned(),
            answer: answer.get_untracked().trim().to_owned(),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::answer_question(challenge_id, qid, &req).await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(i18n.t_untracked().answer_published.to_owned()),
                Err(e) => errors.show_api(&e),
            }
        });
    };

    view! {
        <li class="queue-item" data-question=qid>
            <h4 id=title_id.clone()>{move || i18n.t().question_n.replace("{n}", &n.to_string())}</h4>
            <p class="q-meta">
                {q.org.map(|o| view! {
                    {tr(|t| t.asked_by)}": "
                    <strong>{move || o.name(i18n.lang()).to_owned()}</strong>" · "
                })}
                <time datetime=asked.to_rfc3339()>
                    {move || i18n.t().asked_ago.replace("{ago}", &time::ago(asked, now, i18n.lang()))}
                </time>
            </p>
            <blockquote class="q-original">{q.text}</blockquote>
            <ErrorSummary errors=errors level=5 />
            <form novalidate aria-labelledby=title_id on:submit=submit>
                <TextField
                    id=format!("{prefix}question")
                    field="question"
                    label=|t| t.public_question
                    hint=|t| t.public_question_hint
                    value=question
                    errors=errors
                    rows=4
                />
                <TextField
                    id=format!("{prefix}answer")
                    field="answer"
                    label=|t| t.answer_label
                    hint=|t| t.answer_hint
                    value=answer
                    errors=errors
                    rows=6
                />
                <div class="form-actions">
                    <button type="submit" class="button" data-answer-for=qid disabled=move || busy.get()>
                        {tr(|t| t.publish_answer)}
                    </button>
                </div>
            </form>
        </li>
    }
}
