//! Reference data: the 21 welfare regions, the City of Helsinki and HUS, which organise health
//! and social care in Finland. The server loads them into the organisations table at start-up.

/// One organiser of health and social services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// Stable ASCII identifier, used in URLs and filters.
    pub code: &'static str,
    pub name_fi: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
}

const fn r(
    code: &'static str,
    name_fi: &'static str,
    name_sv: &'static str,
    name_en: &'static str,
) -> RegionInfo {
    RegionInfo {
        code,
        name_fi,
        name_sv,
        name_en,
    }
}

pub const REGIONS: [RegionInfo; 23] = [
    r(
        "ita-uusimaa",
        "Itä-Uudenmaan hyvinvointialue",
        "Östra Nylands välfärdsområde",
        "Wellbeing services county of East Uusimaa",
    ),
    r(
        "keski-uusimaa",
        "Keski-Uudenmaan hyvinvointialue",
        "Mellersta Nylands välfärdsområde",
        "Wellbeing services county of Central Uusimaa",
    ),
    r(
        "lansi-uusimaa",
        "Länsi-Uudenmaan hyvinvointialue",
        "Västra Nylands välfärdsområde",
        "Wellbeing services county of West Uusimaa",
    ),
    r(
        "vantaa-kerava",
        "Vantaan ja Keravan hyvinvointialue",
        "Vanda och Kervo välfärdsområde",
        "Wellbeing services county of Vantaa and Kerava",
    ),
    r(
        "varsinais-suomi",
        "Varsinais-Suomen hyvinvointialue",
        "Egentliga Finlands välfärdsområde",
        "Wellbeing services county of Southwest Finland",
    ),
    r(
        "satakunta",
        "Satakunnan hyvinvointialue",
        "Satakunta välfärdsområde",
        "Wellbeing services county of Satakunta",
    ),
    r(
        "kanta-hame",
        "Kanta-Hämeen hyvinvointialue",
        "Egentliga Tavastlands välfärdsområde",
        "Wellbeing services county of Kanta-Häme",
    ),
    r(
        "pirkanmaa",
        "Pirkanmaan hyvinvointialue",
        "Birkalands välfärdsområde",
        "Wellbeing services county of Pirkanmaa",
    ),
    r(
        "paijat-hame",
        "Päijät-Hämeen hyvinvointialue",
        "Päijänne-Tavastlands välfärdsområde",
        "Wellbeing services county of Päijät-Häme",
    ),
    r(
        "kymenlaakso",
        "Kymenlaakson hyvinvointialue",
        "Kymmenedalens välfärdsområde",
        "Wellbeing services county of Kymenlaakso",
    ),
    r(
        "etela-karjala",
        "Etelä-Karjalan hyvinvointialue",
        "Södra Karelens välfärdsområde",
        "Wellbeing services county of South Karelia",
    ),
    r(
        "etela-savo",
        "Etelä-Savon hyvinvointialue",
        "Södra Savolax välfärdsområde",
        "Wellbeing services county of South Savo",
    ),
    r(
        "pohjois-savo",
        "Pohjois-Savon hyvinvointialue",
        "Norra Savolax välfärdsområde",
        "Wellbeing services county of North Savo",
    ),
    r(
        "pohjois-karjala",
        "Pohjois-Karjalan hyvinvointialue",
        "Norra Karelens välfärdsområde",
        "Wellbeing services county of North Karelia",
    ),
    r(
        "keski-suomi",
        "Keski-Suomen hyvinvointialue",
        "Mellersta Finlands välfärdsområde",
        "Wellbeing services county of Central Finland",
    ),
    r(
        "etela-pohjanmaa",
        "Etelä-Pohjanmaan hyvinvointialue",
        "Södra Österbottens välfärdsområde",
        "Wellbeing services county of South Ostrobothnia",
    ),
    r(
        "pohjanmaa",
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
        "Wellbeing services county of Ostrobothnia",
    ),
    r(
        "keski-pohjanmaa",
        "Keski-Pohjanmaan hyvinvointialue",
        "Mellersta Österbottens välfärdsområde",
        "Wellbeing services county of Central Ostrobothnia",
    ),
    r(
        "pohjois-pohjanmaa",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "Wellbeing services county of North Ostrobothnia",
    ),
    r(
        "kainuu",
        "Kainuun hyvinvointialue",
        "Kajanalands välfärdsområde",
        "Wellbeing services county of Kainuu",
    ),
    r(
        "lappi",
        "Lapin hyvinvointialue",
        "Lapplands välfärdsområde",
        "Wellbeing services county of Lapland",
    ),
    r(
        "helsinki",
        "Helsingin kaupunki",
        "Helsingfors stad",
        "City of Helsinki",
    ),
    r("hus", "HUS-yhtymä", "HUS-sammanslutningen", "HUS Group"),
];

pub fn region_by_code(code: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_ascii() {
        let mut codes: Vec<_> = REGIONS.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 23);
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
        assert_eq!(
            REGIONS
                .iter()
                .filter(|r| r.name_fi.ends_with("hyvinvointialue"))
                .count(),
            21
        );
    }
}
