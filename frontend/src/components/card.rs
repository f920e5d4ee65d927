//! A challenge as a card on the board: an `<article>` whose `<h2>` links to the challenge page.

use chrono::{DateTime, Utc};
use kehto_shared::challenge::{ChallengeStatus, ChallengeSummary};
use leptos::prelude::*;

use crate::components::widgets::{Deadline, StatusBadge};
use crate::i18n::{tr, use_i18n};

#[component]
pub fn ChallengeCard(challenge: ChallengeSummary, now: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let c = challenge;
    let href = format!("/challenges/{}", c.id);
    let content_lang = c.lang.code();
    let status = c.status.effective(c.proposals_close_at, now);
    let is_open = matches!(
        status,
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen | ChallengeStatus::Draft
    );
    let regions = c.regions.clone();
    let themes = c.themes.clone();
    let model = c.model;
    let trl = if c.trl_min == c.trl_max {
        c.trl_min.to_string()
    } else {
        format!("{}–{}", c.trl_min, c.trl_max)
    };
    let deadline = c.proposals_close_at;
    let title_id = format!("card-{}-title", c.id);
    let labelled_by = title_id.clone();
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <div class="card-head">
                <h2 id=title_id lang=content_lang>
                    <a href=href>{c.title}</a>
                </h2>
                <StatusBadge status=status />
            </div>
            <p class="card-summary" lang=content_lang>{c.summary}</p>
            <dl class="facts">
                <div>
                    <dt>{tr(|t| t.regions)}</dt>
                    <dd>
                        {move || {
                            let lang = i18n.lang();
                            regions.iter().map(|r| r.name(lang).to_owned()).collect::<Vec<_>>().join(", ")
                        }}
                    </dd>
                </div>
                {(!themes.is_empty()).then(|| view! {
                    <div>
                        <dt>{tr(|t| t.themes)}</dt>
                        <dd>
                            {move || {
                                let lang = i18n.lang();
                                themes.iter().map(|t| t.label(lang)).collect::<Vec<_>>().join(", ")
                            }}
                        </dd>
                    </div>
                })}
                <div>
                    <dt>{tr(|t| t.cooperation_model)}</dt>
                    <dd>{move || model.label(i18n.lang())}</dd>
                </div>
                <div>
                    <dt>
                        <abbr title=tr(|t| t.trl_long)>"TRL"</abbr>
                    </dt>
                    <dd>{trl}</dd>
                </div>
                <div class="wide">
                    <dt>{tr(|t| t.proposals_deadline)}</dt>
                    <dd>
                        {match deadline {
                            Some(at) => view! { <Deadline at=at now=now open=is_open /> }.into_any(),
                            None => view! { {tr(|t| t.not_set)} }.into_any(),
                        }}
                    </dd>
                </div>
            </dl>
        </article>
    }
}
