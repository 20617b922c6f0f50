//! Shopify's cost bucket as last reported: how long until a request of a given cost fits.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    pub maximum: f64,
    pub available: f64,
    /// Points restored per second.
    pub restore_rate: f64,
    /// When Shopify reported it.
    pub at: Instant,
}

impl Bucket {
    /// Zero when `cost` fits now; otherwise the time the bucket needs to refill enough. A cost
    /// above the bucket's size can never fit: waiting for a full bucket is the best there is.
    pub fn wait_for(&self, cost: f64, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        let available = (self.available + elapsed * self.restore_rate).min(self.maximum);
        let needed = cost.min(self.maximum) - available;
        if needed <= 0.0 || self.restore_rate <= 0.0 || !needed.is_finite() {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(needed / self.restore_rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_is_the_missing_points_over_the_restore_rate() {
        let at = Instant::now();
        let b = Bucket {
            maximum: 2000.0,
            available: 112.0,
            restore_rate: 100.0,
            at,
        };
        assert_eq!(b.wait_for(752.0, at), Duration::from_secs_f64(6.4));
        assert_eq!(b.wait_for(100.0, at), Duration::ZERO);
        assert_eq!(
            b.wait_for(752.0, at + Duration::from_secs(7)),
            Duration::ZERO,
            "the bucket refills while we wait"
        );
        assert_eq!(
            b.wait_for(5000.0, at),
            Duration::from_secs_f64(18.88),
            "a cost above the maximum waits for a full bucket"
        );
    }
}
