//! Pages without data: "not found" and the accessibility statement.

use leptos::prelude::*;

use crate::focus;
use crate::i18n::tr;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    focus::page_title(|t| t.not_found_title.to_owned());
    view! {
        <h1>{tr(|t| t.not_found_title)}</h1>
        <p>{tr(|t| t.not_found_text)}</p>
        <p>
            <a href="/">{tr(|t| t.back_to_board)}</a>
        </p>
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    focus::page_title(|t| t.accessibility_statement.to_owned());
    view! {
        <div class="narrow prose">
            <h1>{tr(|t| t.accessibility_statement)}</h1>
            <p>{tr(|t| t.a11y_intro)}</p>
            <h2>{tr(|t| t.a11y_status_title)}</h2>
            <p>{tr(|t| t.a11y_status)}</p>
            <h2>{tr(|t| t.a11y_feedback_title)}</h2>
            <p>{tr(|t| t.a11y_feedback)}</p>
            <h2>{tr(|t| t.a11y_enforcement_title)}</h2>
            <p>{tr(|t| t.a11y_enforcement)}</p>
        </div>
    }
}
