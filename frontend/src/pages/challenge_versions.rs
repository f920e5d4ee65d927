//! The public change log of a published challenge (`section#challenge-changelog`): one entry
//! per version, newest first, with its date in Helsinki time, the changed parts in words, the
//! coordinator's reason and a link to read each earlier version as it stood. Also the link to
//! the challenge's procurement notice.

use kehto_shared::challenge::{ChallengeVersionSummary, ProcurementNotice};
use leptos::prelude::*;

use crate::api;
use crate::components::widgets::{ErrorBox, Instant, Loading};
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::editor::{challenge_field_label, notice_register_label};

/// "Published." for the first version, else "Changed: Title, Proposal deadline".
pub fn change_text(v: &ChallengeVersionSummary, t: &Texts) -> String {
    if v.number <= 1 {
        return t.version_first.to_owned();
    }
    if v.changed.is_empty() {
        return t.version_no_changes.to_owned();
    }
    let names = v
        .changed
        .iter()
        .map(|f| challenge_field_label(*f, t))
        .collect::<Vec<_>>()
        .join(", ");
    t.version_changed.replace("{fields}", &names)
}

/// The address of one version's page.
pub fn version_href(challenge_id: i64, number: u32) -> String {
    format!("/challenges/{challenge_id}/versions/{number}")
}

#[component]
pub fn ChangeLog(challenge_id: i64, latest: u32) -> impl IntoView {
    let data = api::load(move || Some(format!("/challenges/{challenge_id}/versions")));
    view! {
        <section id="challenge-changelog" class="changelog" aria-labelledby="challenge-changelog-title">
            <h2 id="challenge-changelog-title">{tr(|t| t.changelog_title)}</h2>
            <p class="hint">{tr(|t| t.changelog_intro)}</p>
            {move || match api::read::<Vec<ChallengeVersionSummary>>(data.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="changelog-list">
                        {list
                            .into_iter()
                            .map(|v| view! { <VersionEntry challenge_id=challenge_id v=v latest=latest /> })
                            .collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn VersionEntry(challenge_id: i64, v: ChallengeVersionSummary, latest: u32) -> impl IntoView {
    let i18n = use_i18n();
    let n = v.number;
    let current = n >= latest;
    let reason = v.reason.clone().filter(|r| !r.trim().is_empty());
    let summary = v.clone();
    view! {
        <li data-version=n class="changelog-entry">
            <p class="changelog-head">
                <strong>{move || i18n.t().version_n.replace("{n}", &n.to_string())}</strong>
                " · "
                <Instant at=v.created_at long=true />
                {current.then(|| view! { " "<span class="badge current-version">{tr(|t| t.current_version)}</span> })}
            </p>
            <p class="changelog-what">{move || change_text(&summary, i18n.t())}</p>
            {reason.map(|r| view! {
                <p class="changelog-reason">
                    <span class="label">{tr(|t| t.change_reason_label)}" "</span>
                    {r}
                </p>
            })}
            {(!current).then(|| view! {
                <p>
                    <a href=version_href(challenge_id, n)>
                        {move || i18n.t().view_version.replace("{n}", &n.to_string())}
                    </a>
                </p>
            })}
        </li>
    }
}

/// A link that opens a procurement notice, named by its register and identifier.
#[component]
pub fn NoticeLink(notice: ProcurementNotice) -> impl IntoView {
    let i18n = use_i18n();
    let register = notice.register;
    let id = notice.notice_id.clone();
    let text = move || format!("{}: {id}", notice_register_label(register, i18n.t()));
    // The server accepts only web addresses; never make a link of anything else.
    let url = notice.url;
    if url.starts_with("https://") || url.starts_with("http://") {
        view! { <a class="notice-link" href=url rel="external noopener noreferrer">{text}</a> }
            .into_any()
    } else {
        view! { <span>{text}</span> }.into_any()
    }
}
