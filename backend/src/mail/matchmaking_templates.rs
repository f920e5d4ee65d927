//! The e-mails of matchmaking, in Finnish, Swedish and English: a coordinator's personal
//! invitation to a challenge's market dialogue, a contact request between organisations and
//! its acceptance (with the contact person), and the weekly digest of a saved search.

use kehto_shared::Lang;

use super::Mail;
use super::templates::{escape, html_page};

/// A coordinator invites an organisation to a challenge's market dialogue.
pub struct DialogueInvitationMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub org_name: &'a str,
    pub coordinator: &'a str,
    /// The owning regions' names in `lang`, joined.
    pub regions: &'a str,
    pub challenge_title: &'a str,
    /// Why the organisation was suggested, in `lang` ("Your offering … matches: …"); may be
    /// empty.
    pub reasons: &'a str,
    /// The coordinator's own words (may be empty).
    pub message: &'a str,
    /// The challenge's public contact person, to reply to.
    pub contact: &'a str,
    pub link: &'a str,
}

pub fn dialogue_invitation(m: &DialogueInvitationMail<'_>) -> Mail {
    let (t, org, who, regions) = (m.challenge_title, m.org_name, m.coordinator, m.regions);
    let (subject, intro, why, personal, reply, button) = match m.lang {
        Lang::Fi => (
            format!("Kutsu markkinavuoropuheluun: {t}"),
            format!(
                "{who} ({regions}) kutsuu organisaationne {org} mukaan haasteen ”{t}” markkinavuoropuheluun Kehdossa: kysymään, osallistumaan infotilaisuuksiin ja varaamaan tapaamisen."
            ),
            format!("Miksi juuri te: {}", m.reasons),
            "Viesti kutsujalta:",
            format!("Haasteen yhteyshenkilö: {}", m.contact),
            "Avaa haaste",
        ),
        Lang::Sv => (
            format!("Inbjudan till marknadsdialog: {t}"),
            format!(
                "{who} ({regions}) bjuder in er organisation {org} till marknadsdialogen för utmaningen ”{t}” i Kehto: att ställa frågor, delta i informationsmöten och boka ett möte."
            ),
            format!("Varför just ni: {}", m.reasons),
            "Meddelande från avsändaren:",
            format!("Utmaningens kontaktperson: {}", m.contact),
            "Öppna utmaningen",
        ),
        Lang::En => (
            format!("Invitation to a market dialogue: {t}"),
            format!(
                "{who} ({regions}) invites your organisation {org} to the market dialogue of the challenge “{t}” on Kehto: to ask questions, attend info sessions and book a meeting."
            ),
            format!("Why you: {}", m.reasons),
            "A message from the sender:",
            format!("The challenge's contact person: {}", m.contact),
            "Open the challenge",
        ),
    };
    let mut paragraphs = vec![intro];
    if !m.reasons.is_empty() {
        paragraphs.push(why);
    }
    if !m.message.trim().is_empty() {
        paragraphs.push(format!("{personal}\n{}", m.message.trim()));
    }
    paragraphs.push(reply);
    Mail {
        to: m.to.to_owned(),
        subject,
        text: format!("{}\n\n{}\n\nKehto\n", paragraphs.join("\n\n"), m.link),
        html: html_page(m.lang, &paragraphs, m.link, button),
        calendar: None,
    }
}

/// An organisation asks another to be its partner on a challenge.
pub struct ContactRequestMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub from_org: &'a str,
    pub requester: &'a str,
    pub challenge_title: &'a str,
    pub message: &'a str,
    /// Where the request is answered.
    pub link: &'a str,
}

pub fn contact_request(m: &ContactRequestMail<'_>) -> Mail {
    let (t, org, who) = (m.challenge_title, m.from_org, m.requester);
    let (subject, intro, note, button) = match m.lang {
        Lang::Fi => (
            format!("Yhteydenottopyyntö: {org} haasteesta {t}"),
            format!(
                "{who} ({org}) etsii kumppania haasteeseen ”{t}” ja pyytää saada ottaa yhteyttä organisaatioonne. Viesti:"
            ),
            "Yhteystietonne näytetään pyytäjälle vasta, jos hyväksytte pyynnön Kehdossa.",
            "Vastaa pyyntöön",
        ),
        Lang::Sv => (
            format!("Kontaktförfrågan: {org} om {t}"),
            format!(
                "{who} ({org}) söker en partner för utmaningen ”{t}” och ber att få kontakta er organisation. Meddelande:"
            ),
            "Era kontaktuppgifter visas för avsändaren först om ni godkänner förfrågan i Kehto.",
            "Svara på förfrågan",
        ),
        Lang::En => (
            format!("Contact request: {org} about {t}"),
            format!(
                "{who} ({org}) is looking for a partner for the challenge “{t}” and asks to get in touch with your organisation. Their message:"
            ),
            "Your contact details are shown to them only if you accept the request on Kehto.",
            "Answer the request",
        ),
    };
    let paragraphs = vec![format!("{intro}\n{}", m.message.trim()), note.to_owned()];
    Mail {
        to: m.to.to_owned(),
        subject,
        text: format!("{}\n\n{}\n\nKehto\n", paragraphs.join("\n\n"), m.link),
        html: html_page(m.lang, &paragraphs, m.link, button),
        calendar: None,
    }
}

/// The asked organisation accepted: its contact person, for the requester only.
pub struct ContactAcceptedMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub to_org: &'a str,
    pub challenge_title: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: Option<&'a str>,
    pub link: &'a str,
}

pub fn contact_accepted(m: &ContactAcceptedMail<'_>) -> Mail {
    let (t, org) = (m.challenge_title, m.to_org);
    let phone = m.contact_phone.unwrap_or("–");
    let (subject, intro, contact, button) = match m.lang {
        Lang::Fi => (
            format!("{org} hyväksyi yhteydenottopyyntönne: {t}"),
            format!("{org} hyväksyi yhteydenottopyyntönne haasteesta ”{t}”."),
            format!(
                "Yhteyshenkilö: {}, sähköposti {}, puhelin {phone}",
                m.contact_name, m.contact_email
            ),
            "Avaa yhteydenottopyynnöt",
        ),
        Lang::Sv => (
            format!("{org} godkände er kontaktförfrågan: {t}"),
            format!("{org} godkände er kontaktförfrågan om utmaningen ”{t}”."),
            format!(
                "Kontaktperson: {}, e-post {}, telefon {phone}",
                m.contact_name, m.contact_email
            ),
            "Öppna kontaktförfrågningarna",
        ),
        Lang::En => (
            format!("{org} accepted your contact request: {t}"),
            format!("{org} accepted your contact request about the challenge “{t}”."),
            format!(
                "Contact person: {}, e-mail {}, phone {phone}",
                m.contact_name, m.contact_email
            ),
            "Open the contact requests",
        ),
    };
    let paragraphs = vec![intro, contact];
    Mail {
        to: m.to.to_owned(),
        subject,
        text: format!("{}\n\n{}\n\nKehto\n", paragraphs.join("\n\n"), m.link),
        html: html_page(m.lang, &paragraphs, m.link, button),
        calendar: None,
    }
}

/// One challenge in a weekly digest.
pub struct DigestItem<'a> {
    pub title: &'a str,
    pub link: &'a str,
    /// Why it matches (recommendation searches), in the recipient's language; may be empty.
    pub reasons: &'a str,
}

/// The week's new challenges matching a saved search.
pub struct DigestMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub name: &'a str,
    pub search_name: &'a str,
    pub items: &'a [DigestItem<'a>],
    pub prefs_link: &'a str,
}

pub fn weekly_digest(m: &DigestMail<'_>) -> Mail {
    let (s, n) = (m.search_name, m.items.len());
    let one = n == 1;
    let (subject, greeting, intro, prefs) = match m.lang {
        Lang::Fi => (
            format!("Viikon uudet haasteet hakuusi ”{s}” ({n})"),
            format!("Hei {},", m.name),
            if one {
                format!(
                    "Tällä viikolla julkaistiin uusi haaste, joka vastaa tallennettua hakuasi ”{s}”:"
                )
            } else {
                format!(
                    "Tällä viikolla julkaistiin {n} uutta haastetta, jotka vastaavat tallennettua hakuasi ”{s}”:"
                )
            },
            "Saat tämän koosteen kerran viikossa tallennetusta hausta. Voit muuttaa ilmoituksia täällä:",
        ),
        Lang::Sv => (
            format!("Veckans nya utmaningar för din sökning ”{s}” ({n})"),
            format!("Hej {},", m.name),
            if one {
                format!(
                    "Den här veckan publicerades en ny utmaning som motsvarar din sparade sökning ”{s}”:"
                )
            } else {
                format!(
                    "Den här veckan publicerades {n} nya utmaningar som motsvarar din sparade sökning ”{s}”:"
                )
            },
            "Du får den här sammanställningen en gång i veckan för en sparad sökning. Du kan ändra aviseringarna här:",
        ),
        Lang::En => (
            format!("This week's new challenges for your search “{s}” ({n})"),
            format!("Hello {},", m.name),
            if one {
                format!("A new challenge published this week matches your saved search “{s}”:")
            } else {
                format!("{n} new challenges published this week match your saved search “{s}”:")
            },
            "You receive this digest once a week for a saved search. Change your notifications here:",
        ),
    };
    let text_items: String = m
        .items
        .iter()
        .map(|i| {
            let why = if i.reasons.is_empty() {
                String::new()
            } else {
                format!("\n  {}", i.reasons)
            };
            format!("- {}\n  {}{why}\n", i.title, i.link)
        })
        .collect();
    let html_items: String = m
        .items
        .iter()
        .map(|i| {
            let why = if i.reasons.is_empty() {
                String::new()
            } else {
                format!(
                    "<br><span style=\"color:#555\">{}</span>",
                    escape(i.reasons)
                )
            };
            format!(
                "<li><a href=\"{}\" style=\"color:#003479\">{}</a>{why}</li>",
                escape(i.link),
                escape(i.title)
            )
        })
        .collect();
    Mail {
        to: m.to.to_owned(),
        subject,
        text: format!(
            "{greeting}\n\n{intro}\n\n{text_items}\n{prefs} {}\n\nKehto\n",
            m.prefs_link
        ),
        html: format!(
            "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
             <p>{g}</p><p>{i}</p><ul>{html_items}</ul>\
             <p style=\"color:#555;font-size:0.9em\">{p} <a href=\"{pl}\" style=\"color:#003479\">{pl}</a></p>\
             <p style=\"color:#555\">Kehto</p></body></html>",
            lang = m.lang.code(),
            g = escape(&greeting),
            i = escape(&intro),
            p = escape(prefs),
            pl = escape(m.prefs_link),
        ),
        calendar: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_in_every_language_is_escaped_and_linked() {
        for lang in Lang::ALL {
            let inv = dialogue_invitation(&DialogueInvitationMail {
                lang,
                to: "info@hoiva.example",
                org_name: "<Hoiva Oy>",
                coordinator: "Anna",
                regions: "Pirkanmaa",
                challenge_title: "Kotihoito",
                reasons: "TRL 7",
                message: "Tervetuloa!",
                contact: "anna@pirha.example",
                link: "https://k.fi/challenges/1",
            });
            assert!(inv.text.contains("Tervetuloa!") && inv.text.contains("TRL 7"));
            assert!(inv.html.contains("&lt;Hoiva Oy&gt;") && !inv.html.contains("<Hoiva"));
            assert!(inv.text.contains("https://k.fi/challenges/1"));
            let req = contact_request(&ContactRequestMail {
                lang,
                to: "a@b.fi",
                from_org: "Mittari Oy",
                requester: "Ville",
                challenge_title: "Kotihoito",
                message: "Tehdään yhdessä",
                link: "https://k.fi/x",
            });
            assert!(req.text.contains("Tehdään yhdessä") && req.subject.contains("Mittari Oy"));
            let acc = contact_accepted(&ContactAcceptedMail {
                lang,
                to: "a@b.fi",
                to_org: "Ennuste Oy",
                challenge_title: "Kotihoito",
                contact_name: "Eeva",
                contact_email: "eeva@ennuste.example",
                contact_phone: Some("+358 40 1"),
                link: "https://k.fi/x",
            });
            assert!(acc.text.contains("eeva@ennuste.example") && acc.text.contains("+358 40 1"));
            let items = [DigestItem {
                title: "<Uusi>",
                link: "https://k.fi/challenges/2",
                reasons: "home care",
            }];
            let d = weekly_digest(&DigestMail {
                lang,
                to: "a@b.fi",
                name: "Anna",
                search_name: "Meille",
                items: &items,
                prefs_link: "https://k.fi/notifications",
            });
            assert!(d.subject.contains("(1)") && d.text.contains("https://k.fi/challenges/2"));
            assert!(d.html.contains("&lt;Uusi&gt;") && d.html.contains("home care"));
        }
    }
}
