//! Full-text search over order number, customer name, email and SKUs: what a person types finds
//! what they mean, every word must match, and nothing they type can break the query.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use waybill_core::query::{OrderFilter, OrderQuery};
use waybill_core::{Customer, Order, OrderId};
use waybill_store::Store;

use common::*;

struct Shop {
    db: TestDb,
    ada: Order,
    grace: Order,
    alan: Order,
    jurgen: Order,
}

fn customer(name: &str, email: &str) -> Customer {
    Customer {
        name: name.into(),
        email: Some(email.into()),
        phone: None,
    }
}

async fn shop() -> Shop {
    let db = fresh().await;
    let ch = add_channel(&db.store, "Shop").await;
    let mut ada = order(&ch, "1042", "x");
    ada.number = "#1042".into();
    ada.customer = customer("Ada Lovelace", "ada@analytical.example");
    ada.lines = vec![line("MUG-BLK-1", 1, 1_500)];
    let mut grace = order(&ch, "2001", "x");
    grace.number = "#2001".into();
    grace.customer = customer("Grace Hopper", "grace@navy.example");
    grace.lines = vec![line("TEE-RED-L", 2, 2_000)];
    let mut alan = order(&ch, "3003", "x");
    alan.number = "#3003".into();
    alan.customer = customer("Alan Turing", "alan@bletchley.example");
    alan.lines = vec![line("MUG-WHT-2", 1, 1_500), line("TEE-RED-L", 1, 2_000)];
    let mut jurgen = order(&ch, "4004", "x");
    jurgen.number = "#4004".into();
    jurgen.customer = customer("Jürgen Müller", "jm@example.de");
    jurgen.lines = vec![line("CAP-GRN", 1, 900)];
    insert(
        &db.store,
        &[ada.clone(), grace.clone(), alan.clone(), jurgen.clone()],
    )
    .await;
    Shop {
        db,
        ada,
        grace,
        alan,
        jurgen,
    }
}

async fn search(store: &Store, text: &str) -> Vec<OrderId> {
    sorted(
        ids(
            store,
            OrderFilter {
                search: Some(text.into()),
                ..OrderFilter::default()
            },
        )
        .await,
    )
}

fn of(orders: &[&Order]) -> Vec<OrderId> {
    sorted(orders.iter().map(|o| o.id.clone()).collect())
}

#[tokio::test]
async fn search_finds_orders_by_number_name_email_and_sku() {
    let s = shop().await;
    let st = &s.db.store;
    let cases: Vec<(&str, Vec<&Order>)> = vec![
        ("1042", vec![&s.ada]),
        ("#1042", vec![&s.ada]),
        ("#2001", vec![&s.grace]),
        ("ada", vec![&s.ada]),
        ("lov", vec![&s.ada]),
        ("LOVELACE", vec![&s.ada]),
        ("ada lov", vec![&s.ada]),
        ("hopper grace", vec![&s.grace]),
        ("ada@analytical.example", vec![&s.ada]),
        ("grace@navy", vec![&s.grace]),
        ("bletchley", vec![&s.alan]),
        ("MUG-BLK-1", vec![&s.ada]),
        ("mug-blk", vec![&s.ada]),
        ("MUG", vec![&s.ada, &s.alan]),
        ("TEE-RED-L", vec![&s.grace, &s.alan]),
        ("tee-red-l turing", vec![&s.alan]),
        ("müller", vec![&s.jurgen]),
        ("muller", vec![&s.jurgen]),
        ("JURGEN", vec![&s.jurgen]),
        ("  ada   ", vec![&s.ada]),
    ];
    for (text, expected) in cases {
        assert_eq!(search(st, text).await, of(&expected), "searching `{text}`");
    }
}

#[tokio::test]
async fn every_word_of_a_search_must_match() {
    let s = shop().await;
    let st = &s.db.store;
    assert!(
        search(st, "ada hopper").await.is_empty(),
        "ada and hopper are different orders"
    );
    assert!(search(st, "1042 2001").await.is_empty());
    assert!(search(st, "mug grace").await.is_empty());
    assert_eq!(search(st, "mug alan").await, of(&[&s.alan]));
    assert!(search(st, "zebra").await.is_empty());
}

#[tokio::test]
async fn search_text_with_query_syntax_never_errors_and_is_taken_literally() {
    let s = shop().await;
    let st = &s.db.store;
    let nasty = [
        "\"",
        "\"\"",
        "\"ada",
        "ada\"",
        "a\"d\"a",
        "*",
        "ada*",
        "*ada",
        "OR",
        "AND",
        "NOT",
        "NEAR",
        "ada OR grace",
        "ada AND NOT grace",
        "-",
        "-ada",
        "ada -grace",
        "(",
        ")",
        "(ada",
        "ada)",
        "(ada OR grace)",
        "NEAR(ada grace, 2)",
        "customer_name:ada",
        "{number customer_name}: ada",
        "^ada",
        "ada + grace",
        "'",
        "\\",
        "%",
        "_",
        "ada;DROP TABLE orders;--",
        "\u{0}",
        "ा",
        "ada ा",
        "🚚",
        "ada 🚚",
        "#",
        "##1042",
    ];
    for text in nasty {
        let filter = OrderFilter {
            search: Some(text.into()),
            ..OrderFilter::default()
        };
        let page = st
            .list_orders(&OrderQuery {
                filter: filter.clone(),
                limit: 50,
                ..OrderQuery::default()
            })
            .await;
        assert!(page.is_ok(), "searching `{text}` must not fail: {page:?}");
        let counts = st.tab_counts(&filter).await;
        assert!(
            counts.is_ok(),
            "counting `{text}` must not fail: {counts:?}"
        );
    }
    // Operators are words, not operators.
    assert!(
        search(st, "ada OR grace").await.is_empty(),
        "OR is not a boolean operator: no order has a word starting with `or`"
    );
    assert_eq!(
        search(st, "-ada").await,
        of(&[&s.ada]),
        "a leading dash is not NOT"
    );
    assert_eq!(search(st, "(ada)").await, of(&[&s.ada]));
    assert_eq!(search(st, "\"lovelace\"").await, of(&[&s.ada]));
    assert_eq!(search(st, "##1042").await, of(&[&s.ada]));
    assert_eq!(
        st.order_count().await.unwrap(),
        4,
        "the orders table survived every search"
    );
}

#[tokio::test]
async fn a_search_with_nothing_searchable_does_not_filter() {
    let s = shop().await;
    for text in ["", "   ", "*", "- ( ) \"", "#"] {
        assert_eq!(
            search(&s.db.store, text).await.len(),
            4,
            "`{text}` has no word to search for"
        );
    }
}

#[tokio::test]
async fn after_a_rename_the_old_name_no_longer_finds_the_order_and_the_new_one_does() {
    let s = shop().await;
    let st = &s.db.store;
    let mut tx = st.begin().await.unwrap();
    let mut stored = tx.order(&s.ada.id).await.unwrap().unwrap();
    stored.order.customer = customer("Ada King", "countess@court.example");
    stored.order.lines = vec![line("BOOK-NOTES-G", 1, 4_200)];
    tx.update_order(&stored).await.unwrap();
    tx.commit().await.unwrap();

    assert!(
        search(st, "ada lovelace").await.is_empty(),
        "the old name is gone"
    );
    assert_eq!(search(st, "ada king").await, of(&[&s.ada]));
    assert_eq!(search(st, "countess").await, of(&[&s.ada]), "new email");
    assert!(search(st, "analytical").await.is_empty(), "old email gone");
    assert_eq!(search(st, "BOOK-NOTES").await, of(&[&s.ada]), "new SKU");
    assert!(search(st, "MUG-BLK").await.is_empty(), "old SKU gone");
    assert_eq!(search(st, "1042").await, of(&[&s.ada]), "number unchanged");
    // An update that does not touch searched text keeps the order findable.
    let mut tx = st.begin().await.unwrap();
    let mut stored = tx.order(&s.grace.id).await.unwrap().unwrap();
    stored.order.internal_notes.push("call first".into());
    tx.update_order(&stored).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(search(st, "hopper").await, of(&[&s.grace]));
}

#[tokio::test]
async fn search_combines_with_other_filters_and_pages() {
    let db = fresh().await;
    let ch = add_channel(&db.store, "Shop").await;
    let orders: Vec<Order> = (0..40)
        .map(|i| {
            let mut o = order(
                &ch,
                &i.to_string(),
                if i % 2 == 0 { "Ada Even" } else { "Bob Odd" },
            );
            o.placed_at = t(i);
            if i % 4 == 0 {
                o.status = waybill_core::OrderStatus::Shipped;
            }
            o
        })
        .collect();
    insert(&db.store, &orders).await;
    let filter = OrderFilter {
        search: Some("ada".into()),
        status: Some(waybill_core::OrderStatus::Ready),
        ..OrderFilter::default()
    };
    let walked = walk(
        &db.store,
        &filter,
        waybill_core::query::SortKey::PlacedAt,
        true,
        3,
    )
    .await;
    let expected: Vec<OrderId> = orders
        .iter()
        .rev()
        .filter(|o| o.customer.name == "Ada Even" && o.status == waybill_core::OrderStatus::Ready)
        .map(|o| o.id.clone())
        .collect();
    assert_eq!(
        walked.into_iter().map(|s| s.id).collect::<Vec<_>>(),
        expected
    );
}

#[tokio::test]
async fn a_search_sorted_by_placed_date_lists_matches_by_placed_date_whatever_the_import_order() {
    let db = fresh().await;
    let ch = add_channel(&db.store, "Shop").await;
    // Imported newest first, then a backfill of older ones: import order is not date order.
    let orders: Vec<Order> = [5i64, 6, 7, 8, 9, 0, 1, 2, 3, 4]
        .iter()
        .map(|&h| {
            let mut o = order(&ch, &format!("o{h}"), "Ada Lovelace");
            o.placed_at = t(h);
            o
        })
        .collect();
    insert(&db.store, &orders[..5]).await;
    insert(&db.store, &orders[5..]).await;
    let filter = OrderFilter {
        search: Some("lovelace".into()),
        ..OrderFilter::default()
    };
    for descending in [false, true] {
        let mut expected = orders.clone();
        expected.sort_by_key(|o| o.placed_at);
        if descending {
            expected.reverse();
        }
        let got = walk(
            &db.store,
            &filter,
            waybill_core::query::SortKey::PlacedAt,
            descending,
            3,
        )
        .await;
        assert_eq!(
            got.iter().map(|s| s.placed_at).collect::<Vec<_>>(),
            expected.iter().map(|o| o.placed_at).collect::<Vec<_>>(),
            "descending={descending}: sorted by placed date, as the user asked"
        );
    }
}
