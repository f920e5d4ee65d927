//! What matchmaking reads: the matchable facts of a challenge and the public profile of an
//! organisation with its solution offerings.
//!
//! Privacy by construction: these structs have no field for a contact person's e-mail address
//! or phone number, nor for anything else that is private in `OrgProfileView`, and
//! [`OrgFacts::from_public_profile`] returns `None` for a profile that has not opted in
//! (`public: false`). A private detail therefore cannot reach a score, a reason or a log line
//! of this crate. The organisation's name is public (it is on the directory card).

use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeInput, CooperationModel, Theme};
use kehto_shared::profile::{Capability, MedicalDeviceClass, OrgProfileInput};
use serde::{Deserialize, Serialize};

/// One language version of a challenge's texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangText {
    pub lang: Lang,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown is fine: its syntax only separates words.
    #[serde(default)]
    pub description: String,
}

/// A challenge as matchmaking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeFacts {
    pub id: i64,
    /// The language the challenge is written in: the language its users and staff work in.
    pub content_lang: Lang,
    /// The content language first, then any translations.
    pub texts: Vec<LangText>,
    /// Codes of the owning regions (`shared::regions`), e.g. `pirkanmaa`.
    pub regions: Vec<String>,
    pub themes: Vec<Theme>,
    pub trl_min: u8,
    pub trl_max: u8,
    pub model: CooperationModel,
}

impl ChallengeFacts {
    /// The matchable part of a challenge as the editor saved it; `regions` are the codes of
    /// `input.region_ids` (the server knows the mapping).
    pub fn from_input(id: i64, input: &ChallengeInput, regions: Vec<String>) -> Self {
        let mut texts = vec![LangText {
            lang: input.content_lang,
            title: input.title.clone(),
            summary: input.summary.clone(),
            description: input.description.clone(),
        }];
        texts.extend(input.translations.iter().map(|t| LangText {
            lang: t.lang,
            title: t.title.clone(),
            summary: t.summary.clone(),
            description: t.description.clone(),
        }));
        ChallengeFacts {
            id,
            content_lang: input.content_lang,
            texts,
            regions,
            themes: input.themes.clone(),
            trl_min: input.trl_min,
            trl_max: input.trl_max,
            model: input.model,
        }
    }
}

/// Whether an organisation is a company or a research organisation (regions are never matched).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OrgKindFact {
    #[default]
    Company,
    Research,
}

/// One product or service of an organisation, as matchmaking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingFacts {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1..=9.
    pub trl: u8,
    #[serde(default = "not_medical_device")]
    pub medical_device_class: MedicalDeviceClass,
    /// Languages the solution is available in.
    #[serde(default)]
    pub languages: Vec<Lang>,
    /// Region codes where it is offered; empty means all of Finland.
    #[serde(default)]
    pub regions_served: Vec<String>,
}

fn not_medical_device() -> MedicalDeviceClass {
    MedicalDeviceClass::NotMedicalDevice
}

/// The public profile of a company or research organisation. No contact details (see the
/// module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFacts {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub kind: OrgKindFact,
    /// Languages the organisation works in; a hint for which language its texts are in.
    #[serde(default)]
    pub languages: Vec<Lang>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub offerings: Vec<OfferingFacts>,
}

impl OrgFacts {
    /// The public facts of a saved profile, or `None` if the profile is not public. Contact
    /// name, e-mail, phone and website are not copied.
    pub fn from_public_profile(
        id: i64,
        name: &str,
        kind: OrgKindFact,
        profile: &OrgProfileInput,
    ) -> Option<Self> {
        if !profile.public {
            return None;
        }
        Some(OrgFacts {
            id,
            name: name.to_owned(),
            kind,
            languages: profile.languages.clone(),
            summary: profile.summary.clone(),
            description: profile.description.clone(),
            themes: profile.themes.clone(),
            capabilities: profile.capabilities.clone(),
            offerings: profile
                .offerings
                .iter()
                .map(|o| OfferingFacts {
                    name: o.name.clone(),
                    description: o.description.clone(),
                    trl: o.trl,
                    medical_device_class: o.medical_device_class,
                    languages: o.languages.clone(),
                    regions_served: o.regions_served.clone(),
                })
                .collect(),
        })
    }
}
