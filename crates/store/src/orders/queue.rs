//! Queue reads: filtered, sorted, keyset-paginated pages and per-status counts.
//!
//! Keyset pagination (`WHERE (sort, seq) < (last_sort, last_seq)`) keeps page N as fast as
//! page 1; every (status, sort) pair has an index, so a first page reads ~limit rows.

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::OrderStatus;
use waybill_core::query::{
    MAX_PAGE, OrderFilter, OrderPage, OrderQuery, OrderSummary, SortKey, TabCount,
};

use super::search::fts_query;
use crate::codec::{enum_from, enum_name, ms, time};
use crate::{Store, StoreError};

/// The sort expression, identical to the indexed expression so SQLite uses the index.
fn sort_expr(sort: SortKey) -> &'static str {
    match sort {
        SortKey::PlacedAt => "o.placed_at",
        SortKey::ShipBy => "ifnull(o.ship_by, 253402300799999)",
        SortKey::Total => "o.total",
    }
}

const SUMMARY_COLUMNS: &str = "o.seq, o.id, o.number, o.channel_id, o.status, o.customer_name, \
    o.ship_city, o.ship_country, o.item_count, o.total, o.currency, o.placed_at, o.ship_by, \
    o.location_id, o.carrier, o.service, o.hold_reason, o.tags";

/// Appends the filter's conditions (all but `status` when `with_status` is false).
fn push_filter(
    q: &mut QueryBuilder<'_, Sqlite>,
    f: &OrderFilter,
    with_status: bool,
) -> Result<(), StoreError> {
    if let Some(tag) = &f.tag {
        q.push(" JOIN order_tags t ON t.order_seq = o.seq AND t.tag = ")
            .push_bind(tag.trim().to_lowercase());
    }
    q.push(" WHERE 1 = 1");
    if let (true, Some(s)) = (with_status, f.status) {
        q.push(" AND o.status = ").push_bind(s.as_str());
    }
    if let Some(c) = &f.channel_id {
        q.push(" AND o.channel_id = ")
            .push_bind(c.as_str().to_owned());
    }
    if let Some(l) = &f.location_id {
        q.push(" AND o.location_id = ")
            .push_bind(l.as_str().to_owned());
    }
    if let Some(r) = &f.hold_reason {
        q.push(" AND o.hold_reason = ").push_bind(enum_name(r)?);
    }
    if let Some(c) = &f.carrier {
        q.push(" AND o.carrier = ").push_bind(c.clone());
    }
    if let Some(t) = f.placed_from {
        q.push(" AND o.placed_at >= ").push_bind(ms(t));
    }
    if let Some(t) = f.placed_to {
        q.push(" AND o.placed_at < ").push_bind(ms(t));
    }
    if let Some(fts) = f.search.as_deref().and_then(fts_query) {
        q.push(" AND o.search_key IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ")
            .push_bind(fts)
            .push(")");
    }
    Ok(())
}

/// True when only the status and channel (or nothing) narrow the query; destructured so a new filter
/// field cannot be forgotten here.
fn is_unfiltered(f: &OrderFilter) -> bool {
    let OrderFilter {
        status: _,
        channel_id: _,
        location_id,
        hold_reason,
        tag,
        carrier,
        placed_from,
        placed_to,
        search,
    } = f;
    location_id.is_none()
        && hold_reason.is_none()
        && tag.is_none()
        && carrier.is_none()
        && placed_from.is_none()
        && placed_to.is_none()
        && search.as_deref().and_then(fts_query).is_none()
}

fn sort_kind(sort: SortKey) -> &'static str {
    match sort {
        SortKey::PlacedAt => "placed",
        SortKey::ShipBy => "ship_by",
        SortKey::Total => "total",
    }
}

/// `kind.value.seq` → (value, seq), refusing a cursor made for another kind of page.
fn parse_cursor(c: &str, kind: &str) -> Result<(i64, i64), StoreError> {
    let rest = c
        .strip_prefix(kind)
        .and_then(|r| r.strip_prefix('.'))
        .ok_or(StoreError::BadCursor)?;
    let (v, s) = rest.rsplit_once('.').ok_or(StoreError::BadCursor)?;
    Ok((
        v.parse().map_err(|_| StoreError::BadCursor)?,
        s.parse().map_err(|_| StoreError::BadCursor)?,
    ))
}

fn summary(r: &sqlx::sqlite::SqliteRow) -> Result<OrderSummary, StoreError> {
    let id: String = r.try_get("id")?;
    let parse_err = |e: waybill_core::ids::IdParseError| StoreError::Decode(e.to_string());
    Ok(OrderSummary {
        id: id.parse().map_err(parse_err)?,
        number: r.try_get("number")?,
        channel_id: r
            .try_get::<String, _>("channel_id")?
            .parse()
            .map_err(parse_err)?,
        status: enum_from(&r.try_get::<String, _>("status")?)?,
        customer_name: r.try_get("customer_name")?,
        ship_city: r.try_get("ship_city")?,
        ship_country: r.try_get("ship_country")?,
        item_count: u32::try_from(r.try_get::<i64, _>("item_count")?).unwrap_or(u32::MAX),
        total: r.try_get("total")?,
        currency: r.try_get("currency")?,
        placed_at: time(r.try_get("placed_at")?)?,
        ship_by: r
            .try_get::<Option<i64>, _>("ship_by")?
            .map(time)
            .transpose()?,
        location_id: r
            .try_get::<Option<String>, _>("location_id")?
            .map(|s| s.parse())
            .transpose()
            .map_err(parse_err)?,
        carrier: r.try_get("carrier")?,
        service: r.try_get("service")?,
        hold_reason: r
            .try_get::<Option<String>, _>("hold_reason")?
            .map(|s| enum_from(&s))
            .transpose()?,
        tags: serde_json::from_str(&r.try_get::<String, _>("tags")?)?,
    })
}

impl Store {
    /// One page of the queue.
    pub async fn list_orders(&self, query: &OrderQuery) -> Result<OrderPage, StoreError> {
        let limit = query.limit.clamp(1, MAX_PAGE);
        let fts = query.filter.search.as_deref().and_then(fts_query);
        // A search sorted by date walks the search index in date order (its rowid is the
        // order's search_key) and stops after one page, instead of sorting every match (a common
        // surname matches tens of thousands).
        let search_driven = fts.is_some() && query.sort == SortKey::PlacedAt;
        // Sorting by the FTS rowid itself (not the equal o.search_key) lets FTS5 deliver rows in order.
        let sort = if search_driven {
            "orders_fts.rowid"
        } else {
            sort_expr(query.sort)
        };
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {SUMMARY_COLUMNS}, {sort} AS sort_value FROM "
        ));
        if let (true, Some(fts)) = (search_driven, &fts) {
            q.push("orders_fts JOIN orders o ON o.search_key = orders_fts.rowid");
            let without_search = OrderFilter {
                search: None,
                ..query.filter.clone()
            };
            push_filter(&mut q, &without_search, true)?;
            q.push(" AND orders_fts MATCH ").push_bind(fts.clone());
        } else {
            q.push("orders o");
            push_filter(&mut q, &query.filter, true)?;
        }
        let (cmp, dir) = if query.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        // A cursor names the order it pages through, so one from another sort is refused.
        let cursor_kind = if search_driven {
            "search"
        } else {
            sort_kind(query.sort)
        };
        if let Some(cursor) = &query.after {
            let (value, seq) = parse_cursor(cursor, cursor_kind)?;
            if search_driven {
                q.push(format!(" AND {sort} {cmp} ")).push_bind(value);
            } else {
                q.push(format!(" AND ({sort}, o.seq) {cmp} ("))
                    .push_bind(value)
                    .push(", ")
                    .push_bind(seq)
                    .push(")");
            }
        }
        // The rowid is unique: it needs no tie-breaker (and one would defeat FTS5's ordering).
        let tie_break = if search_driven {
            String::new()
        } else {
            format!(", o.seq {dir}")
        };
        q.push(format!(" ORDER BY {sort} {dir}{tie_break} LIMIT "))
            .push_bind(i64::from(limit) + 1);
        let rows = q.build().fetch_all(&self.pool).await?;
        let more = rows.len() > limit as usize;
        let rows = &rows[..rows.len().min(limit as usize)];
        let next_cursor = match rows.last() {
            Some(last) if more => Some(format!(
                "{cursor_kind}.{}.{}",
                last.try_get::<i64, _>("sort_value")?,
                last.try_get::<i64, _>("seq")?
            )),
            _ => None,
        };
        Ok(OrderPage {
            items: rows.iter().map(summary).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    /// How many orders each status tab holds under `filter` (its `status` is ignored).
    /// Unfiltered or by channel this reads the trigger-maintained counter table: O(1) at any
    /// size; other filters count matching rows through their index.
    pub async fn tab_counts(&self, filter: &OrderFilter) -> Result<Vec<TabCount>, StoreError> {
        let rows = if is_unfiltered(filter) {
            let mut q = QueryBuilder::<Sqlite>::new("SELECT status, sum(n) FROM status_counts");
            if let Some(c) = &filter.channel_id {
                q.push(" WHERE channel_id = ")
                    .push_bind(c.as_str().to_owned());
            }
            q.push(" GROUP BY status");
            q.build().fetch_all(&self.pool).await?
        } else {
            let mut q = QueryBuilder::<Sqlite>::new("SELECT o.status, count(*) AS n FROM orders o");
            push_filter(&mut q, filter, false)?;
            q.push(" GROUP BY o.status");
            q.build().fetch_all(&self.pool).await?
        };
        let mut counts: Vec<TabCount> = OrderStatus::ALL
            .iter()
            .map(|&status| TabCount { status, count: 0 })
            .collect();
        for r in rows {
            let status: OrderStatus = enum_from(&r.try_get::<String, _>(0)?)?;
            let n: i64 = r.try_get(1)?;
            if let Some(c) = counts.iter_mut().find(|c| c.status == status) {
                c.count = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        Ok(counts)
    }

    /// Distinct carriers and tags in use, for the filter pickers. A loose index scan: one
    /// index probe per distinct value instead of a scan of every order.
    pub async fn carriers_and_tags(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let carriers = sqlx::query_scalar(
            "WITH RECURSIVE c(v) AS (SELECT min(carrier) FROM orders WHERE carrier IS NOT NULL \
             UNION ALL SELECT (SELECT min(carrier) FROM orders WHERE carrier > c.v) FROM c WHERE c.v IS NOT NULL) \
             SELECT v FROM c WHERE v IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        let tags = sqlx::query_scalar(
            "WITH RECURSIVE t(v) AS (SELECT min(tag) FROM order_tags \
             UNION ALL SELECT (SELECT min(tag) FROM order_tags WHERE tag > t.v) FROM t WHERE t.v IS NOT NULL) \
             SELECT v FROM t WHERE v IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok((carriers, tags))
    }
}
