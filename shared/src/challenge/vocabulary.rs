//! The words used to describe and filter challenges: cooperation / procurement models and themes.

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Tri};

/// How the region intends to work with the market on a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CooperationModel {
    MarketDialogue,
    InnovationCompetition,
    InnovationPartnership,
    Pilot,
    PreCommercialProcurement,
    Other,
}

impl CooperationModel {
    pub const ALL: [CooperationModel; 6] = [
        CooperationModel::MarketDialogue,
        CooperationModel::InnovationCompetition,
        CooperationModel::InnovationPartnership,
        CooperationModel::Pilot,
        CooperationModel::PreCommercialProcurement,
        CooperationModel::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CooperationModel::MarketDialogue => "market_dialogue",
            CooperationModel::InnovationCompetition => "innovation_competition",
            CooperationModel::InnovationPartnership => "innovation_partnership",
            CooperationModel::Pilot => "pilot",
            CooperationModel::PreCommercialProcurement => "pre_commercial_procurement",
            CooperationModel::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use CooperationModel::*;
        match self {
            MarketDialogue => Tri {
                fi: "Markkinavuoropuhelu",
                sv: "Marknadsdialog",
                en: "Market dialogue only",
            },
            InnovationCompetition => Tri {
                fi: "Innovaatiokilpailu",
                sv: "Innovationstävling",
                en: "Innovation competition",
            },
            InnovationPartnership => Tri {
                fi: "Innovaatiokumppanuus",
                sv: "Innovationspartnerskap",
                en: "Innovation partnership",
            },
            Pilot => Tri {
                fi: "Pilotti",
                sv: "Pilot",
                en: "Pilot",
            },
            PreCommercialProcurement => Tri {
                fi: "Esikaupallinen hankinta",
                sv: "Förkommersiell upphandling",
                en: "Pre-commercial procurement",
            },
            Other => Tri {
                fi: "Muu",
                sv: "Annat",
                en: "Other",
            },
        }
        .get(lang)
    }
}

/// Subject areas of health and social care, drawn from the source documents' projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    HomeCare,
    RemoteMonitoring,
    MentalHealth,
    ChildrenAndYouth,
    FamilyCaregivers,
    Medication,
    ElderlyCare,
    EmergencyCare,
    Rehabilitation,
    Prevention,
    DigitalServices,
    Workforce,
    Disability,
    SubstanceUse,
}

impl Theme {
    pub const ALL: [Theme; 14] = [
        Theme::HomeCare,
        Theme::RemoteMonitoring,
        Theme::MentalHealth,
        Theme::ChildrenAndYouth,
        Theme::FamilyCaregivers,
        Theme::Medication,
        Theme::ElderlyCare,
        Theme::EmergencyCare,
        Theme::Rehabilitation,
        Theme::Prevention,
        Theme::DigitalServices,
        Theme::Workforce,
        Theme::Disability,
        Theme::SubstanceUse,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Theme::HomeCare => "home_care",
            Theme::RemoteMonitoring => "remote_monitoring",
            Theme::MentalHealth => "mental_health",
            Theme::ChildrenAndYouth => "children_and_youth",
            Theme::FamilyCaregivers => "family_caregivers",
            Theme::Medication => "medication",
            Theme::ElderlyCare => "elderly_care",
            Theme::EmergencyCare => "emergency_care",
            Theme::Rehabilitation => "rehabilitation",
            Theme::Prevention => "prevention",
            Theme::DigitalServices => "digital_services",
            Theme::Workforce => "workforce",
            Theme::Disability => "disability",
            Theme::SubstanceUse => "substance_use",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use Theme::*;
        match self {
            HomeCare => Tri {
                fi: "Kotihoito",
                sv: "Hemvård",
                en: "Home care",
            },
            RemoteMonitoring => Tri {
                fi: "Etäseuranta",
                sv: "Distansuppföljning",
                en: "Remote monitoring",
            },
            MentalHealth => Tri {
                fi: "Mielenterveys",
                sv: "Psykisk hälsa",
                en: "Mental health",
            },
            ChildrenAndYouth => Tri {
                fi: "Lapset ja nuoret",
                sv: "Barn och unga",
                en: "Children and young people",
            },
            FamilyCaregivers => Tri {
                fi: "Omaishoito",
                sv: "Närståendevård",
                en: "Family caregivers",
            },
            Medication => Tri {
                fi: "Lääkehoito",
                sv: "Läkemedelsbehandling",
                en: "Medication",
            },
            ElderlyCare => Tri {
                fi: "Ikääntyneiden palvelut",
                sv: "Äldreomsorg",
                en: "Elderly care",
            },
            EmergencyCare => Tri {
                fi: "Päivystys ja ensihoito",
                sv: "Jour och prehospital vård",
                en: "Emergency care",
            },
            Rehabilitation => Tri {
                fi: "Kuntoutus",
                sv: "Rehabilitering",
                en: "Rehabilitation",
            },
            Prevention => Tri {
                fi: "Ennaltaehkäisy",
                sv: "Förebyggande arbete",
                en: "Prevention",
            },
            DigitalServices => Tri {
                fi: "Digitaaliset palvelut",
                sv: "Digitala tjänster",
                en: "Digital services",
            },
            Workforce => Tri {
                fi: "Henkilöstö ja työhyvinvointi",
                sv: "Personal och arbetsvälmående",
                en: "Workforce and wellbeing at work",
            },
            Disability => Tri {
                fi: "Vammaispalvelut",
                sv: "Funktionshinderservice",
                en: "Disability services",
            },
            SubstanceUse => Tri {
                fi: "Päihdetyö",
                sv: "Missbruksvård",
                en: "Substance use services",
            },
        }
        .get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_exist() {
        for m in CooperationModel::ALL {
            assert_eq!(CooperationModel::from_code(m.code()), Some(m));
            assert!(Lang::ALL.iter().all(|l| !m.label(*l).is_empty()));
        }
        for t in Theme::ALL {
            assert_eq!(Theme::from_code(t.code()), Some(t));
            assert!(Lang::ALL.iter().all(|l| !t.label(*l).is_empty()));
        }
    }
}
