//! Routing rules as use cases over a real SQLite file: saving (validated, versioned, audited),
//! running on import / channel update / release / re-run, timed holds, dry runs and tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use common::*;
use serde_json::{Value, json};
use waybill_app::ErrorCode;
use waybill_app::rules::DryRunScope;
use waybill_core::edit::ManualAction;
use waybill_core::rules::{RuleChange, RuleOutcome, Ruleset, RunCause};
use waybill_core::{
    Actor, EventKind, HoldReason, Location, LocationId, LocationKind, OrderStatus, OwnedField,
};

fn ana() -> Actor {
    Actor::user("ana")
}

fn rule_id(n: u32) -> String {
    format!("rul_{n:0>26}")
}

fn rule(n: u32, name: &str, stage: &str, when: Value, then: Value) -> Value {
    json!({
        "id": rule_id(n), "name": name, "stage": stage, "priority": n, "enabled": true,
        "stop_processing": false, "when": when, "then": then
    })
}

fn ruleset(rules: Vec<Value>) -> Ruleset {
    Ruleset::from_value(&json!({"version": 0, "rules": rules})).expect("fixture ruleset parses")
}

async fn warehouse(t: &TestApp, name: &str) -> LocationId {
    let l = Location {
        id: LocationId::new(),
        name: name.into(),
        kind: LocationKind::Warehouse,
        postal_code: "89502".into(),
        country: "US".into(),
    };
    let mut tx = t.store.begin().await.unwrap();
    tx.insert_location(&l).await.unwrap();
    tx.commit().await.unwrap();
    l.id
}

/// High value → fraud hold; everything → Reno; everything → UPS Ground.
async fn routing_rules(t: &TestApp) -> (Ruleset, LocationId) {
    let reno = warehouse(t, "Reno").await;
    let rs = ruleset(vec![
        rule(
            1,
            "High value review",
            "holds",
            json!({"total": {"gte": 50_000}}),
            json!([{"hold": {"reason": "fraud_risk", "note": "Check the payment"}}]),
        ),
        rule(
            2,
            "Ship from Reno",
            "location",
            json!("always"),
            json!([{"assign_location": {"location_id": reno.to_string()}}]),
        ),
        rule(
            3,
            "UPS Ground",
            "service",
            json!("always"),
            json!([{"set_service": {"carrier": "UPS", "service": "Ground"}}]),
        ),
    ]);
    (rs, reno)
}

async fn save(t: &TestApp, rs: &Ruleset, base: u32) -> u32 {
    t.app
        .save_ruleset(rs, base, &ana())
        .await
        .expect("a valid ruleset saves")
        .ruleset
        .version
}

#[tokio::test]
async fn an_invalid_ruleset_is_never_saved_and_the_error_says_where() {
    let t = fresh().await;
    let bad = ruleset(vec![rule(
        1,
        "Empty",
        "holds",
        json!({"all": []}),
        json!([{"add_tag": {"tag": "x"}}]),
    )]);
    let err = t.app.save_ruleset(&bad, 0, &ana()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("rules[0]"),
        "names the place: {}",
        err.message
    );
    assert_eq!(
        t.app.rules_view().await.unwrap().ruleset.version,
        0,
        "nothing saved"
    );
}

#[tokio::test]
async fn each_save_is_a_new_version_with_an_audit_of_every_rule_edit() {
    let t = fresh().await;
    let (mut rs, _) = routing_rules(&t).await;
    assert_eq!(save(&t, &rs, 0).await, 1);
    rs.rules[0].name = "Very high value review".into();
    rs.rules.remove(2);
    assert_eq!(save(&t, &rs, 1).await, 2);

    let history = t.app.rule_history(50).await.unwrap();
    // Newest first.
    let v2: Vec<(RuleChange, &str)> = history
        .iter()
        .filter(|e| e.version == 2)
        .map(|e| (e.change, e.rule_name.as_str()))
        .collect();
    assert_eq!(
        v2,
        vec![
            (RuleChange::Removed, "UPS Ground"),
            (RuleChange::Edited, "Very high value review"),
        ]
    );
    let edit = history
        .iter()
        .find(|e| e.change == RuleChange::Edited)
        .unwrap();
    assert_eq!(edit.before.as_ref().unwrap().name, "High value review");
    assert_eq!(edit.after.as_ref().unwrap().name, "Very high value review");
    assert_eq!(edit.actor, ana());
    assert_eq!(history.iter().filter(|e| e.version == 1).count(), 3);
}

#[tokio::test]
async fn a_save_based_on_an_old_version_is_refused_as_a_conflict() {
    let t = fresh().await;
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;
    let err = t.app.save_ruleset(&rs, 0, &ana()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(t.app.rules_view().await.unwrap().ruleset.version, 1);
}

#[tokio::test]
async fn an_imported_order_is_decided_at_once_and_keeps_the_decision_trace_and_version() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let (rs, reno) = routing_rules(&t).await;
    save(&t, &rs, 0).await;

    let mut big = incoming("1", "Ada");
    big.total = 60_000;
    let ids = t.import(&shop, vec![big, incoming("2", "Bob")]).await;

    let held = t.app.order_detail(&ids[0]).await.unwrap();
    assert_eq!(held.order.status, OrderStatus::OnHold);
    assert_eq!(
        held.order.hold.as_ref().unwrap().reason,
        HoldReason::FraudRisk
    );
    let run = held.rules.expect("the decision is stored with the order");
    assert_eq!(run.ruleset_version, 1);
    assert_eq!(run.cause, RunCause::Imported);
    let trace = run.trace.expect("and its trace");
    let first = &trace.rules[0];
    assert_eq!(first.outcome, RuleOutcome::Matched);
    let saw = first.conditions[0].saw.as_deref().unwrap_or_default();
    assert!(saw.contains("600.00"), "money reads as money: {saw}");
    assert!(
        held.timeline.iter().any(|e| matches!(&e.kind,
            EventKind::RuleApplied { rule, .. } if *rule == rule_id(1))),
        "the timeline shows the rule applied"
    );
    // Later stages still decide where a held order will ship from.
    assert_eq!(held.order.location_id.as_ref(), Some(&reno));

    let ready = t.stored(&ids[1]).await.order;
    assert_eq!(ready.status, OrderStatus::Ready);
    assert_eq!(ready.carrier.as_deref(), Some("UPS"));
    assert_eq!(ready.service.as_deref(), Some("Ground"));
}

#[tokio::test]
async fn runs_are_stored_packed_and_runs_stored_as_json_still_read() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;
    let mut big = incoming("1", "Ada");
    big.total = 60_000;
    let ids = t.import(&shop, vec![big]).await;
    let run = t.app.order_detail(&ids[0]).await.unwrap().rules.unwrap();
    let trace = run.trace.clone().unwrap();
    assert!(
        trace
            .rules
            .iter()
            .any(|r| !r.name.is_empty() && !r.conditions.is_empty()),
        "the packed trace reads back with the rules' names and conditions"
    );
    let json = serde_json::to_string(&trace).unwrap();

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", t.path.display()))
        .await
        .unwrap();
    type Stored = (
        Option<String>,
        Option<String>,
        Option<Vec<u8>>,
        Option<Vec<u8>>,
    );
    let (decision, text, packed, _): Stored = sqlx::query_as(
        "SELECT decision, trace, trace_packed, decision_packed FROM order_rule_runs WHERE order_id = ?",
    )
    .bind(ids[0].as_str())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((decision, text), (None, None), "new runs keep no JSON copy");
    let packed = packed.expect("the trace is stored packed");
    assert!(
        packed.len() * 4 < json.len(),
        "{} bytes packed, {} as JSON",
        packed.len(),
        json.len()
    );

    // Runs recorded before packing: the JSON decision with an LZ4 trace (0006), or a text trace.
    let lz4 = lz4_flex::compress_prepend_size(json.as_bytes());
    let decision = serde_json::to_string(&run.decision).unwrap();
    for (text, compressed) in [(None, Some(lz4)), (Some(json.clone()), None)] {
        sqlx::query(
            "UPDATE order_rule_runs SET decision = ?, trace = ?, trace_lz4 = ?, \
             decision_packed = NULL, trace_packed = NULL WHERE order_id = ?",
        )
        .bind(&decision)
        .bind(text)
        .bind(compressed)
        .bind(ids[0].as_str())
        .execute(&pool)
        .await
        .unwrap();
        let legacy = t.app.order_detail(&ids[0]).await.unwrap().rules;
        assert_eq!(
            legacy.as_ref(),
            Some(&run),
            "a JSON run reads as it was written"
        );
    }
    pool.close().await;
}

#[tokio::test]
async fn a_channel_update_runs_the_rules_again_but_never_overwrites_what_a_person_set() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;
    let sent = incoming("1", "Ada");
    let id = t.import(&shop, vec![sent.clone()]).await.remove(0);

    // A person holds the order by hand; the channel then raises the total past the review limit.
    t.app
        .apply_one(
            &id,
            &ManualAction::Hold {
                reason: HoldReason::ManualReview,
                note: "customer called".into(),
                release_at: None,
            },
            &ana(),
        )
        .await
        .unwrap();
    let mut changed = sent;
    changed.total = 70_000;
    changed.updated_at += Duration::minutes(5);
    t.app
        .import_orders(&shop, vec![changed], None)
        .await
        .unwrap();

    let o = t.stored(&id).await.order;
    let hold = o.hold.expect("still held");
    assert_eq!(
        hold.reason,
        HoldReason::ManualReview,
        "the person's hold stays"
    );
    assert!(o.owned_fields.contains(&OwnedField::Hold));
    let run = t.store.rules_run(&id).await.unwrap().unwrap();
    assert_eq!(
        run.cause,
        RunCause::ChannelUpdate,
        "the rules did run again"
    );
    assert!(run.decision.kept.contains(&OwnedField::Hold));
}

#[tokio::test]
async fn a_timed_rule_hold_releases_itself_and_the_same_rule_does_not_hold_again() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let reno = warehouse(&t, "Reno").await;
    let rs = ruleset(vec![
        rule(
            1,
            "Cool-off for new customers",
            "holds",
            json!("always"),
            json!([{"hold": {"reason": "manual_review", "note": "cool-off", "release_after_minutes": 60}}]),
        ),
        rule(
            2,
            "Ship from Reno",
            "location",
            json!("always"),
            json!([{"assign_location": {"location_id": reno.to_string()}}]),
        ),
    ]);
    save(&t, &rs, 0).await;
    let id = t.import(&shop, vec![incoming("1", "Ada")]).await.remove(0);
    assert_eq!(t.status(&id).await, OrderStatus::OnHold);

    t.advance(Duration::minutes(59));
    assert_eq!(t.app.release_due_holds().await.unwrap(), 0, "not yet due");
    t.advance(Duration::minutes(2));
    assert_eq!(t.app.release_due_holds().await.unwrap(), 1);

    let o = t.stored(&id).await.order;
    assert_eq!(o.status, OrderStatus::Ready, "released, not held again");
    assert_eq!(o.location_id, Some(reno));
    // Another re-run (or channel update) does not bring the served hold back.
    t.app.rerun_rules(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(t.status(&id).await, OrderStatus::Ready);
}

#[tokio::test]
async fn releasing_by_hand_runs_the_later_stages_and_the_rules_do_not_hold_it_again() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;
    let mut big = incoming("1", "Ada");
    big.total = 60_000;
    let id = t.import(&shop, vec![big]).await.remove(0);

    // The service rule changes while the order waits.
    let mut rs2 = rs.clone();
    rs2.rules[2].then = ruleset(vec![rule(
        3,
        "x",
        "service",
        json!("always"),
        json!([{"set_service": {"carrier": "FedEx", "service": "Home"}}]),
    )])
    .rules[0]
        .then
        .clone();
    save(&t, &rs2, 1).await;

    t.app
        .apply_one(
            &id,
            &ManualAction::Release {
                note: "paid by wire".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert_eq!(o.status, OrderStatus::Ready);
    assert_eq!(
        o.carrier.as_deref(),
        Some("FedEx"),
        "later stages re-ran on release"
    );
    let run = t.store.rules_run(&id).await.unwrap().unwrap();
    assert_eq!((run.cause, run.ruleset_version), (RunCause::Released, 2));
}

#[tokio::test]
async fn re_running_applies_new_rules_and_refuses_orders_that_have_left() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let ids = t
        .import(&shop, vec![incoming("1", "Ada"), incoming("2", "Bob")])
        .await;
    t.app
        .apply_one(
            &ids[1],
            &ManualAction::Ship {
                carrier: "UPS".into(),
                service: None,
                tracking: vec!["1Z".into()],
            },
            &ana(),
        )
        .await
        .unwrap();
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;

    let outcome = t.app.rerun_rules(&ids).await.unwrap();
    assert_eq!(outcome.applied, vec![ids[0].clone()]);
    assert_eq!(outcome.refused.len(), 1);
    assert_eq!(outcome.refused[0].code, ErrorCode::NotAllowed);
    assert_eq!(
        t.stored(&ids[0]).await.order.carrier.as_deref(),
        Some("UPS")
    );
    assert_eq!(
        t.stored(&ids[1]).await.order.service,
        None,
        "a shipped order is not touched"
    );
}

#[tokio::test]
async fn a_dry_run_shows_each_change_field_by_field_and_changes_nothing() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut big = incoming("1", "Ada");
    big.total = 60_000;
    let ids = t.import(&shop, vec![big, incoming("2", "Bob")]).await;
    let before = t.stored(&ids[0]).await;
    let (draft, _) = routing_rules(&t).await;

    let report = t
        .app
        .dry_run(&draft, &DryRunScope::default())
        .await
        .unwrap();
    assert_eq!((report.evaluated, report.changed), (2, 2));
    let ada = report.orders.iter().find(|d| d.order_id == ids[0]).unwrap();
    let fields: Vec<&str> = ada.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["status", "hold", "location", "carrier", "service"]);
    let status = &ada.changes[0];
    assert_eq!(
        (status.before.as_deref(), status.after.as_deref()),
        (Some("ready"), Some("on_hold"))
    );
    assert_eq!(
        report
            .by_field
            .iter()
            .find(|f| f.field == "carrier")
            .unwrap()
            .orders,
        2
    );

    assert_eq!(t.stored(&ids[0]).await, before, "the order is untouched");
    assert_eq!(t.app.rules_view().await.unwrap().ruleset.version, 0);
    assert!(t.store.rules_run(&ids[0]).await.unwrap().is_none());
}

#[tokio::test]
async fn testing_a_draft_on_an_order_gives_its_full_trace_without_saving() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let id = t.import(&shop, vec![incoming("1", "Ada")]).await.remove(0);
    let (draft, _) = routing_rules(&t).await;
    let test = t.app.test_rules(Some(&draft), &id).await.unwrap();
    assert_eq!(test.trace.rules.len(), 3);
    assert_eq!(test.trace.rules[0].outcome, RuleOutcome::NotMatched);
    assert_eq!(test.decision.carrier.as_ref().unwrap().value, "UPS");
    assert!(test.changes.iter().any(|c| c.field == "carrier"));
    assert_eq!(t.stored(&id).await.order.carrier, None);
}

#[tokio::test]
async fn a_rule_routing_to_a_deleted_location_holds_the_order_unroutable() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let gone = LocationId::new();
    let rs = ruleset(vec![rule(
        1,
        "Ship from the old warehouse",
        "location",
        json!("always"),
        json!([{"assign_location": {"location_id": gone.to_string()}}]),
    )]);
    let view = t.app.save_ruleset(&rs, 0, &ana()).await.unwrap();
    assert!(
        view.problems
            .iter()
            .any(|p| p.message.contains(gone.as_str())),
        "saved with a warning naming the location: {:?}",
        view.problems
    );
    let id = t.import(&shop, vec![incoming("1", "Ada")]).await.remove(0);
    let o = t.stored(&id).await.order;
    assert_eq!(o.status, OrderStatus::OnHold, "never dropped");
    assert_eq!(o.hold.unwrap().reason, HoldReason::Unroutable);
}

#[tokio::test]
async fn a_ruleset_saved_by_another_process_applies_to_the_next_import() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    t.import(&shop, vec![incoming("1", "Ada")]).await;
    // A second App over the same file (the CLI beside the window) saves rules.
    let other = waybill_app::App::open(&t.path).await.unwrap();
    let (rs, _) = routing_rules(&t).await;
    other.save_ruleset(&rs, 0, &ana()).await.unwrap();

    let id = t.import(&shop, vec![incoming("2", "Bob")]).await.remove(0);
    assert_eq!(t.stored(&id).await.order.carrier.as_deref(), Some("UPS"));
}

#[tokio::test]
async fn hit_counts_and_the_held_overview_follow_the_orders() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let (rs, _) = routing_rules(&t).await;
    save(&t, &rs, 0).await;
    let mut big = incoming("1", "Ada");
    big.total = 60_000;
    big.ship_by = Some(t.now() - Duration::hours(1));
    let mut big2 = incoming("2", "Bob");
    big2.total = 90_000;
    big2.ship_by = Some(t.now() + Duration::hours(5));
    t.import(&shop, vec![big, big2, incoming("3", "Cy")]).await;

    let view = t.app.rules_view().await.unwrap();
    let hits = |n: u32| {
        view.hits
            .iter()
            .find(|h| h.rule_id == rule_id(n))
            .map(|h| (h.last_7_days, h.last_30_days))
    };
    assert_eq!(hits(1), Some((2, 2)));
    assert_eq!(hits(2), Some((3, 3)));

    let held = t.app.held_overview().await.unwrap();
    assert_eq!((held.total, held.overdue, held.due_today), (2, 1, 1));
    assert_eq!(held.groups[0].reason, HoldReason::FraudRisk);
    assert_eq!(held.groups[0].oldest_held_at, Some(t.now()));
}
