//! What an organisation writes about itself (`OrgProfileInput`) and what readers receive
//! (`OrgProfileView`), with the validation both browser and server apply.
//!
//! Who sees what: the profile of an organisation that has not opted in (`public: false`) is
//! seen only by its members and the platform's administrators. A public profile is seen by
//! everyone, but the contact person's e-mail address and phone number only by the
//! organisation's members, administrators and welfare-region staff: for everyone else they are
//! `null`. Everything else in the view is public once the profile is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::vocabulary::{Capability, MedicalDeviceClass, SizeClass};
use crate::challenge::Theme;
use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::org::OrgRef;
use crate::regions::region_by_code;
use crate::validate::Checker;

pub const PROFILE_SUMMARY_MAX: usize = 300;
pub const PROFILE_DESCRIPTION_MAX: usize = 10_000;
pub const OFFERINGS_MAX: usize = 20;
pub const OFFERING_NAME_MAX: usize = 150;
pub const OFFERING_DESCRIPTION_MAX: usize = 5_000;
pub const OFFERING_REFERENCES_MAX: usize = 2_000;
pub const CONTACT_NAME_MAX: usize = 120;
pub const CONTACT_PHONE_MAX: usize = 40;
pub const WEBSITE_MAX: usize = 300;

/// One product or service the organisation offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SolutionOffering {
    /// Assigned by the server. Send it back to keep an offering's identity when editing; leave
    /// it out for a new offering. An id that is not one of this organisation's offerings is
    /// refused (`offerings[i].id`, `invalid_choice`).
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// Technology readiness level of the solution, 1..=9.
    pub trl: u8,
    pub medical_device_class: MedicalDeviceClass,
    /// Whether the solution carries the CE marking (as a medical device, or under other
    /// product legislation such as the radio equipment directive).
    #[serde(default)]
    pub ce_marked: bool,
    /// Customers, pilots or studies, in free text.
    #[serde(default)]
    pub references: String,
    /// Languages the solution is available in (its user interface, material or service).
    #[serde(default)]
    pub languages: Vec<Lang>,
    /// Region codes (see `regions`) where the solution is offered; empty means all of Finland.
    #[serde(default)]
    pub regions_served: Vec<String>,
}

/// The editable profile of a company or research organisation. Its name and business ID are
/// the organisation's own (`OrgView`) and are not edited here; the website is stored on the
/// organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgProfileInput {
    #[serde(default)]
    pub size_class: Option<SizeClass>,
    /// One line for the directory card.
    #[serde(default)]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub offerings: Vec<SolutionOffering>,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// Languages the organisation works in; its texts are indexed for search in these
    /// (Finnish when empty).
    #[serde(default)]
    pub languages: Vec<Lang>,
    /// Opt-in: the profile page and the directory card are visible to everyone.
    #[serde(default)]
    pub public: bool,
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

/// Digits, spaces and `+ - ( )`, with at least five digits.
pub fn is_plausible_phone(value: &str) -> bool {
    let v = value.trim();
    v.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
        && v.chars().filter(char::is_ascii_digit).count() >= 5
}

impl OrgProfileInput {
    /// Checks everything; field paths name the offending element, e.g. `offerings[2].trl`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.optional_text("summary", Some(&self.summary), PROFILE_SUMMARY_MAX);
        c.optional_text(
            "description",
            Some(&self.description),
            PROFILE_DESCRIPTION_MAX,
        );
        if has_duplicates(&self.themes) {
            c.push(FieldError::new("themes", FieldCode::DuplicateValue));
        }
        if has_duplicates(&self.capabilities) {
            c.push(FieldError::new("capabilities", FieldCode::DuplicateValue));
        }
        if has_duplicates(&self.languages) {
            c.push(FieldError::new("languages", FieldCode::DuplicateValue));
        }
        c.optional_text("contact_name", Some(&self.contact_name), CONTACT_NAME_MAX);
        if !self.contact_email.trim().is_empty() {
            c.email("contact_email", &self.contact_email);
        }
        if let Some(phone) = self
            .contact_phone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        {
            if phone.trim().chars().count() > CONTACT_PHONE_MAX {
                c.push(FieldError::with_limit(
                    "contact_phone",
                    FieldCode::TooLong,
                    CONTACT_PHONE_MAX as i64,
                ));
            } else if !is_plausible_phone(phone) {
                c.push(FieldError::new("contact_phone", FieldCode::InvalidChoice));
            }
        }
        c.optional_url("website", self.website.as_deref(), WEBSITE_MAX);
        if self.public {
            // A public profile must say who to contact.
            c.text("contact_name", &self.contact_name, 2, CONTACT_NAME_MAX);
            c.email("contact_email", &self.contact_email);
        }
        if self.offerings.len() > OFFERINGS_MAX {
            c.push(FieldError::with_limit(
                "offerings",
                FieldCode::TooLarge,
                OFFERINGS_MAX as i64,
            ));
        }
        let ids: Vec<i64> = self.offerings.iter().filter_map(|o| o.id).collect();
        if has_duplicates(&ids) {
            c.push(FieldError::new("offerings", FieldCode::DuplicateValue));
        }
        for (i, o) in self.offerings.iter().enumerate() {
            check_offering(&mut c, &format!("offerings[{i}]"), o);
        }
        // `text` and `email` above may blame the same field twice; keep the first.
        let mut errors: Vec<FieldError> = Vec::new();
        for e in c.errors {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn check_offering(c: &mut Checker, at: &str, o: &SolutionOffering) {
    c.text(&format!("{at}.name"), &o.name, 2, OFFERING_NAME_MAX);
    c.optional_text(
        &format!("{at}.description"),
        Some(&o.description),
        OFFERING_DESCRIPTION_MAX,
    );
    c.int_range(&format!("{at}.trl"), i64::from(o.trl), 1, 9);
    c.optional_text(
        &format!("{at}.references"),
        Some(&o.references),
        OFFERING_REFERENCES_MAX,
    );
    if has_duplicates(&o.languages) {
        c.push(FieldError::new(
            format!("{at}.languages"),
            FieldCode::DuplicateValue,
        ));
    }
    if let Some(i) = o
        .regions_served
        .iter()
        .position(|r| region_by_code(r).is_none())
    {
        c.push(FieldError::new(
            format!("{at}.regions_served[{i}]"),
            FieldCode::InvalidChoice,
        ));
    } else if has_duplicates(&o.regions_served) {
        c.push(FieldError::new(
            format!("{at}.regions_served"),
            FieldCode::DuplicateValue,
        ));
    }
}

/// An offering as shown: as written, plus its description rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferingView {
    #[serde(flatten)]
    pub offering: SolutionOffering,
    /// The description rendered and sanitised by the server: safe to insert as HTML.
    pub description_html: String,
}

/// An organisation's profile page. Members and administrators get everything; others see a
/// public profile without the private fields (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgProfileView {
    pub org: OrgRef,
    /// The organisation's name as registered.
    pub name: String,
    pub business_id: Option<String>,
    pub website: Option<String>,
    pub size_class: Option<SizeClass>,
    pub summary: String,
    /// Markdown as written, for the editor.
    pub description: String,
    pub description_html: String,
    pub themes: Vec<Theme>,
    pub capabilities: Vec<Capability>,
    pub offerings: Vec<OfferingView>,
    pub contact_name: String,
    /// Private: `null` unless the viewer is a member, an administrator or region staff.
    pub contact_email: Option<String>,
    /// Private, as `contact_email`.
    pub contact_phone: Option<String>,
    pub languages: Vec<Lang>,
    pub public: bool,
    /// When the profile was last saved; `null` if never.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the viewer may edit the profile (members and administrators).
    pub can_edit: bool,
    /// Whether the viewer may manage members and invitations (owners and administrators).
    pub can_manage_members: bool,
}

impl OrgProfileView {
    /// The profile as written, e.g. to fill the editor.
    pub fn to_input(&self) -> OrgProfileInput {
        OrgProfileInput {
            size_class: self.size_class,
            summary: self.summary.clone(),
            description: self.description.clone(),
            themes: self.themes.clone(),
            capabilities: self.capabilities.clone(),
            offerings: self.offerings.iter().map(|o| o.offering.clone()).collect(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone().unwrap_or_default(),
            contact_phone: self.contact_phone.clone(),
            website: self.website.clone(),
            languages: self.languages.clone(),
            public: self.public,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn offering() -> SolutionOffering {
        SolutionOffering {
            id: None,
            name: "Kotona-etäseuranta".into(),
            description: "Etäseurantaratkaisu kotihoidon asiakkaille.".into(),
            trl: 8,
            medical_device_class: MedicalDeviceClass::MdrClassIia,
            ce_marked: true,
            references: "Pirkanmaan hyvinvointialueen pilotti 2025".into(),
            languages: vec![Lang::Fi, Lang::Sv],
            regions_served: vec![],
        }
    }

    pub(crate) fn sample() -> OrgProfileInput {
        OrgProfileInput {
            size_class: Some(SizeClass::Small),
            summary: "Etäseurantaa kotihoitoon".into(),
            description: "Teemme **etäseurantaa**.".into(),
            themes: vec![Theme::HomeCare],
            capabilities: vec![Capability::RemoteMonitoringDevices],
            offerings: vec![offering()],
            contact_name: "Mikko Mäkinen".into(),
            contact_email: "mikko@hoivatek.example".into(),
            contact_phone: Some("+358 40 123 4567".into()),
            website: Some("https://hoivatek.example".into()),
            languages: vec![Lang::Fi],
            public: true,
        }
    }

    fn fields(p: &OrgProfileInput) -> Vec<(String, FieldCode)> {
        p.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_profile_is_valid_and_an_empty_private_one_too() {
        assert!(sample().validate().is_ok());
        assert!(OrgProfileInput::default().validate().is_ok());
    }

    #[test]
    fn offerings_are_blamed_by_index() {
        let mut p = sample();
        let mut bad = offering();
        bad.trl = 10;
        bad.name = " ".into();
        bad.regions_served = vec!["pirkanmaa".into(), "atlantis".into()];
        p.offerings.push(bad);
        let f = fields(&p);
        assert!(f.contains(&("offerings[1].trl".into(), FieldCode::TooLarge)));
        assert!(f.contains(&("offerings[1].name".into(), FieldCode::Required)));
        assert!(f.contains(&(
            "offerings[1].regions_served[1]".into(),
            FieldCode::InvalidChoice
        )));
        assert!(!f.iter().any(|(n, _)| n.starts_with("offerings[0]")));
    }

    #[test]
    fn a_public_profile_needs_a_contact_and_private_fields_are_checked() {
        let mut p = sample();
        p.contact_email.clear();
        p.contact_phone = Some("call me".into());
        p.website = Some("hoivatek.example".into());
        p.themes = vec![Theme::HomeCare, Theme::HomeCare];
        let f = fields(&p);
        assert!(f.contains(&("contact_email".into(), FieldCode::Required)));
        assert!(f.contains(&("contact_phone".into(), FieldCode::InvalidChoice)));
        assert!(f.contains(&("website".into(), FieldCode::InvalidUrl)));
        assert!(f.contains(&("themes".into(), FieldCode::DuplicateValue)));
        p.public = false;
        assert!(!fields(&p).iter().any(|(n, _)| n == "contact_email"));
    }

    #[test]
    fn at_most_twenty_offerings() {
        let mut p = sample();
        p.offerings = vec![offering(); OFFERINGS_MAX + 1];
        assert!(fields(&p).contains(&("offerings".into(), FieldCode::TooLarge)));
    }
}
