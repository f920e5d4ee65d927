//! The e-mails that carry notifications, in the recipient's language (fi/sv/en): one short
//! sentence about what happened, a link (to the challenge; for evaluation notices to the
//! proposal's feedback or scoresheet) and a link to change the preferences. Evaluation notices
//! name no scores, decisions or reasons: those are read in the service, signed in.

use kehto_shared::Lang;
use kehto_shared::challenge::ChallengeField;
use kehto_shared::notifications::NotificationKind;

use super::Mail;
use super::templates::escape;

/// What a notification e-mail needs besides its kind.
pub struct NotificationMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub name: &'a str,
    pub kind: NotificationKind,
    pub challenge_title: &'a str,
    pub detail: &'a str,
    /// Where the button leads: the challenge, or for evaluation notices the proposal's page.
    pub challenge_link: &'a str,
    pub prefs_link: &'a str,
}

/// A changed part of a challenge as a reader would name it.
fn field_name(lang: Lang, f: ChallengeField) -> &'static str {
    use ChallengeField as F;
    match (lang, f) {
        (Lang::Fi, F::Title) => "otsikko",
        (Lang::Sv, F::Title) => "rubrik",
        (Lang::En, F::Title) => "title",
        (Lang::Fi, F::Summary) => "tiivistelmä",
        (Lang::Sv, F::Summary) => "sammanfattning",
        (Lang::En, F::Summary) => "summary",
        (Lang::Fi, F::Description) => "kuvaus",
        (Lang::Sv, F::Description) => "beskrivning",
        (Lang::En, F::Description) => "description",
        (Lang::Fi, F::ContentLang) => "kieli",
        (Lang::Sv, F::ContentLang) => "språk",
        (Lang::En, F::ContentLang) => "language",
        (Lang::Fi, F::Regions) => "hyvinvointialueet",
        (Lang::Sv, F::Regions) => "välfärdsområden",
        (Lang::En, F::Regions) => "welfare regions",
        (Lang::Fi, F::Themes) => "teemat",
        (Lang::Sv, F::Themes) => "teman",
        (Lang::En, F::Themes) => "themes",
        (Lang::Fi, F::Trl) => "valmiustaso (TRL)",
        (Lang::Sv, F::Trl) => "mognadsnivå (TRL)",
        (Lang::En, F::Trl) => "readiness level (TRL)",
        (Lang::Fi, F::Model) => "yhteistyömalli",
        (Lang::Sv, F::Model) => "samarbetsmodell",
        (Lang::En, F::Model) => "cooperation model",
        (Lang::Fi, F::Budget) => "budjetti",
        (Lang::Sv, F::Budget) => "budget",
        (Lang::En, F::Budget) => "budget",
        (Lang::Fi, F::QuestionsCloseAt) => "kysymysten määräaika",
        (Lang::Sv, F::QuestionsCloseAt) => "sista dag för frågor",
        (Lang::En, F::QuestionsCloseAt) => "questions deadline",
        (Lang::Fi, F::ProposalsCloseAt) => "ehdotusten määräaika",
        (Lang::Sv, F::ProposalsCloseAt) => "sista dag för förslag",
        (Lang::En, F::ProposalsCloseAt) => "proposals deadline",
        (Lang::Fi, F::DecisionTargetAt) => "päätöksen tavoiteaika",
        (Lang::Sv, F::DecisionTargetAt) => "planerat beslut",
        (Lang::En, F::DecisionTargetAt) => "target decision date",
        (Lang::Fi, F::Contact) => "yhteyshenkilö",
        (Lang::Sv, F::Contact) => "kontaktperson",
        (Lang::En, F::Contact) => "contact person",
        (Lang::Fi, F::Translations) => "käännökset",
        (Lang::Sv, F::Translations) => "översättningar",
        (Lang::En, F::Translations) => "translations",
        (Lang::Fi, F::EvaluationCriteria) => "arviointikriteerit",
        (Lang::Sv, F::EvaluationCriteria) => "bedömningskriterier",
        (Lang::En, F::EvaluationCriteria) => "evaluation criteria",
        (Lang::Fi, F::ProcurementNotice) => "hankintailmoitus",
        (Lang::Sv, F::ProcurementNotice) => "upphandlingsannons",
        (Lang::En, F::ProcurementNotice) => "procurement notice",
    }
}

fn changed_list(lang: Lang, detail: &str) -> String {
    detail
        .split(',')
        .filter_map(ChallengeField::from_code)
        .map(|f| field_name(lang, f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// (subject, the sentence saying what happened)
fn wording(m: &NotificationMail<'_>) -> (String, String) {
    use NotificationKind as K;
    let t = m.challenge_title;
    let d = m.detail;
    let one_day = d == "1";
    match (m.lang, m.kind) {
        (Lang::Fi, K::AnswerPublished) => (
            format!("Uusi vastaus: {t}"),
            format!("Haasteeseen ”{t}” on julkaistu vastaus kysymykseen: {d}"),
        ),
        (Lang::Sv, K::AnswerPublished) => (
            format!("Nytt svar: {t}"),
            format!("I utmaningen ”{t}” har ett svar publicerats på frågan: {d}"),
        ),
        (Lang::En, K::AnswerPublished) => (
            format!("New answer: {t}"),
            format!("An answer was published on the challenge “{t}” to the question: {d}"),
        ),
        (Lang::Fi, K::ChallengeChanged) => (
            format!("Haastetta muutettu: {t}"),
            format!(
                "Haastetta ”{t}” on muutettu. Muuttuneet kohdat: {}. Muutoshistoria ja syy näkyvät haasteen sivulla.",
                changed_list(m.lang, d)
            ),
        ),
        (Lang::Sv, K::ChallengeChanged) => (
            format!("Utmaningen har ändrats: {t}"),
            format!(
                "Utmaningen ”{t}” har ändrats. Ändrade delar: {}. Ändringshistoriken och orsaken finns på utmaningens sida.",
                changed_list(m.lang, d)
            ),
        ),
        (Lang::En, K::ChallengeChanged) => (
            format!("Challenge changed: {t}"),
            format!(
                "The challenge “{t}” was changed. Changed parts: {}. The change log and the reason are on the challenge page.",
                changed_list(m.lang, d)
            ),
        ),
        (Lang::Fi, K::EventAdded) => (
            format!("Uusi infotilaisuus: {t}"),
            format!(
                "Haasteeseen ”{t}” on lisätty infotilaisuus: {d}. Voit ilmoittautua haasteen sivulla."
            ),
        ),
        (Lang::Sv, K::EventAdded) => (
            format!("Nytt informationsmöte: {t}"),
            format!(
                "Ett informationsmöte har lagts till i utmaningen ”{t}”: {d}. Du kan anmäla dig på utmaningens sida."
            ),
        ),
        (Lang::En, K::EventAdded) => (
            format!("New info session: {t}"),
            format!(
                "An info session was added to the challenge “{t}”: {d}. You can register on the challenge page."
            ),
        ),
        (Lang::Fi, K::DeadlineApproaching) => (
            format!("Ehdotusten määräaika lähestyy: {t}"),
            format!("Haasteen ”{t}” ehdotusten määräaika päättyy {d} päivän kuluttua."),
        ),
        (Lang::Sv, K::DeadlineApproaching) => (
            format!("Sista dagen för förslag närmar sig: {t}"),
            format!(
                "Tiden för förslag i utmaningen ”{t}” går ut om {d} {}.",
                if one_day { "dag" } else { "dagar" }
            ),
        ),
        (Lang::En, K::DeadlineApproaching) => (
            format!("Proposals deadline approaching: {t}"),
            format!(
                "Proposals for the challenge “{t}” close in {d} {}.",
                if one_day { "day" } else { "days" }
            ),
        ),
        (Lang::Fi, K::MatchingChallenge) => (
            format!("Uusi haaste hakuusi ”{d}”: {t}"),
            format!("Uusi haaste ”{t}” vastaa tallennettua hakuasi ”{d}”."),
        ),
        (Lang::Sv, K::MatchingChallenge) => (
            format!("Ny utmaning för din sökning ”{d}”: {t}"),
            format!("Den nya utmaningen ”{t}” motsvarar din sparade sökning ”{d}”."),
        ),
        (Lang::En, K::MatchingChallenge) => (
            format!("New challenge for your search “{d}”: {t}"),
            format!("The new challenge “{t}” matches your saved search “{d}”."),
        ),
        (Lang::Fi, K::EvaluationPublished) => (
            format!("Arvioinnin päätös julkaistu: {t}"),
            format!(
                "Haasteen ”{t}” ehdotusten arvioinnin päätökset on julkaistu. Näet ehdotuksenne päätöksen perusteluineen sekä arvioijien pisteet ja perustelut Kehdossa."
            ),
        ),
        (Lang::Sv, K::EvaluationPublished) => (
            format!("Beslut om bedömningen publicerat: {t}"),
            format!(
                "Besluten i bedömningen av förslagen till utmaningen ”{t}” har publicerats. I Kehto ser ni beslutet om ert förslag med motiveringar samt bedömarnas poäng och motiveringar."
            ),
        ),
        (Lang::En, K::EvaluationPublished) => (
            format!("Evaluation decision published: {t}"),
            format!(
                "The decisions of the evaluation of proposals to the challenge “{t}” have been published. In Kehto you can read the decision on your proposal with its reasons, and the evaluators' scores and justifications."
            ),
        ),
        (Lang::Fi, K::ScoresReopened) => (
            format!("Arviointisi avattiin uudelleen: {t}"),
            format!(
                "Koordinaattori avasi jättämäsi arvioinnin haasteessa ”{t}” uudelleen muokattavaksi. Syy näkyy arviointilomakkeella; jätä arviointi uudelleen, kun olet tarkistanut sen."
            ),
        ),
        (Lang::Sv, K::ScoresReopened) => (
            format!("Din bedömning har öppnats igen: {t}"),
            format!(
                "Koordinatorn har öppnat din inlämnade bedömning i utmaningen ”{t}” för ändringar. Orsaken syns på bedömningsformuläret; lämna in bedömningen igen när du har granskat den."
            ),
        ),
        (Lang::En, K::ScoresReopened) => (
            format!("Your evaluation was reopened: {t}"),
            format!(
                "A coordinator reopened your submitted evaluation on the challenge “{t}” for changes. The reason is shown on the scoresheet; submit it again once you have reviewed it."
            ),
        ),
    }
}

/// The button's label and why the recipient gets the message, by kind and language.
fn open_and_why(lang: Lang, kind: NotificationKind) -> (&'static str, &'static str) {
    use NotificationKind as K;
    match (lang, kind) {
        (Lang::Fi, K::EvaluationPublished) => (
            "Avaa päätös ja palaute",
            "Saat tämän viestin, koska organisaatiosi on mukana haasteeseen jätetyssä ehdotuksessa. Voit muuttaa sähköposti-ilmoituksia täällä:",
        ),
        (Lang::Sv, K::EvaluationPublished) => (
            "Öppna beslutet och återkopplingen",
            "Du får det här meddelandet eftersom din organisation står bakom ett förslag till utmaningen. Du kan ändra e-postaviseringarna här:",
        ),
        (Lang::En, K::EvaluationPublished) => (
            "Open the decision and feedback",
            "You receive this because your organisation takes part in a proposal to the challenge. Change your e-mail notifications here:",
        ),
        (Lang::Fi, K::ScoresReopened) => (
            "Avaa arviointilomake",
            "Saat tämän viestin, koska olet haasteen arvioija. Voit muuttaa sähköposti-ilmoituksia täällä:",
        ),
        (Lang::Sv, K::ScoresReopened) => (
            "Öppna bedömningsformuläret",
            "Du får det här meddelandet eftersom du är bedömare i utmaningen. Du kan ändra e-postaviseringarna här:",
        ),
        (Lang::En, K::ScoresReopened) => (
            "Open the scoresheet",
            "You receive this because you evaluate the challenge's proposals. Change your e-mail notifications here:",
        ),
        (Lang::Fi, _) => (
            "Avaa haaste",
            "Saat tämän viestin, koska seuraat haastetta tai olet tallentanut haun Kehdossa. Voit muuttaa sähköposti-ilmoituksia täällä:",
        ),
        (Lang::Sv, _) => (
            "Öppna utmaningen",
            "Du får det här meddelandet eftersom du följer utmaningen eller har sparat en sökning i Kehto. Du kan ändra e-postaviseringarna här:",
        ),
        (Lang::En, _) => (
            "Open the challenge",
            "You receive this because you follow the challenge or saved a search in Kehto. Change your e-mail notifications here:",
        ),
    }
}

/// The e-mail for one notification.
pub fn notification(m: &NotificationMail<'_>) -> Mail {
    let (subject, sentence) = wording(m);
    let greeting = match m.lang {
        Lang::Fi => format!("Hei {},", m.name),
        Lang::Sv => format!("Hej {},", m.name),
        Lang::En => format!("Hello {},", m.name),
    };
    let (open, prefs) = open_and_why(m.lang, m.kind);
    let text = format!(
        "{greeting}\n\n{sentence}\n\n{open}: {}\n\n{prefs} {}\n\nKehto\n",
        m.challenge_link, m.prefs_link
    );
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
         <p>{g}</p><p>{s}</p><p><a href=\"{cl}\" style=\"color:#003479\">{o}</a></p>\
         <p style=\"color:#555;font-size:0.9em\">{p} <a href=\"{pl}\" style=\"color:#003479\">{pl}</a></p>\
         <p style=\"color:#555\">Kehto</p></body></html>",
        lang = m.lang.code(),
        g = escape(&greeting),
        s = escape(&sentence),
        cl = escape(m.challenge_link),
        o = escape(open),
        p = escape(prefs),
        pl = escape(m.prefs_link),
    );
    Mail {
        to: m.to.to_owned(),
        subject,
        text,
        html,
        calendar: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_worded_in_every_language_and_escaped() {
        for lang in Lang::ALL {
            for kind in NotificationKind::ALL {
                let m = notification(&NotificationMail {
                    lang,
                    to: "a@b.fi",
                    name: "Anna",
                    kind,
                    challenge_title: "<Kotihoito>",
                    detail: "title,proposals_close_at",
                    challenge_link: "https://k.fi/challenges/1",
                    prefs_link: "https://k.fi/notifications",
                });
                assert!(m.subject.contains("<Kotihoito>"), "{lang:?} {kind:?}");
                assert!(m.html.contains("&lt;Kotihoito&gt;"));
                assert!(!m.html.contains("<Kotihoito>"));
                assert!(m.text.contains("https://k.fi/challenges/1"));
            }
        }
        let fi = notification(&NotificationMail {
            lang: Lang::Fi,
            to: "a@b.fi",
            name: "Anna",
            kind: NotificationKind::ChallengeChanged,
            challenge_title: "X",
            detail: "proposals_close_at,evaluation_criteria",
            challenge_link: "l",
            prefs_link: "p",
        });
        assert!(fi.text.contains("ehdotusten määräaika, arviointikriteerit"));
    }
}
