//! The queue: every filter narrows to exactly the right orders, sorts are total and stable,
//! keyset pages walk every order exactly once, and tab counts agree with the lists.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use waybill_core::query::{OrderFilter, OrderQuery, SortKey};
use waybill_core::{ChannelId, HoldReason, LocationId, Order, OrderId, OrderStatus};
use waybill_store::{Store, StoreError};

use common::*;

/// A small, varied queue built by hand.
struct Varied {
    db: TestDb,
    shop: ChannelId,
    market: ChannelId,
    reno: LocationId,
    newark: LocationId,
    /// o[1]..o[8]; o[0] is unused so the numbers read naturally.
    o: Vec<Order>,
}

async fn varied() -> Varied {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let market = add_channel(&db.store, "Market").await;
    let reno = add_location(&db.store, "Reno").await;
    let newark = add_location(&db.store, "Newark").await;

    let mk = |ch: &ChannelId, n: u32, hours: i64| {
        let mut o = order(ch, &format!("{n}"), &format!("Customer {n}"));
        o.placed_at = t(hours);
        o.total = i64::from(n) * 1_000;
        o
    };
    let mut o1 = mk(&shop, 1, 1);
    o1.location_id = Some(reno.clone());
    o1.carrier = Some("UPS".into());
    o1.tags = vec!["vip".into()];
    o1.ship_by = Some(t(30));
    let mut o2 = held(mk(&shop, 2, 2), HoldReason::FraudRisk);
    o2.tags = vec!["vip".into(), "gift".into()];
    let o3 = held(mk(&market, 3, 3), HoldReason::AddressInvalid);
    let mut o4 = mk(&market, 4, 4);
    o4.status = OrderStatus::Shipped;
    o4.location_id = Some(newark.clone());
    o4.carrier = Some("DHL".into());
    o4.tags = vec!["gift".into()];
    o4.ship_by = Some(t(10));
    let mut o5 = mk(&shop, 5, 5);
    o5.status = OrderStatus::Cancelled;
    let mut o6 = mk(&market, 6, 6);
    o6.location_id = Some(reno.clone());
    o6.carrier = Some("DHL".into());
    let mut o7 = mk(&shop, 7, 7);
    o7.status = OrderStatus::AwaitingPayment;
    let o8 = held(mk(&shop, 8, 8), HoldReason::FraudRisk);
    let o = vec![o1.clone(), o1, o2, o3, o4, o5, o6, o7, o8];
    insert(&db.store, &o[1..]).await;
    Varied {
        db,
        shop,
        market,
        reno,
        newark,
        o,
    }
}

impl Varied {
    fn ids(&self, which: &[usize]) -> Vec<OrderId> {
        sorted(which.iter().map(|&i| self.o[i].id.clone()).collect())
    }

    async fn find(&self, filter: OrderFilter) -> Vec<OrderId> {
        sorted(ids(&self.db.store, filter).await)
    }
}

#[tokio::test]
async fn each_queue_filter_narrows_to_exactly_the_matching_orders() {
    let v = varied().await;
    let f = OrderFilter::default;
    let cases: Vec<(&str, OrderFilter, Vec<usize>)> = vec![
        ("no filter", f(), vec![1, 2, 3, 4, 5, 6, 7, 8]),
        (
            "status ready",
            OrderFilter {
                status: Some(OrderStatus::Ready),
                ..f()
            },
            vec![1, 6],
        ),
        (
            "status on hold",
            OrderFilter {
                status: Some(OrderStatus::OnHold),
                ..f()
            },
            vec![2, 3, 8],
        ),
        (
            "status partially shipped (none)",
            OrderFilter {
                status: Some(OrderStatus::PartiallyShipped),
                ..f()
            },
            vec![],
        ),
        (
            "channel",
            OrderFilter {
                channel_id: Some(v.market.clone()),
                ..f()
            },
            vec![3, 4, 6],
        ),
        (
            "location",
            OrderFilter {
                location_id: Some(v.reno.clone()),
                ..f()
            },
            vec![1, 6],
        ),
        (
            "hold reason",
            OrderFilter {
                hold_reason: Some(HoldReason::FraudRisk),
                ..f()
            },
            vec![2, 8],
        ),
        (
            "tag",
            OrderFilter {
                tag: Some("gift".into()),
                ..f()
            },
            vec![2, 4],
        ),
        (
            "tag typed with other case and spaces",
            OrderFilter {
                tag: Some("  VIP ".into()),
                ..f()
            },
            vec![1, 2],
        ),
        (
            "carrier",
            OrderFilter {
                carrier: Some("DHL".into()),
                ..f()
            },
            vec![4, 6],
        ),
        (
            "placed from (inclusive) to (exclusive)",
            OrderFilter {
                placed_from: Some(t(2)),
                placed_to: Some(t(5)),
                ..f()
            },
            vec![2, 3, 4],
        ),
        (
            "placed from only",
            OrderFilter {
                placed_from: Some(t(7)),
                ..f()
            },
            vec![7, 8],
        ),
        (
            "placed to only",
            OrderFilter {
                placed_to: Some(t(2)),
                ..f()
            },
            vec![1],
        ),
        (
            "status + channel",
            OrderFilter {
                status: Some(OrderStatus::OnHold),
                channel_id: Some(v.shop.clone()),
                ..f()
            },
            vec![2, 8],
        ),
        (
            "carrier + location + status",
            OrderFilter {
                status: Some(OrderStatus::Ready),
                carrier: Some("DHL".into()),
                location_id: Some(v.reno.clone()),
                ..f()
            },
            vec![6],
        ),
        (
            "tag + hold reason + date",
            OrderFilter {
                tag: Some("vip".into()),
                hold_reason: Some(HoldReason::FraudRisk),
                placed_from: Some(t(2)),
                ..f()
            },
            vec![2],
        ),
        (
            "location with nothing",
            OrderFilter {
                location_id: Some(v.newark.clone()),
                status: Some(OrderStatus::Ready),
                ..f()
            },
            vec![],
        ),
        (
            "unknown tag",
            OrderFilter {
                tag: Some("nope".into()),
                ..f()
            },
            vec![],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(
            v.find(filter.clone()).await,
            v.ids(&expected),
            "filter `{name}` must find exactly orders {expected:?}"
        );
        // The tab counts under the same filter agree with the list.
        let counts = v.db.store.tab_counts(&filter).await.unwrap();
        let mut per_status = BTreeMap::new();
        for &i in &expected {
            *per_status.entry(v.o[i].status).or_insert(0u32) += 1;
        }
        if filter.status.is_none() {
            for c in counts {
                assert_eq!(
                    c.count,
                    per_status.get(&c.status).copied().unwrap_or(0),
                    "filter `{name}`: the {} tab count must match the list",
                    c.status
                );
            }
        }
    }
}

#[tokio::test]
async fn a_tag_offered_by_the_filter_picker_finds_its_orders() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let mut o = order(&shop, "1", "Ada Lovelace");
    o.tags = vec!["Wholesale".into()];
    insert(&db.store, std::slice::from_ref(&o)).await;

    let (_, tags) = db.store.carriers_and_tags().await.unwrap();
    assert_eq!(tags.len(), 1);
    for tag in tags {
        let found = ids(
            &db.store,
            OrderFilter {
                tag: Some(tag.clone()),
                ..OrderFilter::default()
            },
        )
        .await;
        assert_eq!(
            found,
            vec![o.id.clone()],
            "the picker offered `{tag}`: choosing it must find the order tagged with it"
        );
    }
}

/// ~100 orders with many equal placed dates and totals, some negative totals and a quarter
/// without a ship-by date, spread over statuses and two channels. Inserted in this order, so
/// insertion order is the tie-breaker (seq).
async fn tied() -> (TestDb, Vec<Order>) {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let market = add_channel(&db.store, "Market").await;
    let statuses = [
        OrderStatus::Ready,
        OrderStatus::OnHold,
        OrderStatus::Shipped,
        OrderStatus::Ready,
        OrderStatus::Cancelled,
    ];
    let orders: Vec<Order> = (0..103i64)
        .map(|i| {
            let ch = if i % 3 == 0 { &market } else { &shop };
            let mut o = order(ch, &format!("x{i}"), &format!("Buyer {i}"));
            o.placed_at = t((i * 7) % 13);
            o.total = ((i * 37) % 11 - 2) * 100;
            o.ship_by = (i % 4 != 0).then(|| t(50 + (i % 9)));
            o.status = statuses[(i % 5) as usize];
            if i % 2 == 1 {
                o.tags = vec!["odd".into()];
            }
            if o.status == OrderStatus::OnHold {
                o = held(o, HoldReason::ManualReview);
            }
            o
        })
        .collect();
    // In two transactions, so ties span insert batches too.
    insert(&db.store, &orders[..60]).await;
    insert(&db.store, &orders[60..]).await;
    (db, orders)
}

const NO_SHIP_BY: i64 = i64::MAX;

fn key(o: &Order, sort: SortKey) -> i64 {
    let ms = |d: DateTime<Utc>| d.timestamp_millis();
    match sort {
        SortKey::PlacedAt => ms(o.placed_at),
        SortKey::ShipBy => o.ship_by.map_or(NO_SHIP_BY, ms),
        SortKey::Total => o.total,
    }
}

/// The order the queue must show: by the sort value, ties by insertion order; descending is
/// the exact reverse.
fn expected_order(
    orders: &[Order],
    keep: impl Fn(&Order) -> bool,
    sort: SortKey,
    descending: bool,
) -> Vec<OrderId> {
    let mut v: Vec<(i64, usize, OrderId)> = orders
        .iter()
        .enumerate()
        .filter(|(_, o)| keep(o))
        .map(|(i, o)| (key(o, sort), i, o.id.clone()))
        .collect();
    v.sort();
    if descending {
        v.reverse();
    }
    v.into_iter().map(|(_, _, id)| id).collect()
}

const SORTS: [SortKey; 3] = [SortKey::PlacedAt, SortKey::ShipBy, SortKey::Total];

#[tokio::test]
async fn every_sort_orders_by_its_value_with_ties_broken_by_arrival() {
    let (db, orders) = tied().await;
    for sort in SORTS {
        for descending in [false, true] {
            let page = db
                .store
                .list_orders(&OrderQuery {
                    sort,
                    descending,
                    limit: 500,
                    ..OrderQuery::default()
                })
                .await
                .unwrap();
            assert!(page.next_cursor.is_none(), "everything fits in one page");
            let got: Vec<OrderId> = page.items.into_iter().map(|s| s.id).collect();
            assert_eq!(
                got,
                expected_order(&orders, |_| true, sort, descending),
                "sort {sort:?} descending={descending}"
            );
        }
    }
}

#[tokio::test]
async fn orders_without_a_ship_by_date_sort_last_ascending_and_first_descending() {
    let (db, orders) = tied().await;
    let without = orders.iter().filter(|o| o.ship_by.is_none()).count();
    assert!(without > 0);
    let asc = walk(
        &db.store,
        &OrderFilter::default(),
        SortKey::ShipBy,
        false,
        7,
    )
    .await;
    let (dated, undated) = asc.split_at(asc.len() - without);
    assert!(undated.iter().all(|s| s.ship_by.is_none()), "undated last");
    assert!(dated.iter().all(|s| s.ship_by.is_some()));
    assert!(
        dated.windows(2).all(|w| w[0].ship_by <= w[1].ship_by),
        "earliest ship-by first"
    );
    let desc = walk(&db.store, &OrderFilter::default(), SortKey::ShipBy, true, 7).await;
    assert!(
        desc[..without].iter().all(|s| s.ship_by.is_none()),
        "undated first"
    );
}

#[tokio::test]
async fn keyset_pages_walk_every_order_exactly_once_for_every_sort_and_direction() {
    let (db, orders) = tied().await;
    let ready_in_one_channel = OrderFilter {
        status: Some(OrderStatus::Ready),
        channel_id: Some(orders[1].channel_id.clone()),
        ..OrderFilter::default()
    };
    for sort in SORTS {
        for descending in [false, true] {
            for page_size in [1, 7, 100, 103, 500] {
                let walked: Vec<OrderId> = walk(
                    &db.store,
                    &OrderFilter::default(),
                    sort,
                    descending,
                    page_size,
                )
                .await
                .into_iter()
                .map(|s| s.id)
                .collect();
                assert_eq!(
                    walked,
                    expected_order(&orders, |_| true, sort, descending),
                    "pages of {page_size}, sort {sort:?}, descending={descending}: \
                     no gap, no duplicate, same order as one big list"
                );
            }
            let walked: Vec<OrderId> = walk(&db.store, &ready_in_one_channel, sort, descending, 7)
                .await
                .into_iter()
                .map(|s| s.id)
                .collect();
            let keep =
                |o: &Order| o.status == OrderStatus::Ready && o.channel_id == orders[1].channel_id;
            assert_eq!(
                walked,
                expected_order(&orders, keep, sort, descending),
                "filtered pages, sort {sort:?}, descending={descending}"
            );
        }
    }
}

#[tokio::test]
async fn the_last_page_has_no_cursor_and_an_exact_fit_does_not_offer_an_empty_page() {
    let (db, _) = tied().await;
    let q = |after: Option<String>| OrderQuery {
        limit: 103,
        after,
        ..OrderQuery::default()
    };
    let page = db.store.list_orders(&q(None)).await.unwrap();
    assert_eq!(page.items.len(), 103);
    assert_eq!(
        page.next_cursor, None,
        "103 orders in pages of 103: one page"
    );
    let page = db
        .store
        .list_orders(&OrderQuery {
            limit: 102,
            ..q(None)
        })
        .await
        .unwrap();
    let next = db.store.list_orders(&q(page.next_cursor)).await.unwrap();
    assert_eq!(next.items.len(), 1);
    assert_eq!(next.next_cursor, None);
}

#[tokio::test]
async fn a_garbage_cursor_is_refused_as_a_bad_cursor() {
    let (db, _) = tied().await;
    for cursor in [
        "", "garbage", "12", "a.b", "1.x", "x.1", "1.2.3", "..", "１.２",
    ] {
        let err = db
            .store
            .list_orders(&OrderQuery {
                after: Some(cursor.into()),
                limit: 10,
                ..OrderQuery::default()
            })
            .await
            .err()
            .unwrap_or_else(|| panic!("cursor `{cursor}` must be refused"));
        assert!(
            matches!(err, StoreError::BadCursor),
            "cursor `{cursor}`: expected BadCursor, got {err:?}"
        );
    }
}

#[tokio::test]
async fn a_page_never_exceeds_the_maximum_size() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let orders: Vec<Order> = (0..620)
        .map(|i| order(&shop, &i.to_string(), "B"))
        .collect();
    insert(&db.store, &orders).await;
    for limit in [0, 501, u32::MAX] {
        let page = db
            .store
            .list_orders(&OrderQuery {
                limit,
                ..OrderQuery::default()
            })
            .await
            .unwrap();
        assert!(
            !page.items.is_empty() && page.items.len() <= waybill_core::query::MAX_PAGE as usize,
            "limit {limit} gives between 1 and MAX_PAGE orders, got {}",
            page.items.len()
        );
    }
}

/// Counts orders per status by listing them (the slow, obviously right way).
async fn counted_by_listing(store: &Store, filter: &OrderFilter) -> BTreeMap<OrderStatus, u32> {
    let mut out: BTreeMap<OrderStatus, u32> = OrderStatus::ALL.iter().map(|&s| (s, 0)).collect();
    for s in walk(store, filter, SortKey::PlacedAt, false, 500).await {
        *out.get_mut(&s.status).unwrap() += 1;
    }
    out
}

async fn tab_map(store: &Store, filter: &OrderFilter) -> BTreeMap<OrderStatus, u32> {
    let counts = store.tab_counts(filter).await.unwrap();
    assert_eq!(counts.len(), 7, "one count per status, always");
    counts.into_iter().map(|c| (c.status, c.count)).collect()
}

#[tokio::test]
async fn tab_counts_stay_exact_through_inserts_status_changes_and_updates() {
    let (db, orders) = tied().await;
    let all = OrderFilter::default();
    assert_eq!(
        tab_map(&db.store, &all).await,
        counted_by_listing(&db.store, &all).await
    );
    let mut manual: BTreeMap<OrderStatus, u32> = OrderStatus::ALL.iter().map(|&s| (s, 0)).collect();
    for o in &orders {
        *manual.get_mut(&o.status).unwrap() += 1;
    }
    assert_eq!(
        tab_map(&db.store, &all).await,
        manual,
        "counts after inserts"
    );

    // Status changes, an update that keeps the status, and a change rolled back.
    let mut tx = db.store.begin().await.unwrap();
    for (i, to) in [
        (0, OrderStatus::Shipped),
        (1, OrderStatus::Ready),
        (2, OrderStatus::Shipped),
        (3, OrderStatus::HandedOff),
        (5, OrderStatus::PartiallyShipped),
    ] {
        let mut s = tx.order(&orders[i].id).await.unwrap().unwrap();
        s.order.status = to;
        s.order.hold = None;
        tx.update_order(&s).await.unwrap();
        let s = tx.order(&orders[i].id).await.unwrap().unwrap();
        let mut again = s.clone();
        again.order.internal_notes.push("touched".into());
        tx.update_order(&again).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    let mut s = tx.order(&orders[7].id).await.unwrap().unwrap();
    s.order.status = OrderStatus::AwaitingPayment;
    tx.update_order(&s).await.unwrap();
    drop(tx);

    let counted = counted_by_listing(&db.store, &all).await;
    assert_eq!(tab_map(&db.store, &all).await, counted);
    for channel in db.store.channels().await.unwrap() {
        let one = OrderFilter {
            channel_id: Some(channel.id),
            ..OrderFilter::default()
        };
        assert_eq!(
            tab_map(&db.store, &one).await,
            counted_by_listing(&db.store, &one).await,
            "per-channel counts follow inserts and status changes"
        );
    }
    assert_eq!(counted[&OrderStatus::HandedOff], 1);
    assert_eq!(counted[&OrderStatus::PartiallyShipped], 1);
    assert_eq!(
        counted[&OrderStatus::AwaitingPayment],
        0,
        "the rollback counted nothing"
    );
    assert_eq!(db.store.order_count().await.unwrap(), 103);
}

#[tokio::test]
async fn filtered_tab_counts_equal_the_listed_totals() {
    let (db, orders) = tied().await;
    let channel = orders[0].channel_id.clone();
    let filters = [
        OrderFilter {
            channel_id: Some(channel.clone()),
            ..OrderFilter::default()
        },
        OrderFilter {
            search: Some("buyer 1".into()),
            ..OrderFilter::default()
        },
        OrderFilter {
            channel_id: Some(channel),
            search: Some("buyer".into()),
            placed_from: Some(t(3)),
            ..OrderFilter::default()
        },
        OrderFilter {
            hold_reason: Some(HoldReason::ManualReview),
            ..OrderFilter::default()
        },
        OrderFilter {
            hold_reason: Some(HoldReason::ManualReview),
            search: Some("buyer".into()),
            ..OrderFilter::default()
        },
        OrderFilter {
            tag: Some("odd".into()),
            search: Some("buyer".into()),
            ..OrderFilter::default()
        },
        // A status in the filter is ignored by the counts: every tab is counted.
        OrderFilter {
            status: Some(OrderStatus::Shipped),
            search: Some("buyer 2".into()),
            ..OrderFilter::default()
        },
        // Nothing searchable: the same as no search, for the list and the counts.
        OrderFilter {
            search: Some(" * - ".into()),
            ..OrderFilter::default()
        },
    ];
    for filter in filters {
        let counts = tab_map(&db.store, &filter).await;
        let listed = counted_by_listing(
            &db.store,
            &OrderFilter {
                status: None,
                ..filter.clone()
            },
        )
        .await;
        assert_eq!(counts, listed, "filter {filter:?}");
        for status in OrderStatus::ALL {
            let in_tab = walk(
                &db.store,
                &OrderFilter {
                    status: Some(status),
                    ..filter.clone()
                },
                SortKey::Total,
                true,
                7,
            )
            .await
            .len() as u32;
            assert_eq!(
                counts[&status], in_tab,
                "filter {filter:?}: the {status} tab's count equals its list"
            );
        }
    }
}
