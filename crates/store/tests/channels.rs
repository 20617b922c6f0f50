//! A channel's stored configuration and sync state.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use waybill_store::{ChannelConfig, SyncAttempt, SyncState};

use common::*;

#[tokio::test]
async fn a_failure_keeps_the_last_successs_counts_and_a_success_adds_to_the_totals() {
    let db = fresh().await;
    let channel = add_channel(&db.store, "Shop").await;
    assert_eq!(
        db.store.sync_state(&channel).await.unwrap(),
        SyncState::default(),
        "never synced: nothing recorded"
    );
    let record = |at, attempt: SyncAttempt| {
        let store = db.store.clone();
        let channel = channel.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            tx.record_sync_attempt(&channel, at, &attempt)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    };
    record(
        t(1),
        SyncAttempt::Succeeded {
            imported: 5,
            updated: 1,
        },
    )
    .await;
    record(
        t(2),
        SyncAttempt::Failed {
            error: "refused".into(),
        },
    )
    .await;
    let failed = db.store.sync_state(&channel).await.unwrap();
    assert_eq!(failed.last_sync_at, Some(t(2)));
    assert_eq!(failed.last_success_at, Some(t(1)));
    assert_eq!(failed.last_error.as_deref(), Some("refused"));
    assert_eq!((failed.last_imported, failed.total_imported), (5, 5));

    record(
        t(3),
        SyncAttempt::Succeeded {
            imported: 2,
            updated: 3,
        },
    )
    .await;
    let ok = db.store.sync_state(&channel).await.unwrap();
    assert_eq!(ok.last_error, None, "a success clears the error");
    assert_eq!((ok.last_imported, ok.last_updated), (2, 3));
    assert_eq!((ok.total_imported, ok.total_updated), (7, 4));
}

#[tokio::test]
async fn a_configuration_round_trips_and_pausing_needs_one() {
    let db = fresh().await;
    let channel = add_channel(&db.store, "Shop").await;
    let mut tx = db.store.begin().await.unwrap();
    assert!(
        !tx.set_channel_paused(&channel, true).await.unwrap(),
        "no configuration, nothing to pause"
    );
    let config = ChannelConfig {
        channel_id: channel.clone(),
        settings: BTreeMap::from([("shop_domain".into(), "acme".into())]),
        secret_keys: vec!["access_token".into()],
        paused: false,
        sync_every_secs: 90,
    };
    tx.put_channel_config(&config).await.unwrap();
    assert!(tx.set_channel_paused(&channel, true).await.unwrap());
    tx.commit().await.unwrap();
    let stored = db.store.channel_config(&channel).await.unwrap().unwrap();
    assert_eq!(
        stored,
        ChannelConfig {
            paused: true,
            ..config
        }
    );
    assert_eq!(db.store.channel_configs().await.unwrap(), vec![stored]);
}
