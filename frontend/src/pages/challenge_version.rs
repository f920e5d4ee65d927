//! `/challenges/:id/versions/:n`: a challenge exactly as it stood in one published version,
//! read-only, under a banner (`#version-banner`) saying which version it is and linking to the
//! current one.

use chrono::{DateTime, Utc};
use kehto_shared::challenge::ChallengeVersionView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::challenge_versions::change_text;
use crate::api;
use crate::components::widgets::{ErrorBox, Instant, Loading};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

#[component]
pub fn ChallengeVersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            let id = p.get("id").and_then(|s| s.parse::<i64>().ok())?;
            let n = p.get("n").and_then(|s| s.parse::<u32>().ok())?;
            Some((id, n))
        })
    });
    let data = api::load(move || {
        ids.get()
            .map(|(id, n)| format!("/challenges/{id}/versions/{n}"))
    });
    let data = move || api::read::<Option<ChallengeVersionView>>(data.get());
    let title = Signal::derive(move || {
        data().and_then(Result::ok).flatten().map(|v| {
            let t = i18n.t();
            format!(
                "{} ({})",
                v.content.title,
                t.version_n.replace("{n}", &v.summary.number.to_string())
            )
        })
    });
    focus::page_title(move |t| title.get().unwrap_or_else(|| t.challenge.to_owned()));
    let back = move || {
        ids.get()
            .map(|(id, _)| format!("/challenges/{id}"))
            .unwrap_or_else(|| "/".to_owned())
    };

    view! {
        <p class="breadcrumb">
            <a href=back>
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.back_to_challenge)}
            </a>
        </p>
        {move || match (data(), ids.get()) {
            (None, _) => view! { <Loading /> }.into_any(),
            (Some(Ok(Some(v))), Some((id, _))) => view! { <VersionView id=id v=v /> }.into_any(),
            (Some(Err(e)), _) => view! {
                <h1>{tr(|t| t.challenge)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
            _ => view! {
                <h1>{tr(|t| t.not_found_title)}</h1>
                <p>{tr(|t| t.not_found_text)}</p>
            }
            .into_any(),
        }}
    }
}

#[component]
fn VersionView(id: i64, v: ChallengeVersionView) -> impl IntoView {
    let i18n = use_i18n();
    let n = v.summary.number;
    let latest = v.latest;
    let c = v.content.clone();
    let lang = c.content_lang.code();
    let saved_at = v.summary.created_at;
    let summary = v.summary.clone();
    let reason = v.summary.reason.clone().filter(|r| !r.trim().is_empty());
    let has_criteria = !v.evaluation_criteria_html.trim().is_empty();
    let row = move |label: fn(&Texts) -> &'static str, at: Option<DateTime<Utc>>| {
        view! {
            <div>
                <dt>{move || label(i18n.t())}</dt>
                <dd>
                    {match at {
                        Some(at) => view! { <Instant at=at long=true /> }.into_any(),
                        None => view! { {tr(|t| t.not_set)} }.into_any(),
                    }}
                </dd>
            </div>
        }
    };
    view! {
        <div id="version-banner" class="version-banner">
            <p>
                <strong>
                    {move || {
                        if n >= latest {
                            i18n.t().version_banner_current.replace("{n}", &n.to_string())
                        } else {
                            i18n.t()
                                .version_banner
                                .replace("{n}", &n.to_string())
                                .replace("{m}", &latest.to_string())
                        }
                    }}
                </strong>
                " "
                {tr(|t| t.version_saved)}" "<Instant at=saved_at long=true />"."
            </p>
            <p>
                <a id="version-current" href=format!("/challenges/{id}")>{tr(|t| t.see_current_version)}</a>
            </p>
        </div>
        <article class="challenge challenge-version">
            <h1 id="challenge-title" lang=lang>{c.title.clone()}</h1>
            <p class="lead" lang=lang>{c.summary.clone()}</p>
            <section class="version-changes" aria-labelledby="version-changes-title">
                <h2 id="version-changes-title">{tr(|t| t.version_changes_title)}</h2>
                <p>{move || change_text(&summary, i18n.t())}</p>
                {reason.map(|r| view! {
                    <p>
                        <span class="label">{tr(|t| t.change_reason_label)}" "</span>
                        {r}
                    </p>
                })}
            </section>
            <div class="challenge-body">
                <div class="challenge-main">
                    <section class="description" aria-labelledby="challenge-description-title">
                        <h2 id="challenge-description-title">{tr(|t| t.description)}</h2>
                        <div class="prose" lang=lang inner_html=v.description_html.clone()></div>
                    </section>
                    {has_criteria.then(|| view! {
                        <section id="challenge-criteria" class="criteria" aria-labelledby="challenge-criteria-title">
                            <h2 id="challenge-criteria-title">{tr(|t| t.ch_criteria)}</h2>
                            <div class="prose" lang=lang inner_html=v.evaluation_criteria_html.clone()></div>
                        </section>
                    })}
                </div>
                <aside class="facts-panel" aria-labelledby="challenge-facts-title">
                    <h2 id="challenge-facts-title">{tr(|t| t.ch_schedule)}</h2>
                    <dl class="facts vertical">
                        {row(|t| t.questions_deadline, c.questions_close_at)}
                        {row(|t| t.proposals_deadline, c.proposals_close_at)}
                        {row(|t| t.decision_target, c.decision_target_at)}
                    </dl>
                </aside>
            </div>
        </article>
    }
}
