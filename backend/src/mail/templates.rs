//! The texts of the e-mails the service sends, in Finnish, Swedish and English.

use kehto_shared::Lang;

use super::Mail;

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(crate) fn html_page(lang: Lang, paragraphs: &[String], link: &str, button: &str) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a\">\
         {body}<p><a href=\"{}\" style=\"color:#003479\">{}</a></p><p style=\"color:#555\">Kehto</p></body></html>",
        lang.code(),
        escape(link),
        escape(button)
    )
}

/// Asks a new user to confirm their address.
pub fn verify_email(lang: Lang, to: &str, name: &str, link: &str) -> Mail {
    let (subject, greeting, body, button, ignore) = match lang {
        Lang::Fi => (
            "Vahvista sähköpostiosoitteesi – Kehto",
            format!("Hei {name},"),
            "vahvista sähköpostiosoitteesi avaamalla alla oleva linkki. Linkki on voimassa 48 tuntia.",
            "Vahvista sähköpostiosoite",
            "Jos et luonut tiliä Kehtoon, voit jättää tämän viestin huomiotta.",
        ),
        Lang::Sv => (
            "Bekräfta din e-postadress – Kehto",
            format!("Hej {name},"),
            "bekräfta din e-postadress genom att öppna länken nedan. Länken gäller i 48 timmar.",
            "Bekräfta e-postadressen",
            "Om du inte skapade ett konto i Kehto kan du lämna det här meddelandet utan åtgärd.",
        ),
        Lang::En => (
            "Confirm your e-mail address – Kehto",
            format!("Hello {name},"),
            "please confirm your e-mail address by opening the link below. The link is valid for 48 hours.",
            "Confirm e-mail address",
            "If you did not create a Kehto account, you can ignore this message.",
        ),
    };
    let paragraphs = [greeting, body.to_owned()];
    Mail {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!(
            "{}\n\n{}\n\n{link}\n\n{ignore}\n\nKehto\n",
            paragraphs[0], paragraphs[1]
        ),
        html: html_page(
            lang,
            &[
                paragraphs[0].clone(),
                paragraphs[1].clone(),
                ignore.to_owned(),
            ],
            link,
            button,
        ),
        calendar: None,
    }
}

/// Sends a password-reset link.
pub fn reset_password(lang: Lang, to: &str, name: &str, link: &str) -> Mail {
    let (subject, greeting, body, button, ignore) = match lang {
        Lang::Fi => (
            "Salasanan vaihtaminen – Kehto",
            format!("Hei {name},"),
            "saimme pyynnön vaihtaa Kehto-tilisi salasanan. Voit valita uuden salasanan alla olevasta linkistä tunnin ajan.",
            "Valitse uusi salasana",
            "Jos et pyytänyt vaihtoa, voit jättää tämän viestin huomiotta; salasanasi ei muutu.",
        ),
        Lang::Sv => (
            "Byte av lösenord – Kehto",
            format!("Hej {name},"),
            "vi fick en begäran om att byta lösenordet till ditt Kehto-konto. Du kan välja ett nytt lösenord via länken nedan inom en timme.",
            "Välj ett nytt lösenord",
            "Om du inte bad om ett byte kan du lämna meddelandet utan åtgärd; ditt lösenord ändras inte.",
        ),
        Lang::En => (
            "Resetting your password – Kehto",
            format!("Hello {name},"),
            "we received a request to reset the password of your Kehto account. You can choose a new password with the link below within one hour.",
            "Choose a new password",
            "If you did not ask for this, ignore this message; your password stays the same.",
        ),
    };
    Mail {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!("{greeting}\n\n{body}\n\n{link}\n\n{ignore}\n\nKehto\n"),
        html: html_page(
            lang,
            &[greeting, body.to_owned(), ignore.to_owned()],
            link,
            button,
        ),
        calendar: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_links_present() {
        let m = verify_email(
            Lang::Sv,
            "a@b.fi",
            "<Anna>",
            "https://k.fi/verify-email?token=x",
        );
        assert!(m.html.contains("&lt;Anna&gt;"));
        assert!(!m.html.contains("<Anna>"));
        assert!(m.text.contains("https://k.fi/verify-email?token=x"));
        assert!(m.subject.contains("Bekräfta"));
    }
}
