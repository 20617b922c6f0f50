//! Opening a workspace through the app: a new path works, a damaged file is refused with the
//! stable code front ends act on and a message naming the file.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tempfile::TempDir;
use waybill_app::{App, ErrorCode};

#[tokio::test]
async fn opening_a_garbage_file_reports_database_corrupt_naming_the_path() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("orders.db");
    let bytes: Vec<u8> = (0..32_768u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();

    let err = App::open(&path).await.err().expect("garbage must not open");
    assert_eq!(err.code, ErrorCode::DatabaseCorrupt);
    assert!(
        err.message.contains(&path.display().to_string()),
        "the message names the file: {}",
        err.message
    );
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        json["code"], "database_corrupt",
        "the stable code front ends see"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn opening_a_new_path_creates_an_empty_workspace() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("new").join("waybill.db");
    let app = App::open(&path).await.unwrap();
    let info = app.workspace_info().await.unwrap();
    assert_eq!(info.database_path, path.display().to_string());
    assert_eq!(info.order_count, 0);
    assert!(!info.demo_running);
    assert!(app.facets().await.unwrap().channels.is_empty());
    app.close().await;
}
