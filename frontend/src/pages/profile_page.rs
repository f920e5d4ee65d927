//! `/organisations/:id`: an organisation's profile as the reader may see it
//! (`GET /organisations/{id}/profile`): facts, description, solution offerings and the contact
//! person. The contact's e-mail and phone come only to members, administrators and region staff;
//! rows without a value are left out. 404 (no such organisation, a region, or a profile that is
//! not public) is a plain "not found". The read-only body is written as HTML text (see
//! `dialogue_kit::esc`), which is far less wasm than views; the directory's cards reuse its pieces.

use chrono::{DateTime, Utc};
use kehto_shared::profile::{OfferingView, OrgProfileView};
use kehto_shared::regions::{RegionInfo, region_by_code};
use kehto_shared::{ErrorCode, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::dialogue_kit::esc;
use crate::api;
use crate::components::widgets::{ErrorBox, Loading};
use crate::focus;
use crate::i18n::{Texts, endonym, tr, use_i18n};
use crate::time;

/// A region's name in `lang`.
pub fn region_label(r: &RegionInfo, lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => r.name_fi,
        Lang::Sv => r.name_sv,
        Lang::En => r.name_en,
    }
}

/// Regions by code, named and joined; "all of Finland" when there are none.
pub fn regions_text(codes: &[String], lang: Lang, t: &Texts) -> String {
    if codes.is_empty() {
        return t.pf_all_finland.to_owned();
    }
    codes
        .iter()
        .map(|c| region_by_code(c).map_or(c.as_str(), |r| region_label(r, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn langs_text(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| endonym(*l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One `<div><dt>…</dt><dd>…</dd></div>` of a `dl.facts`; nothing when the value is empty.
/// `html` is already safe HTML.
pub fn fact(out: &mut String, label: &str, html: &str, wide: bool) {
    if html.trim().is_empty() {
        return;
    }
    out.push_str(if wide {
        r#"<div class="wide">"#
    } else {
        "<div>"
    });
    out.push_str("<dt>");
    out.push_str(&esc(label));
    out.push_str("</dt><dd>");
    out.push_str(html);
    out.push_str("</dd></div>");
}

fn time_html(at: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    format!(
        r#"<time datetime="{}">{}</time>"#,
        at.to_rfc3339(),
        esc(&time::format_helsinki(at, lang, false, t))
    )
}

fn offering_html(out: &mut String, i: usize, o: &OfferingView, lang: Lang, t: &Texts) {
    let s = &o.offering;
    out.push_str(&format!(
        r#"<section class="offering" aria-labelledby="offering-{i}"><h3 id="offering-{i}">{}</h3><dl class="facts">"#,
        esc(&s.name)
    ));
    fact(out, t.trl_long, &s.trl.to_string(), false);
    fact(
        out,
        t.pf_mdc,
        &esc(s.medical_device_class.label(lang)),
        false,
    );
    fact(
        out,
        t.pf_ce,
        if s.ce_marked { t.pf_yes } else { t.pf_no },
        false,
    );
    fact(out, t.pf_langs, &esc(&langs_text(&s.languages)), false);
    fact(
        out,
        t.pf_regions_served,
        &esc(&regions_text(&s.regions_served, lang, t)),
        true,
    );
    let refs = s.references.trim();
    if !refs.is_empty() {
        let html = format!(r#"<span class="pre-line">{}</span>"#, esc(refs));
        fact(out, t.pf_references, &html, true);
    }
    out.push_str("</dl>");
    if !o.description_html.trim().is_empty() {
        out.push_str(r#"<div class="prose">"#);
        out.push_str(&o.description_html);
        out.push_str("</div>");
    }
    out.push_str("</section>");
}

/// Everything below the heading, as HTML text.
fn body_html(p: &OrgProfileView, lang: Lang, t: &Texts) -> String {
    let mut out = String::from(r#"<dl class="facts">"#);
    fact(&mut out, t.org_kind, &esc(p.org.kind.label(lang)), false);
    if let Some(b) = &p.business_id {
        fact(&mut out, t.business_id, &esc(b), false);
    }
    if let Some(s) = p.size_class {
        fact(&mut out, t.pf_size, &esc(s.label(lang)), false);
    }
    if let Some(w) = p
        .website
        .as_deref()
        .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
    {
        let link = format!(r#"<a href="{0}" rel="noopener noreferrer">{0}</a>"#, esc(w));
        fact(&mut out, t.website, &link, false);
    }
    fact(
        &mut out,
        t.pf_languages,
        &esc(&langs_text(&p.languages)),
        false,
    );
    let themes: Vec<&str> = p.themes.iter().map(|x| x.label(lang)).collect();
    fact(&mut out, t.themes, &esc(&themes.join(", ")), true);
    let caps: Vec<&str> = p.capabilities.iter().map(|x| x.label(lang)).collect();
    fact(&mut out, t.pf_capabilities, &esc(&caps.join(", ")), true);
    if let Some(at) = p.updated_at {
        fact(&mut out, t.updated_at, &time_html(at, lang, t), false);
    }
    out.push_str("</dl>");
    if !p.description_html.trim().is_empty() {
        out.push_str(&format!(
            r#"<h2>{}</h2><div class="prose">{}</div>"#,
            esc(t.description),
            p.description_html
        ));
    }
    if !p.offerings.is_empty() {
        out.push_str(&format!("<h2>{}</h2>", esc(t.pf_offerings)));
        for (i, o) in p.offerings.iter().enumerate() {
            offering_html(&mut out, i, o, lang, t);
        }
    }
    let mut contact = String::new();
    fact(&mut contact, t.contact_person, &esc(&p.contact_name), false);
    if let Some(e) = p.contact_email.as_deref().filter(|e| !e.trim().is_empty()) {
        let link = format!(r#"<a href="mailto:{0}">{0}</a>"#, esc(e));
        fact(&mut contact, t.email, &link, false);
    }
    if let Some(n) = p.contact_phone.as_deref().filter(|n| !n.trim().is_empty()) {
        let dial: String = n
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let link = format!(r#"<a href="tel:{}">{}</a>"#, esc(&dial), esc(n));
        fact(&mut contact, t.pf_phone, &link, false);
    }
    if !contact.is_empty() {
        out.push_str(&format!(
            r#"<h2>{}</h2><dl class="facts">{contact}</dl>"#,
            esc(t.contact_person)
        ));
    }
    out
}

/// No such organisation, or its profile is not public.
#[component]
pub fn ProfileNotFound() -> impl IntoView {
    view! {
        <h1>{tr(|t| t.profile_not_found_title)}</h1>
        <p id="profile-not-found">{tr(|t| t.profile_not_found)}</p>
        <p>
            <a href="/directory">{tr(|t| t.dir_back)}</a>
        </p>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    // The page's title: `None` while loading, `Some(None)` when not found.
    let title = RwSignal::new(None::<Option<String>>);
    focus::page_title(move |t| match title.get() {
        Some(Some(name)) => name,
        Some(None) => t.profile_not_found_title.to_owned(),
        None => t.profile_title.to_owned(),
    });
    let text = api::load(move || Some(api::profiles::profile_path(id.get().unwrap_or(0))));
    move || match api::read::<OrgProfileView>(text.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) if e.error.code == ErrorCode::NotFound => {
            title.set(Some(None));
            view! { <ProfileNotFound /> }.into_any()
        }
        Some(Err(e)) => view! {
            <h1>{tr(|t| t.profile_title)}</h1>
            <ErrorBox error=e />
        }
        .into_any(),
        Some(Ok(p)) => {
            title.set(Some(Some(p.name.clone())));
            view! { <Profile p=p /> }.into_any()
        }
    }
}

#[component]
fn Profile(p: OrgProfileView) -> impl IntoView {
    let i18n = use_i18n();
    let id = p.org.id;
    let name = p.name.clone();
    let summary = p.summary.clone();
    let private = !p.public;
    let can_edit = p.can_edit;
    let body = move || body_html(&p, i18n.lang(), i18n.t());
    view! {
        <h1>{name}</h1>
        {(!summary.is_empty()).then(|| view! { <p class="lead">{summary}</p> })}
        {private.then(|| view! { <p class="info">{tr(|t| t.profile_private_note)}</p> })}
        {can_edit.then(|| view! {
            <p>
                <a id="profile-edit-link" class="button" href=format!("/organisations/{id}/edit")>
                    {tr(|t| t.profile_edit)}
                </a>
            </p>
        })}
        <div id="profile-body" inner_html=body></div>
        <p>
            <a href="/directory">{tr(|t| t.dir_back)}</a>
        </p>
    }
}
