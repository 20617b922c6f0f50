//! Channels as configured things: added with their secrets in the credential store, synced by
//! hand or on their schedule against fake Shopify and WooCommerce servers, each attempt recorded.

// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use waybill_app::channels::{NewChannel, Setting, Which};
use waybill_app::credentials::{CredentialBackend, CredentialStore};
use waybill_app::{App, ErrorCode};
use waybill_core::{ChannelId, ChannelKind};
use waybill_sync::fakes::fixtures::{shopify as fx, woocommerce as wfx};
use waybill_sync::fakes::wiremock::matchers::any;
use waybill_sync::fakes::wiremock::{Mock, ResponseTemplate};
use waybill_sync::fakes::{FakeShopify, FakeWooCommerce};

use common::*;

/// The test's app with its secrets in an encrypted file in the test's folder (never a real
/// keychain, whatever the machine has).
fn app(t: &TestApp) -> App {
    t.app
        .clone()
        .with_credentials(CredentialStore::encrypted_file(&t.path))
}

fn new_channel(kind: ChannelKind, settings: &[(&str, &str)]) -> NewChannel {
    NewChannel {
        kind,
        name: "Main shop".into(),
        settings: settings
            .iter()
            .map(|(k, v)| Setting {
                key: (*k).into(),
                value: (*v).into(),
            })
            .collect(),
    }
}

fn shopify_at(fake: &FakeShopify, token: &str) -> NewChannel {
    let uri = fake.server.uri();
    new_channel(
        ChannelKind::Shopify,
        &[
            ("shop_domain", "acme.myshopify.com"),
            ("base_url", &uri),
            ("access_token", token),
            ("webhook_secret", FakeShopify::SECRET),
            ("page_size", "2"),
            ("timeout_secs", "10"),
        ],
    )
}

async fn shop_with_orders() -> FakeShopify {
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    fake
}

/// Anything the fake does not otherwise answer (a wrong token) gets Shopify's 401.
async fn refuse_other_tokens(fake: &FakeShopify) {
    fake.server
        .register(
            Mock::given(any()).respond_with(
                ResponseTemplate::new(401)
                    .set_body_raw(fx::UNAUTHORIZED.as_bytes().to_vec(), "application/json"),
            ),
        )
        .await;
}

#[tokio::test]
async fn a_shopify_channel_added_from_settings_syncs_and_shows_its_counts_and_cursor() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let added = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap();
    assert!(added.configured, "its secrets are in the credential store");
    assert_eq!(added.secrets_set, ["access_token", "webhook_secret"]);
    assert!(
        added.settings.iter().all(|s| s.key != "access_token"),
        "secrets are not among the settings shown"
    );
    assert_eq!(
        added.next_sync_at,
        Some(t.now()),
        "a new channel is due at once"
    );

    let report = app.sync_channel_now(&added.id).await.unwrap();
    assert!(report.imported >= 3, "{report:?}");

    let status = app.channel_status(&added.id).await.unwrap();
    assert_eq!(status.last_imported as usize, report.imported);
    assert_eq!(status.total_imported as usize, report.imported);
    assert_eq!(status.last_success_at, Some(t.now()));
    assert_eq!(status.last_error, None);
    assert!(
        status.cursor.is_some(),
        "the cursor after the last page is kept"
    );
    assert_eq!(
        status.next_sync_at,
        Some(t.now() + Duration::seconds(60)),
        "the next sync is one schedule after this one"
    );
    assert_eq!(t.all().await.len(), report.imported);
}

#[tokio::test]
async fn a_woocommerce_channel_added_from_settings_syncs() {
    let t = fresh().await;
    let app = app(&t);
    let fake = FakeWooCommerce::start().await;
    fake.orders_page("2026-03-01T00:00:00", 1, wfx::ORDERS_PAGE_1, 2, 1)
        .await;
    let uri = fake.server.uri();
    let added = app
        .add_channel(&new_channel(
            ChannelKind::WooCommerce,
            &[
                ("base_url", &uri),
                ("consumer_key", FakeWooCommerce::KEY),
                ("consumer_secret", FakeWooCommerce::SECRET),
                ("start_from", "2026-03-01T00:00:00Z"),
                ("page_size", "2"),
            ],
        ))
        .await
        .unwrap();
    let report = app.sync_channel_now(&added.id).await.unwrap();
    assert!(report.imported > 0, "{report:?}");
    assert_eq!(
        app.channel_status(&added.id).await.unwrap().total_imported as usize,
        report.imported
    );
}

#[tokio::test]
async fn wrong_credentials_fail_the_check_in_words_and_the_sync_records_the_error() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    refuse_other_tokens(&fake).await;
    let wrong = shopify_at(&fake, "shpat_wrong");

    let check = app.test_connection(&wrong).await.unwrap();
    assert!(!check.ok);
    assert!(
        check.message.contains("refused the credentials"),
        "{}",
        check.message
    );
    let right = app
        .test_connection(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap();
    assert!(right.ok, "{}", right.message);

    let added = app.add_channel(&wrong).await.unwrap();
    let err = app.sync_channel_now(&added.id).await.unwrap_err();
    let status = app.channel_status(&added.id).await.unwrap();
    assert_eq!(
        status.last_sync_at,
        Some(t.now()),
        "the failed attempt is recorded"
    );
    assert_eq!(status.last_success_at, None);
    assert_eq!(status.last_error.as_deref(), Some(err.message.as_str()));
    let saved = app.test_channel(&added.id).await.unwrap();
    assert!(!saved.ok, "a saved channel's check sees the same refusal");
}

#[tokio::test]
async fn a_missing_required_field_is_named_and_nothing_is_added() {
    let t = fresh().await;
    let app = app(&t);
    let e = app
        .add_channel(&new_channel(
            ChannelKind::Shopify,
            &[("shop_domain", "acme")],
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.starts_with("access_token"), "{}", e.message);
    let e = app
        .add_channel(&new_channel(
            ChannelKind::WooCommerce,
            &[("consumer_key", "ck"), ("consumer_secret", "cs")],
        ))
        .await
        .unwrap_err();
    assert!(e.message.starts_with("base_url"), "{}", e.message);
    assert!(app.channels_overview().await.unwrap().channels.is_empty());
}

#[tokio::test]
async fn paused_channels_are_skipped_by_the_schedule_but_sync_by_hand() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let paused = app.set_channel_paused(&id, true).await.unwrap();
    assert!(paused.paused);
    assert_eq!(paused.next_sync_at, None);
    assert!(app.sync_channels(Which::Due).await.unwrap().is_empty());
    assert!(app.sync_channels(Which::All).await.unwrap().is_empty());
    assert!(t.all().await.is_empty(), "the schedule did not touch it");

    let by_hand = app.sync_channel_now(&id).await.unwrap();
    assert!(by_hand.imported > 0, "a person can sync a paused channel");
    assert!(
        app.set_channel_paused(&id, false)
            .await
            .unwrap()
            .next_sync_at
            .is_some()
    );
}

#[tokio::test]
async fn the_scheduled_round_syncs_a_channel_when_its_next_sync_is_due() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let first = app.sync_channels(Which::Due).await.unwrap();
    assert_eq!(first.len(), 1, "a new channel is due at once");
    assert!(first[0].result.as_ref().unwrap().imported > 0);

    t.advance(Duration::seconds(30));
    assert!(
        app.sync_channels(Which::Due).await.unwrap().is_empty(),
        "not due yet"
    );
    t.advance(Duration::seconds(31));
    let again = app.sync_channels(Which::Due).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].channel.id, id);
}

#[tokio::test]
async fn a_failing_channel_does_not_stop_the_round_and_is_recorded() {
    let t = fresh().await;
    let app = app(&t);
    let good = shop_with_orders().await;
    let bad = FakeShopify::start().await;
    refuse_other_tokens(&bad).await;
    app.add_channel(&shopify_at(&bad, "shpat_wrong"))
        .await
        .unwrap();
    let good_id = app
        .add_channel(&shopify_at(&good, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let round = app.sync_channels(Which::Due).await.unwrap();
    assert_eq!(round.len(), 2);
    assert_eq!(round.iter().filter(|r| r.result.is_err()).count(), 1);
    let ok = round.iter().find(|r| r.channel.id == good_id).unwrap();
    assert!(ok.result.as_ref().unwrap().imported > 0);
    let overview = app.channels_overview().await.unwrap();
    assert!(
        overview
            .channels
            .iter()
            .any(|c| c.id != good_id && c.last_error.is_some())
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn secrets_never_reach_the_database_file() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    // The fake accepts only its own token; a distinctive webhook secret is the needle.
    let mut new = shopify_at(&fake, FakeShopify::TOKEN);
    let needle = "whsec_needle_7f3a9c";
    new.settings.retain(|s| s.key != "webhook_secret");
    new.settings.push(Setting {
        key: "webhook_secret".into(),
        value: needle.into(),
    });
    let id = app.add_channel(&new).await.unwrap().id;
    app.sync_channel_now(&id).await.unwrap();
    assert_eq!(
        app.credential_store()
            .get(&id, "webhook_secret")
            .unwrap()
            .unwrap()
            .expose(),
        needle,
        "the secret round-trips through the credential store"
    );
    app.close().await;

    let mut files = vec![t.path.clone()];
    for suffix in ["-wal", "-shm", ".secrets"] {
        files.push(t.path.with_file_name(format!("waybill.db{suffix}")));
    }
    for f in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(f).unwrap();
        for secret in [needle, FakeShopify::TOKEN] {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "{} holds a secret in clear",
                f.display()
            );
        }
    }
    assert!(t.path.with_file_name("waybill.db.secrets").exists());
}

#[tokio::test]
async fn a_lost_key_file_is_said_plainly_and_the_channel_shows_unconfigured() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let info = app.channels_overview().await.unwrap().credentials;
    assert_eq!(info.backend, CredentialBackend::EncryptedFile);
    let key = t.path.with_file_name("secrets.key");
    assert!(info.notice.unwrap().contains(&key.display().to_string()));

    std::fs::remove_file(&key).unwrap();
    let check = app.test_channel(&id).await.unwrap();
    assert!(!check.ok);
    assert!(check.message.contains("is missing"), "{}", check.message);
    assert!(!app.channel_status(&id).await.unwrap().configured);
    let e = app.sync_channel_now(&id).await.unwrap_err();
    assert!(e.message.contains("secrets.key"), "{}", e.message);
}

#[tokio::test]
async fn an_unreachable_channel_means_offline_until_one_answers_again() {
    let t = fresh().await;
    let app = app(&t);
    assert!(app.connectivity().await.unwrap().online);
    // Nothing listens on the discard port on loopback: the connection is refused.
    let down = app
        .add_channel(&new_channel(
            ChannelKind::Shopify,
            &[
                ("base_url", "http://127.0.0.1:9"),
                ("access_token", "shpat_x"),
                ("timeout_secs", "2"),
            ],
        ))
        .await
        .unwrap()
        .id;
    app.sync_channel_now(&down).await.unwrap_err();
    let offline = app.connectivity().await.unwrap();
    assert!(!offline.online);
    assert_eq!(offline.since, Some(t.now()));
    assert!(offline.last_error.is_some());

    // A refusal is an answer: the network is up.
    let fake = FakeShopify::start().await;
    refuse_other_tokens(&fake).await;
    t.advance(Duration::seconds(5));
    let check = app
        .test_connection(&shopify_at(&fake, "shpat_wrong"))
        .await
        .unwrap();
    assert!(!check.ok);
    let online = app.connectivity().await.unwrap();
    assert!(online.online);
    assert_eq!(online.since, Some(t.now()));
    assert_eq!(online.last_error, None);
}

#[tokio::test]
async fn a_channel_without_a_configuration_cannot_be_paused() {
    let t = fresh().await;
    let app = app(&t);
    let legacy: ChannelId = t.channel("Old import").await;
    let e = app.set_channel_paused(&legacy, true).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
}

#[tokio::test]
async fn a_sync_by_hand_during_a_scheduled_one_waits_instead_of_pulling_the_same_pages() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let (round, by_hand) = tokio::join!(app.sync_channels(Which::Due), app.sync_channel_now(&id));
    let scheduled = round.unwrap().remove(0).result.unwrap();
    let by_hand = by_hand.unwrap();
    let requests = fake.requests("Orders").await;
    let first_page = &requests[0]["variables"];
    let from_the_start = requests
        .iter()
        .filter(|b| &b["variables"] == first_page)
        .count();
    assert_eq!(
        from_the_start, 1,
        "the second sync starts from the first one's cursor: {requests:#?}"
    );
    assert_eq!(scheduled.imported + by_hand.imported, t.all().await.len());
}
