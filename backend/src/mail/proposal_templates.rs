//! The proposal receipt by e-mail (fi/sv/en): the time of receipt in UTC and Helsinki time, the
//! digest, the attachments, and a link to the receipt page where it can be verified.

use kehto_shared::Lang;
use kehto_shared::proposals::Receipt;

use super::Mail;
use super::templates::escape;

pub fn receipt(
    lang: Lang,
    (to, name): (&str, &str),
    challenge: &str,
    r: &Receipt,
    link: &str,
) -> Mail {
    let (subject, greeting, intro, time_l, utc_l, digest_l, files_l, none, keep) = match lang {
        Lang::Fi => (
            format!("Kuittaus: ehdotus vastaanotettu – {challenge}"),
            format!("Hei {name},"),
            format!(
                "ehdotuksesi haasteeseen ”{challenge}” on vastaanotettu (versio {}).",
                r.version
            ),
            "Vastaanotettu (Suomen aikaa)",
            "Vastaanotettu (UTC)",
            "Tarkiste (SHA-256)",
            "Liitteet",
            "ei liitteitä",
            "Säilytä tämä kuittaus. Voit tarkistaa sen milloin tahansa kuittaussivulla:",
        ),
        Lang::Sv => (
            format!("Kvitto: förslaget har tagits emot – {challenge}"),
            format!("Hej {name},"),
            format!(
                "ditt förslag till utmaningen ”{challenge}” har tagits emot (version {}).",
                r.version
            ),
            "Mottaget (finsk tid)",
            "Mottaget (UTC)",
            "Kontrollsumma (SHA-256)",
            "Bilagor",
            "inga bilagor",
            "Spara kvittot. Du kan kontrollera det när som helst på kvittosidan:",
        ),
        Lang::En => (
            format!("Receipt: proposal received – {challenge}"),
            format!("Hello {name},"),
            format!(
                "your proposal to the challenge “{challenge}” has been received (version {}).",
                r.version
            ),
            "Received (Finnish time)",
            "Received (UTC)",
            "Digest (SHA-256)",
            "Attachments",
            "no attachments",
            "Keep this receipt. You can verify it at any time on the receipt page:",
        ),
    };
    let utc = r.received_at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let files: Vec<String> = r
        .attachments
        .iter()
        .map(|a| format!("{} ({} B, SHA-256 {})", a.file_name, a.size_bytes, a.sha256))
        .collect();
    let files_text = if files.is_empty() {
        none.to_owned()
    } else {
        files.join("\n  ")
    };
    let text = format!(
        "{greeting}\n\n{intro}\n\n{time_l}: {}\n{utc_l}: {utc}\n{digest_l}: {}\n{files_l}:\n  {files_text}\n\n{keep}\n{link}\n\nKehto\n",
        r.received_at_helsinki, r.digest
    );
    let files_html = if files.is_empty() {
        escape(none)
    } else {
        format!(
            "<ul>{}</ul>",
            files
                .iter()
                .map(|f| format!("<li>{}</li>", escape(f)))
                .collect::<String>()
        )
    };
    let html = format!(
        "<!doctype html><html lang=\"{l}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
         <p>{g}</p><p>{i}</p><table><tr><th scope=\"row\" style=\"text-align:left\">{tl}</th><td>{th}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">{ul}</th><td>{utc}</td></tr>\
         <tr><th scope=\"row\" style=\"text-align:left\">{dl}</th><td><code>{d}</code></td></tr></table>\
         <p>{fl}:</p>{fh}<p>{k} <a href=\"{link}\" style=\"color:#003479\">{link}</a></p><p style=\"color:#555\">Kehto</p></body></html>",
        l = lang.code(),
        g = escape(&greeting),
        i = escape(&intro),
        tl = escape(time_l),
        th = escape(&r.received_at_helsinki),
        ul = escape(utc_l),
        dl = escape(digest_l),
        d = escape(&r.digest),
        fl = escape(files_l),
        fh = files_html,
        k = escape(keep),
        link = escape(link),
    );
    Mail {
        to: to.to_owned(),
        subject,
        text,
        html,
        calendar: None,
    }
}

/// Tells a member of an invited organisation that a company asks it to join a proposal.
pub fn partner_invitation(
    lang: Lang,
    (to, name): (&str, &str),
    lead: &str,
    challenge: &str,
    link: &str,
) -> Mail {
    let (subject, greeting, body, button) = match lang {
        Lang::Fi => (
            format!("Kutsu konsortiokumppaniksi – {challenge}"),
            format!("Hei {name},"),
            format!(
                "{lead} kutsuu organisaatiotasi kumppaniksi ehdotukseensa haasteeseen ”{challenge}”. Kun hyväksytte kutsun, organisaationne jäsenet voivat lukea ehdotusta ja osallistua sen kirjoittamiseen."
            ),
            "Vastaa kutsuun",
        ),
        Lang::Sv => (
            format!("Inbjudan att bli konsortiepartner – {challenge}"),
            format!("Hej {name},"),
            format!(
                "{lead} bjuder in din organisation som partner i sitt förslag till utmaningen ”{challenge}”. När ni har tackat ja kan er organisations medlemmar läsa förslaget och skriva i det."
            ),
            "Svara på inbjudan",
        ),
        Lang::En => (
            format!("Invitation to join a consortium – {challenge}"),
            format!("Hello {name},"),
            format!(
                "{lead} invites your organisation as a partner in its proposal to the challenge “{challenge}”. Once you accept, your organisation's members can read the proposal and contribute to it."
            ),
            "Answer the invitation",
        ),
    };
    Mail {
        to: to.to_owned(),
        subject,
        text: format!("{greeting}\n\n{body}\n\n{button}: {link}\n\nKehto\n"),
        html: format!(
            "<!doctype html><html lang=\"{}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
             <p>{}</p><p>{}</p><p><a href=\"{}\" style=\"color:#003479\">{}</a></p><p style=\"color:#555\">Kehto</p></body></html>",
            lang.code(),
            escape(&greeting),
            escape(&body),
            escape(link),
            escape(button)
        ),
        calendar: None,
    }
}
