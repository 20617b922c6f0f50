//! HMAC-SHA256 webhook signatures as Shopify and WooCommerce send them: base64 of the MAC of the
//! raw body under a shared secret. The comparison is constant-time (`verify_slice`), so timing
//! does not leak how much of a forged signature was right.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::connector::WebhookError;

/// `Ok` when `signature_b64` is the base64 HMAC-SHA256 of `body` under `secret`.
pub(crate) fn verify_base64_hmac_sha256(
    secret: &[u8],
    body: &[u8],
    signature_b64: &str,
) -> Result<(), WebhookError> {
    let expected = STANDARD
        .decode(signature_b64.trim())
        .map_err(|_| WebhookError::BadSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| WebhookError::BadSignature)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| WebhookError::BadSignature)
}

/// The signature a channel would send for `body`: for fakes and tests.
pub fn sign_base64_hmac_sha256(secret: &[u8], body: &[u8]) -> String {
    // HMAC accepts keys of any length; an error here would be a bug in the hmac crate.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_the_same_secret_and_bytes() {
        let sig = sign_base64_hmac_sha256(b"secret", b"{\"id\":1}");
        assert_eq!(
            verify_base64_hmac_sha256(b"secret", b"{\"id\":1}", &sig),
            Ok(())
        );
        assert_eq!(
            verify_base64_hmac_sha256(b"other", b"{\"id\":1}", &sig),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify_base64_hmac_sha256(b"secret", b"{\"id\": 1}", &sig),
            Err(WebhookError::BadSignature),
            "a re-serialised body is not the signed body"
        );
        assert_eq!(
            verify_base64_hmac_sha256(b"secret", b"x", "%%%not base64"),
            Err(WebhookError::BadSignature)
        );
    }
}
