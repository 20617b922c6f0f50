//! The WooCommerce sync cursor.
//!
//! WooCommerce pages by number (`page=N`) over `modified_after`, ordered by modification time.
//! Plain page numbers lose orders: when an order on an earlier page is modified during the sync
//! it moves to the end, everything shifts one place forward, and the next page starts one order
//! too late. So after each page the query restarts from the page's newest modification time
//! (one second earlier, because WooCommerce compares whole seconds and `modified_after` is
//! exclusive), and page numbers are used only while a page makes no progress (a whole page
//! modified in the same second). At the end the cursor falls back by the configured overlap.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::connector::ConnectorError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    /// Exclusive lower bound sent as `modified_after`.
    pub since: DateTime<Utc>,
    #[serde(default = "first")]
    pub page: u32,
}

fn first() -> u32 {
    1
}

impl Cursor {
    pub fn start(since: DateTime<Utc>) -> Self {
        Self { since, page: 1 }
    }

    pub fn decode(text: &str) -> Result<Self, ConnectorError> {
        match serde_json::from_str::<Cursor>(text) {
            Ok(c) if c.page >= 1 => Ok(c),
            _ => Err(ConnectorError::BadCursor(text.to_owned())),
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The cursor after a page whose newest modification is `newest`, and whether more pages
    /// are ready now (`total_pages` as WooCommerce reported it for this query).
    pub fn next(
        &self,
        newest: Option<DateTime<Utc>>,
        total_pages: u32,
        overlap: Duration,
    ) -> (Cursor, bool) {
        let second = Duration::seconds(1);
        if self.page < total_pages {
            let restart = newest.map(|n| n - second).filter(|s| *s > self.since);
            return match restart {
                Some(since) => (Cursor::start(since), true),
                None => (
                    Cursor {
                        since: self.since,
                        page: self.page + 1,
                    },
                    true,
                ),
            };
        }
        let back = overlap.max(second);
        let since = newest.map_or(self.since, |n| (n - back).max(self.since));
        (Cursor::start(since), false)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
    }

    #[test]
    fn a_full_page_restarts_from_its_newest_change_so_shifting_pages_lose_nothing() {
        let (next, more) = Cursor::start(t(0)).next(Some(t(50)), 3, Duration::zero());
        assert!(more);
        assert_eq!(next, Cursor::start(t(49)));
    }

    #[test]
    fn a_page_all_in_one_second_moves_by_page_number_instead() {
        let (next, more) = Cursor::start(t(0)).next(Some(t(1)), 3, Duration::zero());
        assert!(more);
        assert_eq!(
            next,
            Cursor {
                since: t(0),
                page: 2
            }
        );
    }

    #[test]
    fn the_last_page_falls_back_by_the_overlap_but_not_behind_the_start() {
        let (end, more) = Cursor::start(t(0)).next(Some(t(100)), 1, Duration::seconds(30));
        assert!(!more);
        assert_eq!(end, Cursor::start(t(70)));
        let (end, _) = Cursor::start(t(0)).next(None, 0, Duration::seconds(30));
        assert_eq!(end, Cursor::start(t(0)));
    }

    #[test]
    fn foreign_cursors_are_refused() {
        assert!(Cursor::decode("nope").is_err());
        assert!(Cursor::decode(r#"{"since":"2026-01-01T00:00:00Z","page":0}"#).is_err());
        let c = Cursor {
            since: t(3),
            page: 4,
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
    }
}
