//! Organisations (welfare regions, companies, research organisations) and memberships.

use serde::{Deserialize, Serialize};

use crate::business_id::BusinessId;
use crate::error::{FieldCode, FieldError};
use crate::lang::{Lang, Tri};
use crate::validate::Checker;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A welfare region, the City of Helsinki or HUS: reference data, not created by users.
    Region,
    Company,
    Research,
}

impl OrgKind {
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Region => "region",
            OrgKind::Company => "company",
            OrgKind::Research => "research",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        [OrgKind::Region, OrgKind::Company, OrgKind::Research]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OrgKind::Region => Tri {
                fi: "Hyvinvointialue",
                sv: "Välfärdsområde",
                en: "Welfare region",
            },
            OrgKind::Company => Tri {
                fi: "Yritys",
                sv: "Företag",
                en: "Company",
            },
            OrgKind::Research => Tri {
                fi: "Tutkimusorganisaatio",
                sv: "Forskningsorganisation",
                en: "Research organisation",
            },
        }
        .get(lang)
    }
}

/// A member's role in one organisation. Which roles exist depends on the organisation's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CompanyMember,
    CompanyOwner,
    RegionStaff,
    Coordinator,
    DecisionMaker,
    Evaluator,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::CompanyMember,
        Role::CompanyOwner,
        Role::RegionStaff,
        Role::Coordinator,
        Role::DecisionMaker,
        Role::Evaluator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::CompanyMember => "company_member",
            Role::CompanyOwner => "company_owner",
            Role::RegionStaff => "region_staff",
            Role::Coordinator => "coordinator",
            Role::DecisionMaker => "decision_maker",
            Role::Evaluator => "evaluator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether an organisation of `kind` can have a member with this role.
    pub fn fits(self, kind: OrgKind) -> bool {
        match kind {
            OrgKind::Company | OrgKind::Research => {
                matches!(self, Role::CompanyMember | Role::CompanyOwner)
            }
            OrgKind::Region => !matches!(self, Role::CompanyMember | Role::CompanyOwner),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::CompanyMember => Tri {
                fi: "Jäsen",
                sv: "Medlem",
                en: "Member",
            },
            Role::CompanyOwner => Tri {
                fi: "Omistaja",
                sv: "Ägare",
                en: "Owner",
            },
            Role::RegionStaff => Tri {
                fi: "Henkilöstö",
                sv: "Personal",
                en: "Staff",
            },
            Role::Coordinator => Tri {
                fi: "Innovaatiokoordinaattori",
                sv: "Innovationskoordinator",
                en: "Innovation coordinator",
            },
            Role::DecisionMaker => Tri {
                fi: "Päätöksentekijä",
                sv: "Beslutsfattare",
                en: "Decision maker",
            },
            Role::Evaluator => Tri {
                fi: "Arvioija",
                sv: "Bedömare",
                en: "Evaluator",
            },
        }
        .get(lang)
    }
}

/// A short reference to an organisation, embedded in other views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgRef {
    pub id: i64,
    pub kind: OrgKind,
    /// For regions: the stable code used in board filters and URLs (e.g. `pirkanmaa`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
}

impl OrgRef {
    pub fn name(&self, lang: Lang) -> &str {
        let n = match lang {
            Lang::Fi => &self.name_fi,
            Lang::Sv => &self.name_sv,
            Lang::En => &self.name_en,
        };
        if n.is_empty() { &self.name_fi } else { n }
    }
}

/// An organisation as shown on its page and in "my organisation".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgView {
    #[serde(flatten)]
    pub org: OrgRef,
    pub business_id: Option<String>,
    pub website: Option<String>,
}

/// Registering a company or research organisation; its creator becomes the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrgRequest {
    pub kind: OrgKind,
    pub name: String,
    pub business_id: String,
    #[serde(default)]
    pub website: Option<String>,
}

impl CreateOrgRequest {
    pub fn validate(&self) -> Result<BusinessId, Vec<FieldError>> {
        let mut c = Checker::new();
        if self.kind == OrgKind::Region {
            c.push(FieldError::new("kind", FieldCode::InvalidChoice));
        }
        c.text("name", &self.name, 2, 200);
        c.optional_text("website", self.website.as_deref(), 300);
        if let Some(w) = self
            .website
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            && !(w.starts_with("https://") || w.starts_with("http://"))
        {
            c.push(FieldError::new("website", FieldCode::InvalidChoice));
        }
        let id = BusinessId::parse(&self.business_id);
        if self.business_id.trim().is_empty() {
            c.push(FieldError::new("business_id", FieldCode::Required));
        } else if id.is_none() {
            c.push(FieldError::new("business_id", FieldCode::InvalidBusinessId));
        }
        c.finish()?;
        id.ok_or_else(|| vec![FieldError::new("business_id", FieldCode::InvalidBusinessId)])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

/// Adds an already registered user to an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddMemberRequest {
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRoleRequest {
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_fit_their_kinds() {
        assert!(Role::CompanyOwner.fits(OrgKind::Company));
        assert!(Role::CompanyOwner.fits(OrgKind::Research));
        assert!(!Role::CompanyOwner.fits(OrgKind::Region));
        assert!(Role::Coordinator.fits(OrgKind::Region));
        assert!(!Role::Coordinator.fits(OrgKind::Company));
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn create_org_validates_business_id() {
        let mut req = CreateOrgRequest {
            kind: OrgKind::Company,
            name: "Hoivatek Oy".into(),
            business_id: "0112038-9".into(),
            website: None,
        };
        assert_eq!(req.validate().unwrap().as_str(), "0112038-9");
        req.business_id = "0112038-1".into();
        assert_eq!(
            req.validate().unwrap_err()[0].code,
            FieldCode::InvalidBusinessId
        );
        req.kind = OrgKind::Region;
        assert!(req.validate().is_err());
    }
}
