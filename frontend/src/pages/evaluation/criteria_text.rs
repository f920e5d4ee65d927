//! The criteria editor's conversions ([`super::criteria`]): weights between the percentages
//! typed ("33,33") and the basis points on the wire (3333), and the server's error paths
//! (`criteria_set.criteria[1].weight_bp`) to the controls' ids (`ec-c-1-weight`).

use kehto_shared::Lang;

/// Basis points as a percentage with two decimals in the reader's style: 3333 → "33,33".
pub fn percent_text(bp: u32, lang: Lang) -> String {
    let sep = if lang == Lang::En { '.' } else { ',' };
    format!("{}{sep}{:02}", bp / 100, bp % 100)
}

/// A typed percentage as basis points: "25", "33,33", "33.3 %" → 2500, 3333, 3330; `None` for
/// anything else, including more than two decimals.
pub fn parse_percent(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty()
        || whole.len() > 5
        || frac.len() > 2
        || !digits(whole)
        || !digits(frac)
    {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

/// The control of an API field: `criteria_set.criteria[1].weight_bp` → `ec-c-1-weight`,
/// `…criteria[0].scale.levels[2].description.sv` → `ec-c-0-lv-2-description-sv`,
/// `requirements[3].name` → `ec-r-3-name`; the set's own problems (no criteria, the weights'
/// sum) → the total `ec-total`.
pub fn field_id(field: &str) -> String {
    let f = field.strip_prefix("criteria_set.").unwrap_or(field);
    match f {
        "change_reason" => return "ec-reason".into(),
        "criteria" => return "ec-total".into(),
        "requirements" => return "ec-requirements".into(),
        _ => {}
    }
    let s = f
        .replace("criteria[", "c-")
        .replace("requirements[", "r-")
        .replace("levels[", "lv-")
        .replace(".scale", "")
        .replace("weight_bp", "weight")
        .replace(']', "")
        .replace('.', "-");
    // A level's repeated or out-of-range score: blame the level.
    match s.strip_suffix("-score") {
        Some(level) => format!("ec-{level}-description"),
        None => format!("ec-{s}"),
    }
}
