//! The invitation to join an organisation, in Finnish, Swedish and English.

use kehto_shared::Lang;
use kehto_shared::org::Role;

use super::Mail;
use super::templates::html_page;

/// Who invites whom to what.
#[derive(Debug, Clone)]
pub struct InvitationMail<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub inviter: &'a str,
    pub org_name: &'a str,
    pub role: Role,
    /// The acceptance link, `…/invitations/accept?token=…`.
    pub link: &'a str,
    pub valid_days: i64,
}

pub fn invitation(m: &InvitationMail<'_>) -> Mail {
    let (inviter, org, days, role) = (m.inviter, m.org_name, m.valid_days, m.role.label(m.lang));
    let (subject, body, how, button, ignore) = match m.lang {
        Lang::Fi => (
            format!("Kutsu organisaatioon {org} – Kehto"),
            format!(
                "{inviter} kutsuu sinut Kehtoon organisaation {org} jäseneksi (rooli: {role})."
            ),
            format!(
                "Hyväksy kutsu alla olevasta linkistä {days} päivän kuluessa. Kirjaudu sisään tai luo tili tällä sähköpostiosoitteella."
            ),
            "Hyväksy kutsu",
            "Jos et odottanut kutsua, voit jättää tämän viestin huomiotta.",
        ),
        Lang::Sv => (
            format!("Inbjudan till {org} – Kehto"),
            format!("{inviter} bjuder in dig till Kehto som medlem i {org} (roll: {role})."),
            format!(
                "Godkänn inbjudan via länken nedan inom {days} dagar. Logga in eller skapa ett konto med den här e-postadressen."
            ),
            "Godkänn inbjudan",
            "Om du inte väntade dig en inbjudan kan du lämna meddelandet utan åtgärd.",
        ),
        Lang::En => (
            format!("Invitation to {org} – Kehto"),
            format!("{inviter} invites you to join {org} on Kehto (role: {role})."),
            format!(
                "Accept the invitation with the link below within {days} days. Sign in, or create an account, with this e-mail address."
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
    fn the_invitation_names_inviter_organisation_role_and_link() {
        let m = invitation(&InvitationMail {
            lang: Lang::Sv,
            to: "anna@example.fi",
            inviter: "<Mikko>",
            org_name: "Hoivatek Oy",
            role: Role::CompanyOwner,
            link: "https://k.fi/invitations/accept?token=abc",
            valid_days: 7,
        });
        assert!(m.subject.contains("Hoivatek Oy"));
        assert!(m.text.contains("Ägare") && m.text.contains("7 dagar"));
        assert!(m.text.contains("https://k.fi/invitations/accept?token=abc"));
        assert!(m.html.contains("&lt;Mikko&gt;"));
    }
}
