//! Pacing requests to a partner's published usage plan: one token bucket per operation.
//!
//! SP-API limits each operation separately (rate in requests per second, burst); ShipBob
//! limits all calls together (150 a minute). Waiting a little before a request is cheaper than
//! a 429; a wait longer than the caller's `max_pace` comes back as `Throttled` so the outbox
//! schedules the retry instead of holding a worker.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::connector::ConnectorError;

/// A rate (requests per second) and a burst (requests that may go at once).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsagePlan {
    pub rate: f64,
    pub burst: f64,
}

impl UsagePlan {
    pub const fn new(rate: f64, burst: f64) -> Self {
        Self { rate, burst }
    }
}

/// One operation's bucket: starts full, refills at `rate`, holds at most `burst`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenBucket {
    plan: UsagePlan,
    tokens: f64,
    at: Instant,
}

impl TokenBucket {
    pub fn new(plan: UsagePlan, now: Instant) -> Self {
        Self {
            plan,
            tokens: plan.burst,
            at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.plan.rate).min(self.plan.burst.max(1.0));
        self.at = now;
    }

    /// Takes a token and returns zero, or takes nothing and returns how long until one is there.
    pub fn take(&mut self, now: Instant) -> Duration {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Duration::ZERO;
        }
        if self.plan.rate <= 0.0 {
            return Duration::MAX;
        }
        Duration::from_secs_f64((1.0 - self.tokens) / self.plan.rate)
    }

    /// The partner said 429: whatever we thought was left, nothing is.
    pub fn drain(&mut self, now: Instant) {
        self.refill(now);
        self.tokens = 0.0;
    }

    /// The partner told us the rate it applies (SP-API's `x-amzn-RateLimit-Limit`).
    pub fn set_rate(&mut self, rate: f64, now: Instant) {
        if rate.is_finite() && rate > 0.0 {
            self.refill(now);
            self.plan.rate = rate;
        }
    }

    /// How long until the next token, without taking one.
    pub fn wait(&self, now: Instant) -> Duration {
        let mut copy = *self;
        copy.take(now)
    }
}

/// Buckets by operation name, created on first use from the operation's plan.
pub(crate) struct RateLimits {
    buckets: Mutex<HashMap<&'static str, TokenBucket>>,
    max_pace: Duration,
}

impl RateLimits {
    pub fn new(max_pace: Duration) -> Self {
        Self {
            buckets: Mutex::new(HashMap::new()),
            max_pace,
        }
    }

    fn with<T>(
        &self,
        op: &'static str,
        plan: UsagePlan,
        f: impl FnOnce(&mut TokenBucket) -> T,
    ) -> T {
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(buckets
            .entry(op)
            .or_insert_with(|| TokenBucket::new(plan, now)))
    }

    /// Waits for a token of `op` (up to `max_pace`), or says how long the caller should.
    pub async fn acquire(&self, op: &'static str, plan: UsagePlan) -> Result<(), ConnectorError> {
        loop {
            let wait = self.with(op, plan, |b| b.take(Instant::now()));
            if wait.is_zero() {
                return Ok(());
            }
            if wait > self.max_pace {
                return Err(ConnectorError::Throttled {
                    retry_after: Some(wait),
                });
            }
            tracing::debug!(
                op,
                wait_ms = wait.as_millis(),
                "pacing to the partner's rate limit"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// After a 429: empties `op`'s bucket and returns the wait until its next token.
    pub fn throttled(&self, op: &'static str, plan: UsagePlan) -> Duration {
        self.with(op, plan, |b| {
            let now = Instant::now();
            b.drain(now);
            b.wait(now)
        })
    }

    pub fn observe_rate(&self, op: &'static str, plan: UsagePlan, rate: f64) {
        self.with(op, plan, |b| b.set_rate(rate, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_bucket_lets_a_burst_through_then_paces_at_the_rate() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(UsagePlan::new(2.0, 3.0), t0);
        for _ in 0..3 {
            assert_eq!(b.take(t0), Duration::ZERO);
        }
        assert_eq!(
            b.take(t0),
            Duration::from_millis(500),
            "one token every 1/rate"
        );
        assert_eq!(b.take(t0 + Duration::from_millis(500)), Duration::ZERO);
        assert_eq!(
            b.take(t0 + Duration::from_secs(60)),
            Duration::ZERO,
            "a long pause refills"
        );
        for _ in 0..2 {
            assert_eq!(b.take(t0 + Duration::from_secs(60)), Duration::ZERO);
        }
        assert!(
            !b.take(t0 + Duration::from_secs(60)).is_zero(),
            "but never beyond the burst"
        );
    }

    #[test]
    fn a_429_empties_the_bucket_and_a_reported_rate_replaces_the_documented_one() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(UsagePlan::new(2.0, 30.0), t0);
        b.drain(t0);
        assert_eq!(b.wait(t0), Duration::from_millis(500));
        b.set_rate(0.5, t0);
        assert_eq!(b.wait(t0), Duration::from_secs(2));
        b.set_rate(f64::NAN, t0);
        assert_eq!(b.wait(t0), Duration::from_secs(2), "nonsense is ignored");
    }

    #[tokio::test]
    async fn short_waits_are_slept_and_long_ones_handed_back_as_throttled() {
        let plan = UsagePlan::new(20.0, 1.0);
        let limits = RateLimits::new(Duration::from_secs(1));
        limits.acquire("op", plan).await.unwrap();
        let started = Instant::now();
        limits.acquire("op", plan).await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_millis(40),
            "waited ~50 ms"
        );

        let strict = RateLimits::new(Duration::from_millis(10));
        let slow = UsagePlan::new(0.5, 1.0);
        strict.acquire("op", slow).await.unwrap();
        let err = strict.acquire("op", slow).await.unwrap_err();
        assert!(err.is_retryable());
        assert!(err.retry_after().unwrap() > Duration::from_secs(1));
        strict.acquire("other", slow).await.unwrap();
    }
}
