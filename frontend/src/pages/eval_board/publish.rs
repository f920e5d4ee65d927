//! Publishing the round's decisions (`section#eb-publish`): the button (`#eb-publish-button`)
//! is disabled with the reason beside it (`#eb-publish-reason`) while the board says it cannot
//! be published; otherwise a confirmation (`#eb-publish-confirm`) names how many participating
//! organisations in how many proposals will be notified, and says the decisions cannot change
//! afterwards. `POST /challenges/{id}/evaluation/publish`, then the board is loaded again.

use kehto_shared::evaluation::{EvaluationBoard, RoundStatus};
use leptos::prelude::*;

use super::BoardCtx;
use crate::api;
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// Why the round cannot be published, if it cannot.
fn blocked(b: &EvaluationBoard, open: bool, t: &Texts) -> Option<String> {
    if !open {
        return Some(t.eb_publish_done.to_owned());
    }
    if b.can_publish {
        return None;
    }
    if b.proposals.is_empty() {
        return Some(t.eb_no_proposals.to_owned());
    }
    let mut why = Vec::new();
    if b.missing_evaluations > 0 {
        why.push(
            t.eb_publish_missing
                .replace("{n}", &b.missing_evaluations.to_string()),
        );
    }
    let undecided = b.proposals.iter().filter(|p| p.decision.is_none()).count();
    if undecided > 0 {
        why.push(
            t.eb_publish_undecided
                .replace("{n}", &undecided.to_string()),
        );
    }
    if why.is_empty() {
        why.push(t.eb_publish_not_ready.to_owned());
    }
    Some(why.join(" "))
}

#[component]
pub fn Publish(ctx: BoardCtx, b: EvaluationBoard, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = RwSignal::new(false);
    let proposals = b.proposals.len();
    let organisations: usize = b.proposals.iter().map(|p| 1 + p.partners.len()).sum();
    let round = b.round;
    let published = b
        .rounds
        .iter()
        .any(|r| r.number == round && r.status == RoundStatus::Published);
    let b = StoredValue::new(b);
    let reason = move || b.with_value(|b| blocked(b, open && !published, i18n.t()));
    let ask = move |_| {
        confirm.set(true);
        focus::focus_id("eb-publish-confirm");
    };
    let cancel = move |_| {
        confirm.set(false);
        focus::focus_id("eb-publish-button");
    };
    let go = move |_| {
        confirm.set(false);
        let action = Box::pin(api::scoring::publish(ctx.challenge_id));
        ctx.status.run(
            ctx,
            action,
            |t| t.eb_published_notice,
            None,
            "eb-status".to_owned(),
        );
    };
    let panel = move || {
        confirm.get().then(|| {
            let text = i18n
                .t()
                .eb_publish_confirm_text
                .replace("{round}", &round.to_string())
                .replace("{organisations}", &organisations.to_string())
                .replace("{proposals}", &proposals.to_string());
            view! {
                <div id="eb-publish-confirm" class="confirm-panel" role="group" aria-labelledby="eb-publish-confirm-title" tabindex="-1">
                    <h3 id="eb-publish-confirm-title">{tr(|t| t.eb_publish_confirm_title)}</h3>
                    <p>{text}</p>
                    <div class="form-actions">
                        <button id="eb-publish-yes" type="button" class="button" disabled=move || ctx.status.busy.get() on:click=go>
                            {tr(|t| t.eb_publish_yes)}
                        </button>
                        <button id="eb-publish-cancel" type="button" class="button-secondary" on:click=cancel>
                            {tr(|t| t.pe_cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <section id="eb-publish" class="my-section no-print" aria-labelledby="eb-publish-title">
            <h2 id="eb-publish-title">{tr(|t| t.eb_publish_title)}</h2>
            <p class="hint">{tr(|t| t.eb_publish_intro)}</p>
            <div class="form-actions">
                <button
                    id="eb-publish-button"
                    type="button"
                    class="button"
                    disabled=move || reason().is_some() || ctx.status.busy.get()
                    aria-describedby=move || reason().map(|_| "eb-publish-reason")
                    on:click=ask
                >
                    {tr(|t| t.eb_publish_button)}
                </button>
            </div>
            {move || reason().map(|r| view! { <p id="eb-publish-reason" class="info">{r}</p> })}
            {panel}
        </section>
    }
}
