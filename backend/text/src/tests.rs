//! Acceptance tests: what a search must and must not find, checked through a tiny in-memory
//! matcher that does exactly what the SQL does (equality, or a `>=` / `<` range for prefixes).

use super::*;

/// The database side: a sorted `(key, weight)` "index", searched by equality or by a range.
struct MiniDb {
    keys: Vec<(String, u8)>,
}

impl MiniDb {
    fn new(lang: Lang, text: &str) -> MiniDb {
        MiniDb {
            keys: index_keys(lang, &[(text, 1)]),
        }
    }

    /// `EXISTS (… key = $alt …)` or `EXISTS (… key >= $alt AND key < $upper …)`.
    fn has(&self, term: &QueryTerm) -> bool {
        term.alternatives.iter().any(|alt| {
            if term.prefix {
                let upper = prefix_upper_bound(alt);
                self.keys
                    .iter()
                    .any(|(k, _)| k.as_str() >= alt.as_str() && k.as_str() < upper.as_str())
            } else {
                self.keys.iter().any(|(k, _)| k == alt)
            }
        })
    }

    fn matches(&self, q: &str) -> bool {
        let terms = query_keys(q);
        !terms.is_empty() && terms.iter().all(|t| self.has(t))
    }
}

fn explain(lang: Lang, doc: &str, q: &str) -> String {
    format!(
        "doc {doc:?} ({lang:?}) keys {:?}; query {q:?} terms {:?}",
        index_keys(lang, &[(doc, 1)]),
        query_keys(q)
    )
}

/// (query, document language, document text, must match)
#[rustfmt::skip]
const CASES: &[(&str, Lang, &str, bool)] = &[
    // Finnish inflection and consonant gradation.
    ("kotihoito", Lang::Fi, "Kotihoidon asiakkaat", true),
    ("kotihoito", Lang::Fi, "kehitämme kotihoitoa", true),
    ("kotihoito", Lang::Fi, "Kotihoidossa on pulaa hoitajista", true),
    ("kotihoito", Lang::Fi, "Kotihoidolle uusi toimintamalli", true),
    ("lapsi", Lang::Fi, "lapsen hyvinvointi", true),
    ("lapsi", Lang::Fi, "palveluja lapsille ja perheille", true),
    ("nuoret", Lang::Fi, "nuorten mielenterveys", true),
    ("nuoret", Lang::Fi, "tukea nuorille", true),
    ("omaishoitaja", Lang::Fi, "omaishoitajien jaksaminen", true),
    ("omaishoitaja", Lang::Fi, "vertaistukea omaishoitajille", true),
    ("etäseuranta", Lang::Fi, "etäseurannan ratkaisu", true),
    ("etäseuranta", Lang::Fi, "siirrytään etäseurantaan", true),
    ("mielenterveys", Lang::Fi, "mielenterveyden tukeminen", true),
    ("lääkehoito", Lang::Fi, "lääkehoidon ohjausvideo", true),
    // Swedish.
    ("hemvård", Lang::Sv, "Digitala lösningar inom hemvården", true),
    ("utmaning", Lang::Sv, "Våra utmaningar", true),
    ("närståendevårdare", Lang::Sv, "stöd för närståendevårdarna", true),
    // English.
    ("monitoring", Lang::En, "we monitor vital signs", true),
    ("monitoring", Lang::En, "patients are monitored at home", true),
    ("caregivers", Lang::En, "support for the family caregiver", true),
    // More Finnish that the demo content relies on.
    ("hoito", Lang::Fi, "kotihoidon etäseuranta", true),
    ("seuranta", Lang::Fi, "etäseurannan kokeilu", true),
    ("terveys", Lang::Fi, "mielenterveyden seula", true),
    ("vård", Lang::Sv, "hemvården i Österbotten", true),
    ("päivystys", Lang::Fi, "päivystyksen hoidon tarpeen arviointi", true),
    ("kuntoutus", Lang::Fi, "kotikuntoutuksen pilotti", true),
    ("ihminen", Lang::Fi, "ikääntyneiden ihmisten turvallisuus", true),
    ("turvallisuus", Lang::Fi, "yöajan turvallisuuden parantaminen", true),
    ("apu", Lang::Fi, "avun tarve", true),
    ("kenkä", Lang::Fi, "kengän pohja", true),
    ("helsinki", Lang::Fi, "Helsingin kaupunki", true),
    ("kumppani", Lang::Fi, "etsimme kumppaneita", true),
    ("kumppanuus", Lang::Fi, "innovaatiokumppanuuden hankinta", true),
    ("kumppanuus", Lang::Fi, "kumppanuuden ehdot", true),
    ("insuliini", Lang::Fi, "insuliinin annostelu", true),
    ("koti*", Lang::Fi, "kotihoidon asiakkaat", true),
    ("kotihoito etäseuranta", Lang::Fi, "Kotihoidon asiakkaiden etäseurantaan", true),
    // Precision.
    ("kotihoito", Lang::Fi, "koti", false),
    ("kotihoito", Lang::Fi, "kissa", false),
    ("kotihoito", Lang::Fi, "hoitaja", false),
    ("kotihoito", Lang::Fi, "kodin hoitaja", false),
    ("lapsi", Lang::Fi, "lampi", false),
    ("lapsi", Lang::Fi, "Lapin hyvinvointialue", false),
    ("lappi", Lang::Fi, "lapsen hyvinvointi", false),
    ("kotihoito etäseuranta", Lang::Fi, "kotihoidon kehittäminen", false),
    ("hemvård", Lang::Sv, "hem", false),
    ("caregivers", Lang::En, "care", false),
    ("ja", Lang::Fi, "kotihoito ja etäseuranta", false),
];

#[test]
fn acceptance_table() {
    let mut failures = Vec::new();
    for &(q, lang, doc, expected) in CASES {
        if MiniDb::new(lang, doc).matches(q) != expected {
            failures.push(format!("expected {expected}: {}", explain(lang, doc, q)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_mini_db_agrees_with_the_reference_semantics() {
    for &(q, lang, doc, _) in CASES {
        let db = MiniDb::new(lang, doc);
        let terms = query_keys(q);
        assert_eq!(
            db.matches(q),
            !terms.is_empty() && matches_document(&terms, &db.keys),
            "{q} / {doc}"
        );
    }
}

/// The key of one word, without compound heads.
fn key(lang: Lang, word: &str) -> String {
    analyse::Analyser::get().key(lang, word)
}

#[test]
fn stems_look_like_this() {
    let table = [
        (Lang::Fi, "kotihoito", "fi:kotihoit"),
        (Lang::Fi, "kotihoidossa", "fi:kotihoit"),
        (Lang::Fi, "Kotihoidolle", "fi:kotihoit"),
        (Lang::Fi, "lapsi", "fi:laps"),
        (Lang::Fi, "lapsille", "fi:laps"),
        (Lang::Fi, "lampi", "fi:lam"),
        (Lang::Fi, "nuoret", "fi:nuor"),
        (Lang::Fi, "nuorten", "fi:nuor"),
        (Lang::Fi, "omaishoitajien", "fi:omaishoitaj"),
        (Lang::Fi, "etäseurannan", "fi:etäseuran"),
        (Lang::Fi, "mielenterveys", "fi:mielenervey"),
        (Lang::Fi, "mielenterveyden", "fi:mielenervey"),
        (Lang::Fi, "lääkehoidon", "fi:lääkehoit"),
        (Lang::Sv, "hemvården", "sv:hemvård"),
        (Lang::Sv, "utmaningar", "sv:utmaning"),
        (Lang::Sv, "närståendevårdarna", "sv:närståendevård"),
        (Lang::En, "monitoring", "en:monitor"),
        (Lang::En, "caregivers", "en:caregiv"),
    ];
    for (lang, word, expected) in table {
        assert_eq!(key(lang, &word.to_lowercase()), expected, "{word}");
    }
}

#[test]
fn keys_are_distinct_sorted_with_max_weight() {
    let keys = index_keys(
        Lang::Fi,
        &[
            ("Kotihoidon etäseuranta", 3),
            ("kotihoitoa ja kotihoitoa", 1),
        ],
    );
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert!(keys.contains(&("fi:kotihoit".into(), 3)), "{keys:?}");
    assert!(
        keys.contains(&("fi:hoit".into(), 2)),
        "compound heads weigh one less: {keys:?}"
    );
    assert!(!names.contains(&"fi:ja"), "stop word dropped");
}

#[test]
fn merge_keeps_the_larger_weight() {
    let mut a = index_keys(Lang::Fi, &[("kotihoito", 1)]);
    merge_keys(&mut a, index_keys(Lang::Sv, &[("hemvård", 2)]));
    merge_keys(
        &mut a,
        vec![("fi:kotihoit".to_owned(), 3), ("fi:hoit".to_owned(), 1)],
    );
    let expected = [
        ("fi:hoit", 1),
        ("fi:kotihoit", 3),
        ("sv:hemvård", 2),
        ("sv:vård", 1),
    ];
    assert_eq!(a, expected.map(|(k, w)| (k.to_owned(), w)));
}

#[test]
fn query_terms() {
    let t = query_keys("Kotihoito ja lapset, koti");
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(
        t[0].alternatives,
        ["en:kotihoito", "fi:kotihoit", "sv:kotihoito"]
    );
    assert!(t[0].prefix);
    assert!(
        !t[2].prefix,
        "`koti` (fi:kot) is too short to be a prefix: {:?}",
        t[2]
    );
    assert!(query_keys("koti*")[0].prefix);
    assert!(query_keys("ja och the").is_empty());
    assert_eq!(query_keys("hoito hoito HOITO").len(), 1);
    assert_eq!(query_keys(&"sana ".repeat(50)).len(), 1);
    let many: String = (0..30).map(|i| format!("sana{i} ")).collect();
    assert_eq!(query_keys(&many).len(), MAX_QUERY_TERMS);
}

#[test]
fn upper_bounds() {
    assert_eq!(prefix_upper_bound("fi:koti"), "fi:kotj");
    assert_eq!(prefix_upper_bound("sv:hemvå"), "sv:hemvæ");
    assert_eq!(prefix_upper_bound("a\u{D7FF}"), "a\u{E000}");
    assert_eq!(prefix_upper_bound("ab\u{10FFFF}"), "ac");
    assert_eq!(prefix_upper_bound(""), "\u{10FFFF}");
    for key in [
        "fi:kotihoit",
        "fi:kotihoitaj",
        "fi:kotihoitzzz",
        "fi:kotihoitö",
    ] {
        assert!(key >= "fi:kotihoit" && key < prefix_upper_bound("fi:kotihoit").as_str());
    }
    assert!("fi:kotihoiu" >= prefix_upper_bound("fi:kotihoit").as_str());
}

/// A long document with a realistic variety of words: 2,000 words drawn (deterministically)
/// from domain stems × Finnish case endings, about 900 distinct forms, with Markdown between.
fn long_document() -> String {
    const STEMS: &[&str] = &[
        "kotihoito",
        "asiakas",
        "hoitaja",
        "etäseuranta",
        "potilastietojärjestelmä",
        "omaishoitaja",
        "lääkehoito",
        "nuori",
        "mielenterveys",
        "päivystys",
        "kuntoutus",
        "hyvinvointialue",
        "ratkaisu",
        "palvelu",
        "kokeilu",
        "yritys",
        "tietosuoja",
        "integraatio",
        "turvallisuus",
        "ikääntynyt",
        "perhe",
        "lapsi",
        "sovellus",
        "mittaus",
        "hälytys",
        "kumppani",
        "pilotti",
        "arviointi",
        "kehittäminen",
        "työntekijä",
        "henkilöstö",
        "kunta",
        "koti",
        "yö",
        "video",
        "ohjaus",
        "tutkimus",
        "hankinta",
        "innovaatio",
        "tarve",
        "tavoite",
        "tulos",
        "vaikutus",
        "kustannus",
        "laatu",
        "tieto",
        "järjestelmä",
        "käyttäjä",
        "testiympäristö",
        "toimittaja",
    ];
    const ENDINGS: &[&str] = &[
        "", "n", "a", "ssa", "sta", "lle", "lla", "ksi", "t", "ihin", "jen", "iden", "ineen",
        "kin", "han", "sa", "on", "na",
    ];
    let mut seed: u32 = 0x2545_f491;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize
    };
    let mut doc = String::with_capacity(20_000);
    for i in 0..2000 {
        if i % 40 == 0 {
            doc.push_str("\n\n## Otsikko\n\n- ");
        }
        doc.push_str(STEMS[next() % STEMS.len()]);
        doc.push_str(ENDINGS[next() % ENDINGS.len()]);
        doc.push_str(if i % 11 == 10 { ". " } else { " " });
    }
    doc
}

#[test]
fn long_documents_are_analysed() {
    let doc = long_document();
    assert!(doc.split_whitespace().count() >= 2000);
    let keys = index_keys(Lang::Fi, &[(&doc, 1)]);
    assert!(keys.len() > 200 && keys.len() < 2000, "{}", keys.len());
}

#[test]
fn token_keys_keep_order_and_stop_word_gaps() {
    let t = token_keys(Lang::En, "Home care of the elderly");
    let keys: Vec<Option<&str>> = t.iter().map(|k| k.key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("en:home"),
            Some("en:care"),
            None,
            None,
            Some("en:elder")
        ]
    );
    let fi = token_keys(Lang::Fi, "kotihoidon asiakkaat");
    assert_eq!(fi[0].key.as_deref(), Some("fi:kotihoit"));
    assert_eq!(fi[0].tails, ["fi:hoit"]);
}
