//! The Shopify sync cursor: where the last page ended, and what the next request asks for.
//!
//! Orders are read oldest change first with `updated_at:>='since'`. Within one query the
//! GraphQL `endCursor` moves on; after [`ShopifyConfig::restart_after`] objects (Shopify caps how
//! far a cursor may page) the query restarts from the newest `updatedAt` seen, which `>=` keeps
//! inclusive so nothing at that instant is skipped. At the end the cursor falls back by the
//! configured overlap, because Shopify's search index can show an order a moment after its
//! `updatedAt`: re-reading a short window costs little, missing an order costs a shipment.
//!
//! [`ShopifyConfig::restart_after`]: super::ShopifyConfig::restart_after

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::connector::ConnectorError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub since: DateTime<Utc>,
    /// The GraphQL cursor within the current query, if it is mid-way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Objects read in the current query.
    #[serde(default)]
    pub seen: u32,
}

impl Cursor {
    pub fn start(since: DateTime<Utc>) -> Self {
        Self {
            since,
            after: None,
            seen: 0,
        }
    }

    pub fn decode(text: &str) -> Result<Self, ConnectorError> {
        serde_json::from_str(text).map_err(|_| ConnectorError::BadCursor(text.to_owned()))
    }

    pub fn encode(&self) -> String {
        // A struct of a date, an optional string and a number always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The search filter for this query.
    pub fn search(&self) -> String {
        format!(
            "updated_at:>='{}'",
            self.since.to_rfc3339_opts(SecondsFormat::Secs, true)
        )
    }

    /// The cursor after `page`, and whether more pages are ready now.
    pub fn next(&self, page: PageEnd, limits: &Limits) -> (Cursor, bool) {
        let PageEnd {
            count,
            newest,
            has_next_page,
            end_cursor,
        } = page;
        let seen = self.seen.saturating_add(count);
        let newest = newest.unwrap_or(self.since).max(self.since);
        if has_next_page {
            let within_limit = seen.saturating_add(limits.page_size) <= limits.restart_after;
            // Restarting only helps if it moves forward; if a whole query's worth of orders
            // changed in the same second, keep paging instead of looping.
            if within_limit || newest <= self.since {
                let next = Cursor {
                    since: self.since,
                    after: end_cursor,
                    seen,
                };
                return (next, true);
            }
            return (Cursor::start(newest), true);
        }
        let since = (newest - limits.overlap).max(self.since);
        (Cursor::start(since), false)
    }
}

/// What a page of orders said about where it ended.
#[derive(Debug, Clone)]
pub(crate) struct PageEnd {
    pub count: u32,
    /// The newest `updatedAt` on the page.
    pub newest: Option<DateTime<Utc>>,
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

/// The connector's paging settings.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub page_size: u32,
    pub restart_after: u32,
    pub overlap: Duration,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
    }

    fn page(count: u32, newest: Option<i64>, more: Option<&str>) -> PageEnd {
        PageEnd {
            count,
            newest: newest.map(t),
            has_next_page: more.is_some(),
            end_cursor: more.map(str::to_owned),
        }
    }

    fn limits(restart_after: u32, overlap_s: i64) -> Limits {
        Limits {
            page_size: 250,
            restart_after,
            overlap: Duration::seconds(overlap_s),
        }
    }

    #[test]
    fn paging_follows_the_graphql_cursor_until_the_object_limit_then_restarts_from_the_newest_change()
     {
        let l = limits(600, 0);
        let c = Cursor::start(t(0));
        let (c1, more) = c.next(page(250, Some(10), Some("e1")), &l);
        assert!(more);
        assert_eq!(c1.after.as_deref(), Some("e1"));
        assert_eq!(c1.since, t(0));
        let (c2, more) = c1.next(page(250, Some(20), Some("e2")), &l);
        assert!(more);
        assert_eq!(
            c2,
            Cursor::start(t(20)),
            "500 + 250 would pass 600: restart"
        );
    }

    #[test]
    fn a_restart_that_would_not_move_forward_keeps_paging() {
        let c = Cursor::start(t(0));
        let (next, _) = c.next(page(250, Some(0), Some("e1")), &limits(250, 0));
        assert_eq!(next.after.as_deref(), Some("e1"));
    }

    #[test]
    fn the_last_page_falls_back_by_the_overlap_but_never_behind_the_start() {
        let l = limits(25_000, 30);
        let c = Cursor::start(t(0));
        let (end, more) = c.next(page(3, Some(100), None), &l);
        assert!(!more);
        assert_eq!(end, Cursor::start(t(70)));
        let (end, _) = c.next(page(1, Some(10), None), &l);
        assert_eq!(end.since, t(0));
        let (empty, _) = c.next(page(0, None, None), &l);
        assert_eq!(empty.since, t(0));
    }

    #[test]
    fn a_cursor_round_trips_and_a_foreign_one_is_refused() {
        let c = Cursor {
            since: t(5),
            after: Some("abc".into()),
            seen: 7,
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(matches!(
            Cursor::decode("42"),
            Err(ConnectorError::BadCursor(_))
        ));
        assert_eq!(
            c.search(),
            format!("updated_at:>='{}'", "2026-05-28T20:26:45Z")
        );
    }
}
