//! The invitation to evaluate a challenge's proposals, in Finnish, Swedish and English.

use kehto_shared::Lang;

use super::Mail;
use super::templates::html_page;

/// Who invites whom to evaluate which challenge.
#[derive(Debug, Clone)]
pub struct EvaluatorInvitationMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub inviter: &'a str,
    pub challenge: &'a str,
    /// The acceptance link, `…/evaluations/accept?token=…`.
    pub link: &'a str,
    pub valid_days: i64,
}

pub fn evaluator_invitation(m: &EvaluatorInvitationMail<'_>) -> Mail {
    let (inviter, challenge, days) = (m.inviter, m.challenge, m.valid_days);
    let (subject, body, how, button, ignore) = match m.lang {
        Lang::Fi => (
            format!("Kutsu arvioijaksi: {challenge} – Kehto"),
            format!(
                "{inviter} kutsuu sinut arvioimaan haasteen ”{challenge}” ehdotuksia Kehdossa."
            ),
            format!(
                "Hyväksy kutsu alla olevasta linkistä {days} päivän kuluessa. Kirjaudu sisään tai luo tili tällä sähköpostiosoitteella. Näet sinulle osoitetut ehdotukset ehdotusten määräajan päätyttyä, kun olet ensin ilmoittanut, oletko esteellinen."
            ),
            "Hyväksy kutsu",
            "Jos et odottanut kutsua, voit jättää tämän viestin huomiotta.",
        ),
        Lang::Sv => (
            format!("Inbjudan att bedöma: {challenge} – Kehto"),
            format!(
                "{inviter} bjuder in dig att bedöma förslagen till utmaningen ”{challenge}” i Kehto."
            ),
            format!(
                "Godkänn inbjudan via länken nedan inom {days} dagar. Logga in eller skapa ett konto med den här e-postadressen. Du ser de förslag som tilldelats dig när tiden för förslag har gått ut, efter att du först har angett om du är jävig."
            ),
            "Godkänn inbjudan",
            "Om du inte väntade dig en inbjudan kan du lämna meddelandet utan åtgärd.",
        ),
        Lang::En => (
            format!("Invitation to evaluate: {challenge} – Kehto"),
            format!(
                "{inviter} invites you to evaluate the proposals to the challenge “{challenge}” on Kehto."
            ),
            format!(
                "Accept the invitation with the link below within {days} days. Sign in, or create an account, with this e-mail address. You will see the proposals assigned to you after the proposals deadline, once you have declared whether you have a conflict of interest."
            ),
            "Accept the invitation",
            "If you did not expect an invitation, you can ignore this message.",
        ),
    };
    Mail {
        to: m.to.to_owned(),
        subject,
        text: format!("{body}\n\n{how}\n\n{}\n\n{ignore}\n\nKehto\n", m.link),
        html: html_page(m.lang, &[body, how, ignore.to_owned()], m.link, button),
        calendar: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invitation_names_inviter_challenge_and_link_in_each_language() {
        for (lang, words) in [
            (Lang::Fi, "arvioimaan"),
            (Lang::Sv, "bedöma"),
            (Lang::En, "evaluate"),
        ] {
            let m = evaluator_invitation(&EvaluatorInvitationMail {
                lang,
                to: "asiantuntija@example.fi",
                inviter: "<Anna>",
                challenge: "Kotihoidon etäseuranta",
                link: "https://k.fi/evaluations/accept?token=abc",
                valid_days: 7,
            });
            assert!(m.subject.contains("Kotihoidon etäseuranta"), "{lang:?}");
            assert!(m.text.contains(words) && m.text.contains('7'), "{lang:?}");
            assert!(m.text.contains("https://k.fi/evaluations/accept?token=abc"));
            assert!(m.html.contains("&lt;Anna&gt;"));
        }
    }
}
