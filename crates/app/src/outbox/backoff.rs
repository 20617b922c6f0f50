//! When to try a failed delivery again: exponential backoff with jitter, never sooner than the
//! channel asked. Jitter spreads a backlog's retries so a recovering channel is not hit by all
//! of them in the same second.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

/// Attempts before a retryable failure becomes a dead effect (about 2 hours of retries).
pub const MAX_ATTEMPTS: u32 = 8;

const BASE: Duration = Duration::from_secs(30);
const CEILING: Duration = Duration::from_secs(60 * 60);

/// The next attempt after failed attempt number `attempts` (1 for the first failure):
/// 30 s, 1 min, 2 min… up to an hour, plus up to 20 % jitter, and at least `retry_after`.
pub fn next_attempt(
    now: DateTime<Utc>,
    attempts: u32,
    retry_after: Option<Duration>,
) -> DateTime<Utc> {
    let exp = attempts.saturating_sub(1).min(16);
    let backoff = BASE.saturating_mul(1u32 << exp).min(CEILING);
    let jitter_ms = rand::rng().random_range(0..=backoff.as_millis() / 5);
    let jittered = backoff + Duration::from_millis(u64::try_from(jitter_ms).unwrap_or(0));
    let wait = jittered.max(retry_after.unwrap_or(Duration::ZERO));
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_the_channels_wait() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let first = next_attempt(now, 1, None) - now;
        assert!(first >= chrono::Duration::seconds(30) && first <= chrono::Duration::seconds(36));
        let third = next_attempt(now, 3, None) - now;
        assert!(third >= chrono::Duration::minutes(2));
        let late = next_attempt(now, 30, None) - now;
        assert!(
            late <= chrono::Duration::minutes(72),
            "capped at an hour plus jitter"
        );
        let asked = next_attempt(now, 1, Some(Duration::from_secs(600))) - now;
        assert!(
            asked >= chrono::Duration::minutes(10),
            "Retry-After wins when longer"
        );
    }
}
