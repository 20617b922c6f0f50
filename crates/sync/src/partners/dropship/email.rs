//! Purchase orders by email: SMTP (lettre over tokio and rustls), the PO attached as CSV, and
//! a Message-ID made from the PO number, so a copy re-sent after a crash is recognisably the
//! same message, never a new PO.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::connector::ConnectorError;
use crate::partners::escape::escape;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain, upgraded with STARTTLS, which must succeed (port 587).
    StartTls,
    /// No encryption: a relay on the same machine, or a test sink on 127.0.0.1.
    None,
}

/// Where POs are mailed from and to. `Debug` leaves the password out.
#[derive(Clone)]
pub struct EmailSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// `(user, password)` when the server wants a login.
    pub credentials: Option<(String, String)>,
    /// `Orders <orders@shop.example>`; its domain ends every Message-ID.
    pub from: String,
    /// The vendor's order desk; at least one.
    pub to: Vec<String>,
    pub timeout: Duration,
}

impl std::fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .field("from", &self.from)
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

/// One message to the vendor.
pub(crate) struct Mail<'a> {
    /// What the message is (`po`, `cancel`): part of its Message-ID.
    pub kind: &'a str,
    pub reference: &'a str,
    pub subject: String,
    pub text: String,
    pub attachment: Option<(String, Vec<u8>)>,
    /// The Message-ID kind this one answers (a cancellation answers the PO).
    pub in_reply_to: Option<&'a str>,
}

fn mailbox(text: &str) -> Result<Mailbox, ConnectorError> {
    text.parse()
        .map_err(|e| ConnectorError::Config(format!("email address `{text}`: {e}")))
}

/// `<kind.reference@domain>`: the same for every send of the same message.
pub(crate) fn message_id(
    kind: &str,
    reference: &str,
    from: &str,
) -> Result<String, ConnectorError> {
    let from = mailbox(from)?;
    Ok(format!(
        "<{kind}.{}@{}>",
        escape(reference),
        from.email.domain()
    ))
}

fn smtp_error(e: lettre::transport::smtp::Error) -> ConnectorError {
    if e.is_timeout() {
        ConnectorError::Timeout(e.to_string())
    } else if e.is_permanent() {
        // 5xx: the server refused the message or a recipient.
        ConnectorError::Rejected(format!("the mail server refused the PO: {e}"))
    } else if e.is_transient() {
        ConnectorError::Server {
            status: e.status().map_or(400, u16::from),
            message: e.to_string(),
        }
    } else if e.is_client() {
        ConnectorError::Config(format!("mail settings: {e}"))
    } else {
        ConnectorError::Unreachable(format!("mail server: {e}"))
    }
}

pub(crate) async fn send(settings: &EmailSettings, mail: Mail<'_>) -> Result<(), ConnectorError> {
    if settings.to.is_empty() {
        return Err(ConnectorError::Config(
            "the vendor has no order email address".into(),
        ));
    }
    let mut builder = Message::builder()
        .from(mailbox(&settings.from)?)
        .subject(mail.subject)
        .message_id(Some(message_id(mail.kind, mail.reference, &settings.from)?));
    for to in &settings.to {
        builder = builder.to(mailbox(to)?);
    }
    if let Some(kind) = mail.in_reply_to {
        let id = message_id(kind, mail.reference, &settings.from)?;
        builder = builder.in_reply_to(id.clone()).references(id);
    }
    let text = SinglePart::plain(mail.text);
    let built = match mail.attachment {
        Some((name, bytes)) => {
            let csv = ContentType::parse("text/csv; charset=utf-8")
                .map_err(|e| ConnectorError::Config(format!("content type: {e}")))?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(name).body(bytes, csv)),
            )
        }
        None => builder.singlepart(text),
    }
    .map_err(|e| ConnectorError::Config(format!("building the email: {e}")))?;

    transport(settings)?
        .send(built)
        .await
        .map(|_| ())
        .map_err(smtp_error)
}

fn transport(
    settings: &EmailSettings,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, ConnectorError> {
    let builder = match settings.security {
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host),
        SmtpSecurity::StartTls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
        }
        SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            settings.host.clone(),
        )),
    }
    .map_err(|e| ConnectorError::Config(format!("mail server `{}`: {e}", settings.host)))?;
    let mut builder = builder
        .port(settings.port)
        .timeout(Some(settings.timeout))
        .hello_name(ClientId::Domain("waybill.localhost".into()));
    if let Some((user, password)) = &settings.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// Connects, greets and says goodbye: the server is there and speaks SMTP.
pub(crate) async fn test(settings: &EmailSettings) -> Result<(), ConnectorError> {
    match transport(settings)?.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err(ConnectorError::Unreachable(format!(
            "the mail server {}:{} did not answer as one",
            settings.host, settings.port
        ))),
        Err(e) => Err(smtp_error(e)),
    }
}
