//! The directory of organisations that opted in: its query and its cards.

use serde::{Deserialize, Serialize};

use super::vocabulary::{Capability, MedicalDeviceClass, SizeClass};
use crate::challenge::Theme;
use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::org::{OrgKind, OrgRef};
use crate::page::PageMeta;
use crate::regions::region_by_code;
use crate::validate::Checker;

/// The directory's query string. Every field is optional; results are sorted by relevance
/// (when `q` is given), then by name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// Free text over names, descriptions and offerings; Finnish, Swedish and English words are
    /// matched by their stems.
    pub q: Option<String>,
    pub theme: Option<Theme>,
    pub capability: Option<Capability>,
    /// A region code: organisations with an offering served there (or in all of Finland).
    pub region: Option<String>,
    pub size: Option<SizeClass>,
    /// Organisations with an offering available in this language.
    pub lang: Option<Lang>,
    /// `company` or `research`.
    pub kind: Option<OrgKind>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl DirectoryQuery {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.optional_text("q", self.q.as_deref(), 200);
        if let Some(code) = self.region.as_deref().filter(|r| !r.is_empty())
            && region_by_code(code).is_none()
        {
            c.push(FieldError::new("region", FieldCode::InvalidChoice));
        }
        if self.kind == Some(OrgKind::Region) {
            c.push(FieldError::new("kind", FieldCode::InvalidChoice));
        }
        if let Some(p) = self.page {
            c.int_range("page", i64::from(p), 1, 100_000);
        }
        if let Some(p) = self.per_page {
            c.int_range(
                "per_page",
                i64::from(p),
                1,
                i64::from(PageMeta::MAX_PER_PAGE),
            );
        }
        c.finish()
    }
}

/// An offering on a directory card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferingCard {
    pub id: i64,
    pub name: String,
    pub trl: u8,
    pub medical_device_class: MedicalDeviceClass,
}

/// One organisation in the directory. Only public information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    pub org: OrgRef,
    pub name: String,
    pub summary: String,
    pub size_class: Option<SizeClass>,
    pub themes: Vec<Theme>,
    pub capabilities: Vec<Capability>,
    pub offerings: Vec<OfferingCard>,
    /// Region codes some offering is served in, sorted.
    pub regions_served: Vec<String>,
    /// Some offering is served in all of Finland.
    pub serves_all_finland: bool,
    pub languages: Vec<Lang>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_queries_are_checked() {
        assert!(DirectoryQuery::default().validate().is_ok());
        let q = DirectoryQuery {
            region: Some("atlantis".into()),
            per_page: Some(500),
            kind: Some(OrgKind::Region),
            ..Default::default()
        };
        let fields: Vec<String> = q
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["region", "kind", "per_page"]);
    }
}
