//! Editing a saved channel: its name, settings and secrets change by the same form rules as
//! adding one, secrets go to the credential store (an empty one keeps the stored secret), a
//! refused edit changes nothing, and the next sync talks to the channel as it is now set up,
//! from where the last one stopped.

// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use waybill_app::channels::{ChannelEdit, ChannelSettings, NewChannel, Setting, Which};
use waybill_app::credentials::CredentialStore;
use waybill_app::{App, ErrorCode};
use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_sync::fakes::FakeShopify;
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::wiremock::matchers::any;
use waybill_sync::fakes::wiremock::{Mock, ResponseTemplate};

use common::*;

/// The test's app with its secrets in an encrypted file in the test's folder.
fn app(t: &TestApp) -> App {
    t.app
        .clone()
        .with_credentials(CredentialStore::encrypted_file(&t.path))
}

fn settings(pairs: &[(&str, &str)]) -> Vec<Setting> {
    pairs
        .iter()
        .map(|(k, v)| Setting {
            key: (*k).into(),
            value: (*v).into(),
        })
        .collect()
}

fn edit(name: Option<&str>, pairs: &[(&str, &str)]) -> ChannelEdit {
    ChannelEdit {
        name: name.map(Into::into),
        settings: settings(pairs),
    }
}

fn shopify_at(fake: &FakeShopify, token: &str) -> NewChannel {
    NewChannel {
        kind: ChannelKind::Shopify,
        name: "Main shop".into(),
        settings: settings(&[
            ("shop_domain", "acme.myshopify.com"),
            ("base_url", &fake.server.uri()),
            ("access_token", token),
            ("webhook_secret", FakeShopify::SECRET),
            ("page_size", "2"),
            ("timeout_secs", "10"),
        ]),
    }
}

async fn shop_with_orders() -> FakeShopify {
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    fake
}

/// A shop with nothing new: every orders page is empty.
async fn empty_shop() -> FakeShopify {
    let fake = FakeShopify::start().await;
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

fn value<'a>(s: &'a ChannelSettings, key: &str) -> Option<&'a str> {
    s.values
        .iter()
        .find(|v| v.key == key)
        .map(|v| v.value.as_str())
}

fn secret(app: &App, id: &ChannelId, key: &str) -> Option<String> {
    app.credential_store()
        .get(id, key)
        .unwrap()
        .map(|s| s.expose().to_owned())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn an_edit_saves_the_name_and_settings_and_leaves_the_cursor_orders_and_pause_alone() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    app.sync_channel_now(&id).await.unwrap();
    app.set_channel_paused(&id, true).await.unwrap();
    let before = app.channel_status(&id).await.unwrap();
    let orders = t.all().await.len();
    assert!(before.cursor.is_some() && orders > 0);

    let saved = app
        .update_channel(
            &id,
            &edit(
                Some("  Acme EU  "),
                &[
                    ("location_id", "gid://shopify/Location/9"),
                    ("sync_every_secs", "120"),
                ],
            ),
        )
        .await
        .unwrap();
    assert_eq!(saved.name, "Acme EU");
    assert_eq!(saved.sync_every_secs, 120);
    assert!(saved.paused, "a paused channel stays paused");
    assert_eq!(saved.cursor, before.cursor, "the sync cursor is untouched");
    assert_eq!(saved.total_imported, before.total_imported);
    assert_eq!(t.all().await.len(), orders, "the orders are untouched");

    let form = app.channel_settings(&id).await.unwrap();
    assert_eq!(
        value(&form, "location_id"),
        Some("gid://shopify/Location/9")
    );
    assert_eq!(value(&form, "sync_every_secs"), Some("120"));
    assert_eq!(
        value(&form, "shop_domain"),
        Some("acme.myshopify.com"),
        "a setting left out of the edit is kept"
    );
    assert_eq!(
        value(&form, "page_size"),
        Some("2"),
        "hidden tuning is kept"
    );
}

#[tokio::test]
async fn the_next_sync_after_an_edit_goes_to_the_new_base_url_from_the_same_cursor() {
    let t = fresh().await;
    let app = app(&t);
    let old = shop_with_orders().await;
    let new = empty_shop().await;
    let id = app
        .add_channel(&shopify_at(&old, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    app.sync_channel_now(&id).await.unwrap();
    let cursor = app.channel_status(&id).await.unwrap().cursor.unwrap();
    let asked_old = old.requests("Orders").await.len();

    app.update_channel(&id, &edit(None, &[("base_url", &new.server.uri())]))
        .await
        .unwrap();
    let round = app.sync_channels(Which::All).await.unwrap();
    assert_eq!(round.len(), 1);
    round[0].result.as_ref().unwrap();
    assert_eq!(
        old.requests("Orders").await.len(),
        asked_old,
        "the old address is not asked again"
    );
    let asked_new = new.requests("Orders").await;
    assert!(
        !asked_new.is_empty(),
        "the scheduled sync asked the new address"
    );
    // The stored cursor says from when to ask; the new address is asked from there.
    let stored: serde_json::Value = serde_json::from_str(&cursor).unwrap();
    let since: chrono::DateTime<chrono::Utc> = stored["since"].as_str().unwrap().parse().unwrap();
    let from_cursor = format!(
        "updated_at:>='{}'",
        since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(asked_new[0]["variables"]["query"], from_cursor.as_str());
}

#[tokio::test]
async fn a_new_secret_replaces_the_stored_one_in_the_credential_store_and_never_the_database() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    refuse_other_tokens(&fake).await;
    let id = app
        .add_channel(&shopify_at(&fake, "shpat_wrong_needle_41c2"))
        .await
        .unwrap()
        .id;
    assert!(app.sync_channel_now(&id).await.is_err(), "the wrong token");

    let saved = app
        .update_channel(&id, &edit(None, &[("access_token", FakeShopify::TOKEN)]))
        .await
        .unwrap();
    assert!(saved.configured);
    assert_eq!(saved.secrets_set, ["access_token", "webhook_secret"]);
    assert_eq!(
        secret(&app, &id, "access_token").as_deref(),
        Some(FakeShopify::TOKEN)
    );
    let report = app.sync_channel_now(&id).await.unwrap();
    assert!(report.imported > 0, "the next sync uses the new token");
    app.close().await;

    for suffix in ["", "-wal", "-shm"] {
        let f = t.path.with_file_name(format!("waybill.db{suffix}"));
        if !f.exists() {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        for s in ["shpat_wrong_needle_41c2", FakeShopify::TOKEN] {
            assert!(
                !contains(&bytes, s.as_bytes()),
                "{} holds a secret",
                f.display()
            );
        }
    }
}

#[tokio::test]
async fn a_secret_left_empty_keeps_the_stored_one() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let saved = app
        .update_channel(
            &id,
            &edit(
                Some("Renamed"),
                &[("access_token", ""), ("webhook_secret", "   ")],
            ),
        )
        .await
        .unwrap();
    assert_eq!(saved.secrets_set, ["access_token", "webhook_secret"]);
    assert_eq!(
        secret(&app, &id, "access_token").as_deref(),
        Some(FakeShopify::TOKEN)
    );
    assert_eq!(
        secret(&app, &id, "webhook_secret").as_deref(),
        Some(FakeShopify::SECRET)
    );
    assert!(app.sync_channel_now(&id).await.unwrap().imported > 0);
}

#[tokio::test]
async fn an_invalid_value_is_refused_naming_the_field_and_nothing_changes() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let before = app.channel_settings(&id).await.unwrap();

    for (e, field) in [
        (
            edit(None, &[("access_token", "shpat_new"), ("page_size", "0")]),
            "page_size:",
        ),
        (edit(None, &[("base_url", "shop.example.com")]), "base_url:"),
        (edit(None, &[("sync_every_secs", "5")]), "sync_every_secs:"),
        (edit(Some("   "), &[]), "name:"),
        (edit(None, &[("colour", "blue")]), "colour:"),
        // Without a base URL a Shopify shop needs its domain.
        (
            edit(None, &[("base_url", ""), ("shop_domain", "")]),
            "shop_domain:",
        ),
    ] {
        let err = app.update_channel(&id, &e).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
        assert!(err.message.starts_with(field), "{}", err.message);
        let err = app.test_channel_edit(&id, &e).await.unwrap_err();
        assert!(err.message.starts_with(field), "tested: {}", err.message);
    }
    let after = app.channel_settings(&id).await.unwrap();
    assert_eq!(after.name, before.name);
    assert_eq!(after.values, before.values);
    assert_eq!(
        secret(&app, &id, "access_token").as_deref(),
        Some(FakeShopify::TOKEN),
        "the secret sent with a refused edit was not stored"
    );
}

#[tokio::test]
async fn an_unknown_channel_is_not_found() {
    let t = fresh().await;
    let app = app(&t);
    let nobody = ChannelId::new();
    let e = edit(Some("X"), &[]);
    assert_eq!(
        app.update_channel(&nobody, &e).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        app.test_channel_edit(&nobody, &e).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        app.channel_settings(&nobody).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn the_edit_form_shows_stored_values_and_only_which_secrets_are_set() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let id = app
        .add_channel(&shopify_at(&fake, FakeShopify::TOKEN))
        .await
        .unwrap()
        .id;
    let form = app.channel_settings(&id).await.unwrap();
    assert_eq!(form.kind, ChannelKind::Shopify);
    assert_eq!(form.form.kind, ChannelKind::Shopify);
    assert!(
        form.form
            .fields
            .iter()
            .any(|f| f.key == "access_token" && f.secret)
    );
    assert_eq!(value(&form, "shop_domain"), Some("acme.myshopify.com"));
    assert_eq!(value(&form, "sync_every_secs"), Some("60"));
    assert_eq!(form.secrets_set, ["access_token", "webhook_secret"]);
    assert_eq!(value(&form, "access_token"), None);
    let sent = serde_json::to_string(&form).unwrap();
    for s in [FakeShopify::TOKEN, FakeShopify::SECRET] {
        assert!(!sent.contains(s), "a secret left the backend: {sent}");
    }
}

#[tokio::test]
async fn a_connection_test_tries_the_changed_settings_without_saving_them() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    refuse_other_tokens(&fake).await;
    let id = app
        .add_channel(&shopify_at(&fake, "shpat_wrong"))
        .await
        .unwrap()
        .id;
    let right = edit(None, &[("access_token", FakeShopify::TOKEN)]);
    let check = app.test_channel_edit(&id, &right).await.unwrap();
    assert!(check.ok, "{}", check.message);
    assert!(
        !app.test_channel(&id).await.unwrap().ok,
        "the saved channel still has the wrong token"
    );
    assert_eq!(
        secret(&app, &id, "access_token").as_deref(),
        Some("shpat_wrong")
    );

    // A kept secret is used by the test: the right token saved, a new address tried.
    app.update_channel(&id, &right).await.unwrap();
    let other = empty_shop().await;
    let moved = edit(
        None,
        &[("base_url", &other.server.uri()), ("access_token", "")],
    );
    let check = app.test_channel_edit(&id, &moved).await.unwrap();
    assert!(check.ok, "{}", check.message);
    assert_eq!(other.requests("Orders").await.len(), 1);
}

#[tokio::test]
async fn a_channel_added_without_settings_is_set_up_by_an_edit() {
    let t = fresh().await;
    let app = app(&t);
    let fake = shop_with_orders().await;
    let legacy = t.channel("Old import").await;
    assert!(!app.channel_status(&legacy).await.unwrap().configured);
    let e = app
        .update_channel(&legacy, &edit(None, &[("base_url", &fake.server.uri())]))
        .await
        .unwrap_err();
    assert!(e.message.starts_with("access_token:"), "{}", e.message);

    let saved = app
        .update_channel(
            &legacy,
            &edit(
                None,
                &[
                    ("base_url", &fake.server.uri()),
                    ("access_token", FakeShopify::TOKEN),
                ],
            ),
        )
        .await
        .unwrap();
    assert!(saved.configured);
    assert!(app.sync_channel_now(&legacy).await.unwrap().imported > 0);
}

#[tokio::test]
async fn the_demo_storefront_has_no_settings_to_edit() {
    let t = fresh().await;
    let app = app(&t);
    let demo = Channel {
        id: ChannelId::new(),
        name: "Demo storefront".into(),
        kind: ChannelKind::Demo,
        created_at: start(),
    };
    let mut tx = t.store.begin().await.unwrap();
    tx.insert_channel(&demo).await.unwrap();
    tx.commit().await.unwrap();
    let e = app
        .update_channel(&demo.id, &edit(Some("Mine"), &[]))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert_eq!(
        app.channel_settings(&demo.id).await.unwrap_err().code,
        ErrorCode::NotAllowed
    );
}
