//! The drop-ship vendor: POs as CSV written atomically into the vendor's folder or mailed to
//! an SMTP sink, idempotent by reference; tracking CSVs read with per-row errors; statuses from
//! the vendor's inbox; cancellation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use base64::Engine;
use waybill_core::LocationKind;
use waybill_sync::fakes::{ReceivedMail, SmtpSink, sample_handoff};
use waybill_sync::partners::dropship::{
    DropShipConfig, DropShipVendor, EmailSettings, SmtpSecurity, purchase_order_csv, read_tracking,
};
use waybill_sync::{ConnectorError, PartnerAdapter, PartnerStatus};

const REF: &str = "ord_01JQ-1";
const PO_FILE: &str = "PO-ord_01JQ-1.csv";

const EXPECTED_PO: &str = "\
PO Number,Order Number,Order Date,Vendor,Ship Speed,Ship To,Company,Address 1,Address 2,City,Region,Postal Code,Country,Phone,Email,Line,SKU,Item,Quantity,Unit Price,Currency,Note
ord_01JQ-1,#1001,2026-03-01T09:00:00Z,Acme Mugs,Standard,Ada Lovelace,,1234 Amazon Way,Suite 123,Troy,MI,48084,US,+1 248 555 0100,ada@example.com,1,MUG-BLK-12,\"Stoneware mug, black, 12 oz\",2,18.00,USD,Gift: please leave out the invoice
ord_01JQ-1,#1001,2026-03-01T09:00:00Z,Acme Mugs,Standard,Ada Lovelace,,1234 Amazon Way,Suite 123,Troy,MI,48084,US,+1 248 555 0100,ada@example.com,2,TEE-WHT-M,\"Tee, white, M\",1,22.00,USD,Gift: please leave out the invoice
";

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn folder_vendor(root: &Path) -> DropShipVendor {
    DropShipVendor::new(DropShipConfig::folder(
        "Acme Mugs",
        root.join("vendor"),
        root.join("records"),
    ))
    .unwrap()
}

#[tokio::test]
async fn a_folder_vendor_gets_one_po_file_named_after_the_reference_with_every_line() {
    let root = tempfile::tempdir().unwrap();
    let vendor = folder_vendor(root.path());
    assert_eq!(vendor.kind(), LocationKind::DropShipVendor);
    let receipt = vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    assert_eq!(receipt.partner_ref, REF);
    assert!(!receipt.already_existed);
    let po = fs::read_to_string(root.path().join("vendor").join(PO_FILE)).unwrap();
    assert_eq!(po, EXPECTED_PO);
    assert_eq!(
        names(&root.path().join("vendor")),
        [PO_FILE],
        "no temporary file left behind"
    );
    assert_eq!(
        vendor.status(REF).await.unwrap(),
        PartnerStatus::Pending,
        "nobody confirmed it"
    );
    assert_eq!(vendor.inventory().await.unwrap(), None);
}

#[tokio::test]
async fn a_repeated_hand_off_delivers_nothing_new_even_after_the_vendor_took_the_file() {
    let root = tempfile::tempdir().unwrap();
    let vendor = folder_vendor(root.path());
    vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    let again = vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(again.already_existed);
    fs::remove_file(root.path().join("vendor").join(PO_FILE)).unwrap();
    assert!(
        vendor
            .hand_off(&sample_handoff(REF))
            .await
            .unwrap()
            .already_existed
    );
    assert_eq!(
        names(&root.path().join("vendor")),
        Vec::<String>::new(),
        "not re-delivered"
    );
}

#[tokio::test]
async fn a_crash_before_the_record_rewrites_the_same_po_in_place() {
    let root = tempfile::tempdir().unwrap();
    let vendor = folder_vendor(root.path());
    vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    // The crash: delivered, but Waybill's copy never written.
    fs::remove_file(root.path().join("records").join(PO_FILE)).unwrap();
    let retry = vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(!retry.already_existed);
    assert_eq!(
        names(&root.path().join("vendor")),
        [PO_FILE],
        "the same file, not a second PO"
    );
    assert_eq!(
        fs::read_to_string(root.path().join("vendor").join(PO_FILE)).unwrap(),
        EXPECTED_PO
    );
}

#[tokio::test]
async fn a_sku_the_vendor_does_not_supply_refuses_the_whole_po() {
    let root = tempfile::tempdir().unwrap();
    let mut config = DropShipConfig::folder(
        "Acme Mugs",
        root.path().join("vendor"),
        root.path().join("records"),
    );
    config.catalog = Some(BTreeSet::from(["MUG-BLK-12".to_owned()]));
    let vendor = DropShipVendor::new(config).unwrap();
    let err = vendor.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected("Acme Mugs does not supply TEE-WHT-M".into())
    );
    assert!(
        !root.path().join("vendor").exists(),
        "nothing was sent short"
    );
}

/// The attachment named `name`, decoded from whichever transfer encoding the message used.
fn attachment(mail: &ReceivedMail, name: &str) -> String {
    let data = &mail.data;
    let at = data
        .find(&format!("filename=\"{name}\""))
        .expect("the attachment");
    let (head, rest) = data[at..].split_once("\r\n\r\n").unwrap();
    let body = rest.split("\r\n--").next().unwrap();
    if head.contains("Content-Transfer-Encoding: base64") {
        let text: String = body.lines().collect();
        return String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap(),
        )
        .unwrap();
    }
    assert!(
        head.contains("Content-Transfer-Encoding: quoted-printable"),
        "{head}"
    );
    let joined = body.replace("=\r\n", "");
    let mut out = Vec::new();
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            out.push(u8::from_str_radix(&joined[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

#[tokio::test]
async fn an_email_vendor_gets_the_po_attached_with_a_message_id_from_the_reference_once() {
    let sink = SmtpSink::start().await.unwrap();
    let root = tempfile::tempdir().unwrap();
    let settings = sink.settings("Orders <orders@shop.example>", &["po@acme.example"]);
    let vendor =
        DropShipVendor::new(DropShipConfig::email("Acme Mugs", settings, root.path())).unwrap();
    vendor.test_connection().await.unwrap();
    vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(
        vendor
            .hand_off(&sample_handoff(REF))
            .await
            .unwrap()
            .already_existed
    );

    let mail = sink.messages();
    assert_eq!(mail.len(), 1, "the retry sent nothing");
    let m = &mail[0];
    assert_eq!(m.from, "orders@shop.example");
    assert_eq!(m.to, ["po@acme.example"]);
    assert_eq!(
        m.header("Message-ID").as_deref(),
        Some("<po.ord_01JQ-1@shop.example>")
    );
    assert_eq!(
        m.header("Subject").as_deref(),
        Some("Purchase order ord_01JQ-1 (order #1001)")
    );
    assert_eq!(attachment(m, PO_FILE), EXPECTED_PO);
    assert_eq!(
        vendor.status(REF).await.unwrap(),
        PartnerStatus::Pending,
        "no inbox for email"
    );

    vendor.cancel(REF).await.unwrap();
    let mail = sink.messages();
    assert_eq!(mail.len(), 2);
    assert_eq!(
        mail[1].header("In-Reply-To").as_deref(),
        Some("<po.ord_01JQ-1@shop.example>")
    );
    assert_eq!(vendor.status(REF).await.unwrap(), PartnerStatus::Cancelled);
    vendor.cancel(REF).await.unwrap();
    assert_eq!(sink.messages().len(), 2, "a repeated cancel sends nothing");
}

#[tokio::test]
async fn a_mail_server_that_is_not_there_is_retryable() {
    let root = tempfile::tempdir().unwrap();
    // A port nothing listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = EmailSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        credentials: None,
        from: "orders@shop.example".into(),
        to: vec!["po@acme.example".into()],
        timeout: std::time::Duration::from_secs(5),
    };
    let vendor =
        DropShipVendor::new(DropShipConfig::email("Acme Mugs", settings, root.path())).unwrap();
    let err = vendor.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    assert!(!root.path().join(PO_FILE).exists(), "not recorded as sent");
}

fn ordered(reference: &str) -> Option<Vec<(String, u32)>> {
    (reference == REF).then(|| vec![("MUG-BLK-12".to_owned(), 2), ("TEE-WHT-M".to_owned(), 1)])
}

#[test]
fn a_tracking_file_names_each_bad_row_and_its_problem_and_keeps_the_good_ones() {
    let file = "\
Reference,SKU,Quantity,Carrier,Tracking,Shipped_At
ord_01JQ-1,MUG-BLK-12,2,UPS,1Z999AA10123456784,2026-03-02T18:30:00Z
ord_01JQ-9,MUG-BLK-12,1,UPS,1Z1,2026-03-02
ord_01JQ-1,HAT-RED,1,UPS,1Z2,2026-03-02
ord_01JQ-1,TEE-WHT-M,none,UPS,1Z3,2026-03-02
ord_01JQ-1,TEE-WHT-M,1,,1Z4,2026-03-02
ord_01JQ-1,TEE-WHT-M,1,USPS,9400,03/02/2026
ord_01JQ-1,MUG-BLK-12,1,UPS,1Z5,2026-03-02
";
    let import = read_tracking(file.as_bytes(), ordered).unwrap();
    assert_eq!(import.rows, 7);
    let errors: Vec<String> = import.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "row 3, column `reference`: no purchase order `ord_01JQ-9` was sent to this vendor",
            "row 4, column `sku`: SKU `HAT-RED` is not on purchase order `ord_01JQ-1`",
            "row 5, column `quantity`: `none` is not a whole number of units",
            "row 6, column `carrier`: the carrier is empty",
            "row 7, column `shipped_at`: `03/02/2026` is not a date (use 2026-03-01 or 2026-03-01T14:05:00Z)",
            "row 8, column `quantity`: ships 3 of `MUG-BLK-12` in all, but purchase order `ord_01JQ-1` ordered 2",
        ]
    );
    assert_eq!(import.updates.len(), 1);
    let (reference, PartnerStatus::Shipped { packages, complete }) = &import.updates[0] else {
        panic!("shipped");
    };
    assert_eq!(reference, REF);
    assert!(!complete, "the tee's rows were all bad");
    assert_eq!(packages.len(), 1);
    assert_eq!(packages[0].tracking, "1Z999AA10123456784");
}

#[test]
fn a_tracking_file_without_a_needed_column_is_unreadable_as_a_whole() {
    let err = read_tracking(
        "reference,sku,quantity,carrier,tracking\n".as_bytes(),
        ordered,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "the file has no `shipped_at` column");
}

#[tokio::test]
async fn a_folder_vendors_inbox_files_make_the_po_shipped_then_complete() {
    let root = tempfile::tempdir().unwrap();
    let vendor = folder_vendor(root.path());
    vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    let inbox = root.path().join("vendor").join("inbox");
    fs::create_dir_all(&inbox).unwrap();
    fs::write(
        inbox.join("tracking-1.csv"),
        "reference,sku,quantity,carrier,tracking,shipped_at\nord_01JQ-1,MUG-BLK-12,2,UPS,1Z1,2026-03-02T10:00:00Z\nord_01JQ-7,X,1,UPS,1Z9,2026-03-02\n",
    )
    .unwrap();
    let PartnerStatus::Shipped { packages, complete } = vendor.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(!complete);
    assert_eq!(packages.len(), 1);

    fs::write(
        inbox.join("tracking-2.csv"),
        "reference,sku,quantity,carrier,tracking,shipped_at\nord_01JQ-1,MUG-BLK-12,2,UPS,1Z1,2026-03-02T10:00:00Z\n",
    )
    .unwrap();
    let PartnerStatus::Shipped { packages, .. } = vendor.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert_eq!(
        packages.len(),
        1,
        "a resent confirmation is the same parcel"
    );

    fs::write(
        inbox.join("tracking-3.csv"),
        "reference,sku,quantity,carrier,tracking,shipped_at\nord_01JQ-1,TEE-WHT-M,1,USPS,9400111899223100000001,2026-03-03\n",
    )
    .unwrap();
    let PartnerStatus::Shipped { packages, complete } = vendor.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(complete, "every unit ordered has shipped");
    assert_eq!(packages.len(), 2);
}

#[tokio::test]
async fn cancelling_a_po_the_vendor_has_not_picked_up_withdraws_the_file() {
    let root = tempfile::tempdir().unwrap();
    let vendor = folder_vendor(root.path());
    vendor.hand_off(&sample_handoff(REF)).await.unwrap();
    vendor.cancel(REF).await.unwrap();
    assert_eq!(names(&root.path().join("vendor")), Vec::<String>::new());
    assert_eq!(vendor.status(REF).await.unwrap(), PartnerStatus::Cancelled);

    vendor
        .hand_off(&sample_handoff("ord_01JQ-2"))
        .await
        .unwrap();
    fs::remove_file(root.path().join("vendor").join("PO-ord_01JQ-2.csv")).unwrap();
    vendor.cancel("ord_01JQ-2").await.unwrap();
    assert_eq!(
        names(&root.path().join("vendor")),
        ["CANCEL-ord_01JQ-2.csv"],
        "picked up already: the vendor is told"
    );
    assert!(matches!(
        vendor.cancel("ord_01JQ-3").await,
        Err(ConnectorError::NotFound(_))
    ));
}

#[test]
fn the_same_hand_off_always_makes_the_same_po_bytes() {
    let a = purchase_order_csv(&sample_handoff(REF), "Acme Mugs").unwrap();
    let b = purchase_order_csv(&sample_handoff(REF), "Acme Mugs").unwrap();
    assert_eq!(a, b);
}
