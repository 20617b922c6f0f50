//! Standard Webhooks secrets and signatures.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha2::Sha256;

const PREFIX: &str = "whsec_";
/// The specification asks for a key of 24 to 64 bytes; new secrets get 32.
const MIN_KEY: usize = 24;
const MAX_KEY: usize = 64;
const NEW_KEY: usize = 32;

/// An endpoint's signing secret: `whsec_` then the base64 of the key bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    key: Vec<u8>,
}

/// Why text is not a usable secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a webhook secret starts with `whsec_` followed by base64")]
    Format,
    #[error("a webhook secret's key is {MIN_KEY} to {MAX_KEY} bytes; this one is {0}")]
    Length(usize),
}

impl WebhookSecret {
    /// A fresh random secret.
    pub fn generate() -> WebhookSecret {
        let mut key = vec![0u8; NEW_KEY];
        rand::rng().fill_bytes(&mut key);
        WebhookSecret { key }
    }

    /// Reads `whsec_<base64>`.
    pub fn parse(text: &str) -> Result<WebhookSecret, SecretError> {
        let b64 = text
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(SecretError::Format)?;
        let key = STANDARD.decode(b64).map_err(|_| SecretError::Format)?;
        if !(MIN_KEY..=MAX_KEY).contains(&key.len()) {
            return Err(SecretError::Length(key.len()));
        }
        Ok(WebhookSecret { key })
    }

    /// The form people copy into their receiver: `whsec_<base64>`.
    pub fn expose(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.key))
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(…)")
    }
}

/// The `webhook-signature` header value for one attempt: `v1,<base64 HMAC-SHA256>` of
/// `"{id}.{timestamp}.{body}"`.
pub fn sign(secret: &WebhookSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length; an error here would be a bug in the hmac crate.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&secret.key) else {
        return String::new();
    };
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_the_specifications_published_example() {
        // The example the Standard Webhooks reference libraries test against.
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            sign(
                &secret,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn secrets_round_trip_and_refuse_what_is_not_one() {
        let s = WebhookSecret::generate();
        assert_eq!(WebhookSecret::parse(&s.expose()), Ok(s.clone()));
        assert_ne!(WebhookSecret::generate(), s, "each secret is random");
        assert_eq!(
            WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Err(SecretError::Format)
        );
        assert_eq!(WebhookSecret::parse("whsec_%%%"), Err(SecretError::Format));
        assert_eq!(
            WebhookSecret::parse("whsec_c2hvcnQ="),
            Err(SecretError::Length(5))
        );
        assert!(
            !format!("{s:?}").contains(&s.expose()[6..]),
            "Debug hides the key"
        );
    }
}
