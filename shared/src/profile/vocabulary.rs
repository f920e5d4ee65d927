//! The controlled vocabularies of an organisation profile: size class, capabilities and the
//! regulatory class of a solution. Closed lists, so that matchmaking can compare profiles with
//! challenges without parsing free text.

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Tri};

/// Enterprise size by the EU SME definition (Commission Recommendation 2003/361/EC): staff
/// headcount and either annual turnover or balance-sheet total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    /// Fewer than 10 persons; turnover or balance sheet at most €2 million.
    Micro,
    /// Fewer than 50 persons; turnover or balance sheet at most €10 million.
    Small,
    /// Fewer than 250 persons; turnover at most €50 million or balance sheet at most €43 million.
    Medium,
    /// Above the medium-sized thresholds (or not an SME, e.g. a public research organisation).
    Large,
}

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [
        SizeClass::Micro,
        SizeClass::Small,
        SizeClass::Medium,
        SizeClass::Large,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SizeClass::Micro => Tri {
                fi: "Mikroyritys (alle 10 henkilöä)",
                sv: "Mikroföretag (under 10 personer)",
                en: "Micro enterprise (fewer than 10 persons)",
            },
            SizeClass::Small => Tri {
                fi: "Pieni yritys (alle 50 henkilöä)",
                sv: "Litet företag (under 50 personer)",
                en: "Small enterprise (fewer than 50 persons)",
            },
            SizeClass::Medium => Tri {
                fi: "Keskisuuri yritys (alle 250 henkilöä)",
                sv: "Medelstort företag (under 250 personer)",
                en: "Medium-sized enterprise (fewer than 250 persons)",
            },
            SizeClass::Large => Tri {
                fi: "Suuri organisaatio",
                sv: "Stor organisation",
                en: "Large organisation",
            },
        }
        .get(lang)
    }
}

/// What an organisation can do: the vocabulary matchmaking compares with challenges' needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    RemoteMonitoringDevices,
    MobileApps,
    AiAnalytics,
    IntegrationInteroperability,
    ServiceDesign,
    TrainingAndCoaching,
    ResearchAndEvaluation,
    HardwareManufacturing,
    DataSecurity,
    TelecareVideo,
    Robotics,
    Logistics,
    ClinicalDecisionSupport,
    SensorsAndSmartHome,
    Accessibility,
}

impl Capability {
    pub const ALL: [Capability; 15] = [
        Capability::RemoteMonitoringDevices,
        Capability::MobileApps,
        Capability::AiAnalytics,
        Capability::IntegrationInteroperability,
        Capability::ServiceDesign,
        Capability::TrainingAndCoaching,
        Capability::ResearchAndEvaluation,
        Capability::HardwareManufacturing,
        Capability::DataSecurity,
        Capability::TelecareVideo,
        Capability::Robotics,
        Capability::Logistics,
        Capability::ClinicalDecisionSupport,
        Capability::SensorsAndSmartHome,
        Capability::Accessibility,
    ];

    pub fn code(self) -> &'static str {
        use Capability::*;
        match self {
            RemoteMonitoringDevices => "remote_monitoring_devices",
            MobileApps => "mobile_apps",
            AiAnalytics => "ai_analytics",
            IntegrationInteroperability => "integration_interoperability",
            ServiceDesign => "service_design",
            TrainingAndCoaching => "training_and_coaching",
            ResearchAndEvaluation => "research_and_evaluation",
            HardwareManufacturing => "hardware_manufacturing",
            DataSecurity => "data_security",
            TelecareVideo => "telecare_video",
            Robotics => "robotics",
            Logistics => "logistics",
            ClinicalDecisionSupport => "clinical_decision_support",
            SensorsAndSmartHome => "sensors_and_smart_home",
            Accessibility => "accessibility",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use Capability::*;
        match self {
            RemoteMonitoringDevices => Tri {
                fi: "Etäseurannan laitteet",
                sv: "Utrustning för distansuppföljning",
                en: "Remote monitoring devices",
            },
            MobileApps => Tri {
                fi: "Mobiilisovellukset",
                sv: "Mobilappar",
                en: "Mobile apps",
            },
            AiAnalytics => Tri {
                fi: "Tekoäly ja analytiikka",
                sv: "Artificiell intelligens och analys",
                en: "AI and analytics",
            },
            IntegrationInteroperability => Tri {
                fi: "Integraatiot ja yhteentoimivuus",
                sv: "Integrationer och interoperabilitet",
                en: "Integration and interoperability",
            },
            ServiceDesign => Tri {
                fi: "Palvelumuotoilu",
                sv: "Tjänstedesign",
                en: "Service design",
            },
            TrainingAndCoaching => Tri {
                fi: "Koulutus ja valmennus",
                sv: "Utbildning och coachning",
                en: "Training and coaching",
            },
            ResearchAndEvaluation => Tri {
                fi: "Tutkimus ja vaikuttavuuden arviointi",
                sv: "Forskning och utvärdering",
                en: "Research and evaluation",
            },
            HardwareManufacturing => Tri {
                fi: "Laitevalmistus",
                sv: "Tillverkning av utrustning",
                en: "Hardware manufacturing",
            },
            DataSecurity => Tri {
                fi: "Tietoturva ja tietosuoja",
                sv: "Informationssäkerhet och dataskydd",
                en: "Data security and privacy",
            },
            TelecareVideo => Tri {
                fi: "Etähoiva ja videoyhteydet",
                sv: "Distansomsorg och videosamtal",
                en: "Telecare and video calls",
            },
            Robotics => Tri {
                fi: "Robotiikka ja automaatio",
                sv: "Robotik och automation",
                en: "Robotics and automation",
            },
            Logistics => Tri {
                fi: "Logistiikka",
                sv: "Logistik",
                en: "Logistics",
            },
            ClinicalDecisionSupport => Tri {
                fi: "Kliininen päätöksenteon tuki",
                sv: "Kliniskt beslutsstöd",
                en: "Clinical decision support",
            },
            SensorsAndSmartHome => Tri {
                fi: "Anturit ja älykoti",
                sv: "Sensorer och smarta hem",
                en: "Sensors and smart home",
            },
            Accessibility => Tri {
                fi: "Saavutettavuus",
                sv: "Tillgänglighet",
                en: "Accessibility",
            },
        }
        .get(lang)
    }
}

/// Whether a solution is a medical device under EU law, and its risk class: Regulation (EU)
/// 2017/745 (MDR, classes I, IIa, IIb, III by Annex VIII) or, for in vitro diagnostics,
/// Regulation (EU) 2017/746 (IVDR, classes A–D by Annex VIII). Class I covers its sterile,
/// measuring and reusable surgical variants (Is, Im, Ir).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MedicalDeviceClass {
    NotMedicalDevice,
    MdrClassI,
    MdrClassIia,
    MdrClassIib,
    MdrClassIii,
    IvdrClassA,
    IvdrClassB,
    IvdrClassC,
    IvdrClassD,
}

impl MedicalDeviceClass {
    pub const ALL: [MedicalDeviceClass; 9] = [
        MedicalDeviceClass::NotMedicalDevice,
        MedicalDeviceClass::MdrClassI,
        MedicalDeviceClass::MdrClassIia,
        MedicalDeviceClass::MdrClassIib,
        MedicalDeviceClass::MdrClassIii,
        MedicalDeviceClass::IvdrClassA,
        MedicalDeviceClass::IvdrClassB,
        MedicalDeviceClass::IvdrClassC,
        MedicalDeviceClass::IvdrClassD,
    ];

    pub fn code(self) -> &'static str {
        use MedicalDeviceClass::*;
        match self {
            NotMedicalDevice => "not_medical_device",
            MdrClassI => "mdr_class_i",
            MdrClassIia => "mdr_class_iia",
            MdrClassIib => "mdr_class_iib",
            MdrClassIii => "mdr_class_iii",
            IvdrClassA => "ivdr_class_a",
            IvdrClassB => "ivdr_class_b",
            IvdrClassC => "ivdr_class_c",
            IvdrClassD => "ivdr_class_d",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn is_medical_device(self) -> bool {
        self != MedicalDeviceClass::NotMedicalDevice
    }

    /// The short regulatory name, the same in every language except "not a medical device".
    pub fn label(self, lang: Lang) -> &'static str {
        use MedicalDeviceClass::*;
        match self {
            NotMedicalDevice => Tri {
                fi: "Ei lääkinnällinen laite",
                sv: "Inte en medicinteknisk produkt",
                en: "Not a medical device",
            }
            .get(lang),
            MdrClassI => "MDR I",
            MdrClassIia => "MDR IIa",
            MdrClassIib => "MDR IIb",
            MdrClassIii => "MDR III",
            IvdrClassA => "IVDR A",
            IvdrClassB => "IVDR B",
            IvdrClassC => "IVDR C",
            IvdrClassD => "IVDR D",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in SizeClass::ALL {
            assert_eq!(SizeClass::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for c in Capability::ALL {
            assert_eq!(Capability::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
            let [fi, sv, en] = Lang::ALL.map(|l| c.label(l));
            assert!(!fi.is_empty() && fi != sv && sv != en, "{c:?}");
        }
        for m in MedicalDeviceClass::ALL {
            assert_eq!(MedicalDeviceClass::from_code(m.code()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.code());
        }
    }
}
