//! Outgoing e-mail: written to an outbox directory (the default, for development and for
//! operators who relay mail themselves) or sent over SMTP with lettre when configured.

pub mod dialogue_templates;
pub mod evaluation_templates;
pub mod invitation_templates;
pub mod matchmaking_templates;
pub mod notification_templates;
pub mod proposal_templates;
pub mod templates;

use std::path::PathBuf;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A message ready to send: both a plain-text and an HTML body.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An iCalendar object (RFC 5545) attached as `invite.ics`, for event and meeting
    /// confirmations; its `METHOD` (REQUEST or CANCEL) is announced in the content type.
    pub calendar: Option<String>,
}

pub enum Mailer {
    /// Each message becomes an RFC 5322 `.eml` file in this directory.
    Outbox { dir: PathBuf, from: Mailbox },
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

impl Mailer {
    pub fn outbox(dir: PathBuf, from: &str) -> anyhow::Result<Mailer> {
        std::fs::create_dir_all(&dir)?;
        Ok(Mailer::Outbox {
            dir,
            from: from.parse()?,
        })
    }

    /// `url` as lettre reads it: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://user:pass@host:465`.
    pub fn smtp(url: &str, from: &str) -> anyhow::Result<Mailer> {
        // Well inside the mail queue's 2-minute lease, so a slow server cannot make a message
        // outlive the lease while it is being sent.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Mailer::Smtp {
            transport,
            from: from.parse()?,
        })
    }

    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        match self {
            Mailer::Outbox { dir, from } => {
                let message = build(from, mail)?;
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
                    &crate::auth::tokens::new_token()[..8]
                );
                tokio::fs::write(dir.join(name), message.formatted()).await?;
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                transport.send(build(from, mail)?).await?;
                Ok(())
            }
        }
    }
}

/// Builds a multipart/alternative message (lettre chooses a transfer encoding that survives
/// any relay: quoted-printable for these texts).
fn build(from: &Mailbox, mail: &Mail) -> anyhow::Result<Message> {
    let bodies = MultiPart::alternative()
        .singlepart(SinglePart::plain(mail.text.clone()))
        .singlepart(SinglePart::html(mail.html.clone()));
    let builder = Message::builder()
        .from(from.clone())
        .to(mail.to.parse()?)
        .subject(mail.subject.clone());
    let message = match &mail.calendar {
        None => builder.multipart(bodies)?,
        Some(ics) => {
            let method = if ics.contains("\r\nMETHOD:CANCEL\r\n") {
                "CANCEL"
            } else {
                "REQUEST"
            };
            let content_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))?;
            builder.multipart(MultiPart::mixed().multipart(bodies).singlepart(
                Attachment::new("invite.ics".to_owned()).body(ics.clone(), content_type),
            ))?
        }
    };
    Ok(message)
}
