//! Confirmation mails of the market dialogue — registrations, the waiting list, bookings and
//! their cancellations — in Finnish, Swedish and English, each carrying an iCalendar object.
//!
//! Times are written in Finnish time (the attached `.ics` carries them in UTC).

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Helsinki;
use kehto_shared::Lang;

use super::Mail;
use super::templates::escape;

/// The event or meeting a mail is about.
#[derive(Debug, Clone)]
pub struct Occasion<'a> {
    pub title: &'a str,
    pub challenge_title: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The address, meeting link or place, when the recipient may know it.
    pub place: Option<&'a str>,
    /// The challenge page.
    pub link: &'a str,
}

/// Why the mail is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice<'a> {
    Registered,
    Waitlisted {
        position: u32,
    },
    /// A place came free and the recipient moved up from the waiting list.
    Promoted,
    /// The coordinator changed the time, place or link of an event the recipient attends.
    EventChanged,
    RegistrationCancelled,
    /// The coordinator cancelled the whole event.
    EventCancelled {
        reason: &'a str,
    },
    MeetingBooked,
    BookingCancelled,
    /// The coordinator withdrew a booked slot.
    MeetingWithdrawn,
}

fn when(lang: Lang, o: &Occasion<'_>) -> String {
    let (s, e) = (
        o.starts_at.with_timezone(&Helsinki),
        o.ends_at.with_timezone(&Helsinki),
    );
    let same_day = s.date_naive() == e.date_naive();
    match lang {
        Lang::Fi | Lang::Sv => {
            let kl = if lang == Lang::Fi { "klo" } else { "kl." };
            let zone = if lang == Lang::Fi {
                "Suomen aikaa"
            } else {
                "finsk tid"
            };
            let end = if same_day {
                e.format("%H.%M").to_string()
            } else {
                e.format(&format!("%-d.%-m.%Y {kl} %H.%M")).to_string()
            };
            format!(
                "{} – {end} ({zone})",
                s.format(&format!("%-d.%-m.%Y {kl} %H.%M"))
            )
        }
        Lang::En => {
            let end = if same_day {
                e.format("%H:%M").to_string()
            } else {
                e.format("%-d %B %Y %H:%M").to_string()
            };
            format!("{} – {end} (Finnish time)", s.format("%-d %B %Y, %H:%M"))
        }
    }
}

/// (subject line head, the main sentence)
fn wording(lang: Lang, notice: Notice<'_>) -> (&'static str, String) {
    use Notice::*;
    match (lang, notice) {
        (Lang::Fi, Registered) => ("Ilmoittautuminen vahvistettu", "ilmoittautumisesi on vahvistettu. Kalenterikutsu on liitteenä.".into()),
        (Lang::Sv, Registered) => ("Anmälan bekräftad", "din anmälan är bekräftad. En kalenderinbjudan finns som bilaga.".into()),
        (Lang::En, Registered) => ("Registration confirmed", "your registration is confirmed. A calendar invitation is attached.".into()),
        (Lang::Fi, Waitlisted { position }) => ("Olet jonossa", format!("tilaisuus on täynnä, joten olet jonossa sijalla {position}. Saat viestin, jos paikka vapautuu.")),
        (Lang::Sv, Waitlisted { position }) => ("Du står i kö", format!("tillfället är fullt, så du står i kö på plats {position}. Du får ett meddelande om en plats blir ledig.")),
        (Lang::En, Waitlisted { position }) => ("You are on the waiting list", format!("the event is full, so you are number {position} on the waiting list. We will tell you if a place comes free.")),
        (Lang::Fi, Promoted) => ("Sait paikan", "paikka vapautui ja olet nyt ilmoittautunut tilaisuuteen. Kalenterikutsu on liitteenä.".into()),
        (Lang::Sv, Promoted) => ("Du fick en plats", "en plats blev ledig och du är nu anmäld till tillfället. En kalenderinbjudan finns som bilaga.".into()),
        (Lang::En, Promoted) => ("You have a place", "a place came free and you are now registered for the event. A calendar invitation is attached.".into()),
        (Lang::Fi, EventChanged) => ("Tilaisuuden tiedot muuttuivat", "tilaisuuden aika, paikka tai verkkolinkki on muuttunut. Päivitetty kalenterikutsu on liitteenä.".into()),
        (Lang::Sv, EventChanged) => ("Tillfället har ändrats", "tillfällets tid, plats eller länk har ändrats. En uppdaterad kalenderinbjudan finns som bilaga.".into()),
        (Lang::En, EventChanged) => ("The event has changed", "the event's time, place or online link has changed. An updated calendar invitation is attached.".into()),
        (Lang::Fi, RegistrationCancelled) => ("Ilmoittautuminen peruttu", "ilmoittautumisesi on peruttu.".into()),
        (Lang::Sv, RegistrationCancelled) => ("Anmälan återkallad", "din anmälan har återkallats.".into()),
        (Lang::En, RegistrationCancelled) => ("Registration cancelled", "your registration has been cancelled.".into()),
        (Lang::Fi, EventCancelled { reason }) => ("Tilaisuus on peruttu", format!("järjestäjä on perunut tilaisuuden. Syy: {reason}")),
        (Lang::Sv, EventCancelled { reason }) => ("Tillfället är inställt", format!("arrangören har ställt in tillfället. Orsak: {reason}")),
        (Lang::En, EventCancelled { reason }) => ("The event is cancelled", format!("the organiser has cancelled the event. Reason: {reason}")),
        (Lang::Fi, MeetingBooked) => ("Tapaaminen varattu", "tapaamisaika on varattu organisaatiollesi. Kalenterikutsu on liitteenä.".into()),
        (Lang::Sv, MeetingBooked) => ("Möte bokat", "mötestiden är bokad för din organisation. En kalenderinbjudan finns som bilaga.".into()),
        (Lang::En, MeetingBooked) => ("Meeting booked", "the meeting slot is booked for your organisation. A calendar invitation is attached.".into()),
        (Lang::Fi, BookingCancelled) => ("Tapaamisvaraus peruttu", "tapaamisvaraus on peruttu.".into()),
        (Lang::Sv, BookingCancelled) => ("Mötesbokning avbokad", "mötesbokningen har avbokats.".into()),
        (Lang::En, BookingCancelled) => ("Meeting booking cancelled", "the meeting booking has been cancelled.".into()),
        (Lang::Fi, MeetingWithdrawn) => ("Tapaaminen on peruttu", "järjestäjä on perunut varaamasi tapaamisajan. Voit varata uuden ajan haasteen sivulta.".into()),
        (Lang::Sv, MeetingWithdrawn) => ("Mötet är inställt", "arrangören har ställt in den mötestid du bokade. Du kan boka en ny tid på utmaningens sida.".into()),
        (Lang::En, MeetingWithdrawn) => ("The meeting is cancelled", "the organiser has withdrawn the slot you booked. You can book another time on the challenge page.".into()),
    }
}

/// A confirmation to `to` (`name`) in `lang`, with `calendar` (if any) attached.
pub fn confirmation(
    lang: Lang,
    (to, name): (&str, &str),
    notice: Notice<'_>,
    o: &Occasion<'_>,
    calendar: Option<String>,
) -> Mail {
    let (head, sentence) = wording(lang, notice);
    let (hello, time_l, place_l, challenge_l, open) = match lang {
        Lang::Fi => ("Hei", "Aika", "Paikka", "Haaste", "Avaa haaste"),
        Lang::Sv => ("Hej", "Tid", "Plats", "Utmaning", "Öppna utmaningen"),
        Lang::En => ("Hello", "Time", "Place", "Challenge", "Open the challenge"),
    };
    let greeting = format!("{hello} {name},");
    let mut facts = vec![
        (time_l, when(lang, o)),
        (challenge_l, o.challenge_title.to_owned()),
    ];
    if let Some(p) = o.place.filter(|p| !p.trim().is_empty()) {
        facts.insert(1, (place_l, p.to_owned()));
    }
    let text_facts: String = facts.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    let html_facts: String = facts
        .iter()
        .map(|(k, v)| format!("<li><strong>{}:</strong> {}</li>", escape(k), escape(v)))
        .collect();
    Mail {
        to: to.to_owned(),
        subject: format!("{head}: {} – Kehto", o.title),
        text: format!(
            "{greeting}\n\n{sentence}\n\n{}\n{text_facts}\n{}\n\nKehto\n",
            o.title, o.link
        ),
        html: format!(
            "<!doctype html><html lang=\"{}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
             <p>{}</p><p>{}</p><h2 style=\"font-size:1.1em\">{}</h2><ul>{html_facts}</ul>\
             <p><a href=\"{}\" style=\"color:#003479\">{}</a></p><p style=\"color:#555\">Kehto</p></body></html>",
            lang.code(),
            escape(&greeting),
            escape(&sentence),
            escape(o.title),
            escape(o.link),
            escape(open)
        ),
        calendar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn occasion() -> Occasion<'static> {
        Occasion {
            title: "Infotilaisuus <live>",
            challenge_title: "Kotihoidon etäseuranta & raportointi",
            starts_at: Utc.with_ymd_and_hms(2026, 3, 9, 8, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 3, 9, 10, 0, 0).unwrap(),
            place: Some("Hatanpään valtatie 24"),
            link: "https://kehto.example.fi/challenges/1",
        }
    }

    #[test]
    fn every_language_and_html_is_escaped() {
        for lang in Lang::ALL {
            let m = confirmation(
                lang,
                ("a@b.fi", "<Anna>"),
                Notice::Waitlisted { position: 2 },
                &occasion(),
                Some("BEGIN:VCALENDAR\r\n".into()),
            );
            assert!(m.html.contains("&lt;Anna&gt;") && !m.html.contains("<Anna>"));
            assert!(m.html.contains("Infotilaisuus &lt;live&gt;"));
            assert!(m.html.contains("etäseuranta &amp; raportointi"));
            assert!(m.text.contains('2'), "{}", m.text);
        }
        let fi = confirmation(
            Lang::Fi,
            ("a@b.fi", "Anna"),
            Notice::Registered,
            &occasion(),
            None,
        );
        assert!(
            fi.text
                .contains("9.3.2026 klo 10.00 – 12.00 (Suomen aikaa)"),
            "{}",
            fi.text
        );
        let en = confirmation(
            Lang::En,
            ("a@b.fi", "Anna"),
            Notice::Registered,
            &occasion(),
            None,
        );
        assert!(en.subject.starts_with("Registration confirmed"));
        assert!(
            en.text
                .contains("9 March 2026, 10:00 – 12:00 (Finnish time)"),
            "{}",
            en.text
        );
    }
}
