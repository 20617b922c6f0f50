//! HTTP statuses and transport failures → [`ConnectorError`].

use reqwest::{Response, StatusCode};

use super::retry_after::parse_retry_after;
use crate::connector::ConnectorError;

/// A failed request that never produced a response.
pub(crate) fn transport_error(e: reqwest::Error) -> ConnectorError {
    if e.is_timeout() {
        ConnectorError::Timeout(e.to_string())
    } else if e.is_decode() {
        ConnectorError::Malformed(e.to_string())
    } else {
        // Connection refused, DNS, TLS, a connection dropped mid-body: all worth another try.
        ConnectorError::Unreachable(e.to_string())
    }
}

/// `Ok(response)` for a 2xx, otherwise the error its status means. `describe` pulls the
/// channel's own message out of an error body (each API words it differently).
pub(crate) async fn error_for_status(
    response: Response,
    describe: fn(&str) -> Option<String>,
) -> Result<Response, ConnectorError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
    let body = response.text().await.unwrap_or_default();
    let message = describe(&body).unwrap_or_else(|| short(&body, status));
    Err(match status {
        StatusCode::TOO_MANY_REQUESTS => ConnectorError::Throttled { retry_after },
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => ConnectorError::Unauthorized(message),
        StatusCode::NOT_FOUND => ConnectorError::NotFound(message),
        StatusCode::CONFLICT => ConnectorError::Conflict(message),
        StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => {
            ConnectorError::Timeout(message)
        }
        s if s.is_server_error() => ConnectorError::Server {
            status: s.as_u16(),
            message,
        },
        _ => ConnectorError::Rejected(message),
    })
}

/// The start of an unexpected body, so an HTML error page does not flood the log.
fn short(body: &str, status: StatusCode) -> String {
    let text: String = body.chars().take(200).collect();
    if text.trim().is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {}", text.trim())
    }
}
