use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::event::Actor;
use crate::ids::{ChannelId, LocationId, OrderId};

fn loc(n: u128) -> LocationId {
    LocationId::from_parts(1, n)
}

fn order(n: u128) -> OrderId {
    OrderId::from_parts(2, n)
}

fn stocked(rows: &[(u128, &str, u32, u32)]) -> Inventory {
    Inventory::from_levels(
        rows.iter()
            .map(|(l, sku, on, res)| (loc(*l), (*sku).to_owned(), StockLevel::new(*on, *res))),
    )
}

fn applied(
    inv: &mut Inventory,
    op: impl FnOnce(&Inventory) -> Result<StockMovement, StockError>,
) -> StockMovement {
    let m = op(inv).unwrap();
    inv.apply(&m);
    m
}

#[test]
fn a_reservation_is_all_or_nothing_and_names_every_short_sku() {
    let inv = stocked(&[(1, "A", 5, 0), (1, "B", 1, 0), (1, "C", 2, 1)]);
    let err = inv
        .reserve(
            &loc(1),
            &order(1),
            &[Want::new("A", 2), Want::new("B", 3), Want::new("C", 2)],
        )
        .unwrap_err();
    let StockError::Insufficient { location, missing } = &err else {
        panic!("expected Insufficient, got {err:?}");
    };
    assert_eq!(location, &loc(1));
    let named: Vec<_> = missing
        .iter()
        .map(|m| (m.sku.as_str(), m.requested, m.available))
        .collect();
    assert_eq!(named, [("B", 3, 1), ("C", 2, 1)]);
    assert!(err.to_string().contains("B needs 3, 1 available"), "{err}");
}

#[test]
fn two_lines_of_one_sku_cannot_both_take_the_last_unit() {
    let inv = stocked(&[(1, "A", 1, 0)]);
    let err = inv.reserve(&loc(1), &order(1), &[Want::new("A", 1), Want::new("A", 1)]);
    assert!(
        matches!(err, Err(StockError::Insufficient { .. })),
        "{err:?}"
    );
}

#[test]
fn reserve_release_and_consume_move_reserved_and_on_hand_as_documented() {
    let mut inv = stocked(&[(1, "A", 10, 0)]);
    applied(&mut inv, |inv| {
        inv.reserve(&loc(1), &order(1), &[Want::new("A", 4)])
    });
    assert_eq!(inv.level(&loc(1), "A"), StockLevel::new(10, 4));
    applied(&mut inv, |inv| {
        inv.release(&loc(1), &order(1), &[Want::new("A", 1)])
    });
    assert_eq!(inv.level(&loc(1), "A"), StockLevel::new(10, 3));
    let m = applied(&mut inv, |inv| {
        inv.consume(&loc(1), &order(1), &[Want::new("A", 3)])
    });
    assert_eq!(inv.level(&loc(1), "A"), StockLevel::new(7, 0));
    assert_eq!(m.kind, MovementKind::Consumed { order: order(1) });
}

#[test]
fn releasing_or_consuming_more_than_reserved_is_refused() {
    let inv = stocked(&[(1, "A", 10, 2)]);
    for err in [
        inv.release(&loc(1), &order(1), &[Want::new("A", 3)]),
        inv.consume(&loc(1), &order(1), &[Want::new("A", 3)]),
    ] {
        let err = err.unwrap_err();
        assert!(
            matches!(
                err,
                StockError::NotReserved {
                    reserved: 2,
                    requested: 3,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("A at loc_"),
            "the error names sku and location: {err}"
        );
    }
}

#[test]
fn a_count_below_reserved_clamps_available_at_zero_and_reports_the_shortfall() {
    let mut inv = stocked(&[(1, "A", 10, 6)]);
    let m = applied(&mut inv, |inv| {
        inv.set_count(&loc(1), "A", 4, &Actor::user("ada"))
    });
    let level = inv.level(&loc(1), "A");
    assert_eq!(level.available(), 0, "available never goes negative");
    assert_eq!(level.shortfall(), 2);
    assert_eq!(
        m.shortfalls(),
        [Shortfall {
            location: loc(1),
            sku: "A".into(),
            units: 2
        }],
        "the orders holding the missing units must be re-routed"
    );
}

#[test]
fn a_count_that_matches_the_shelf_changes_nothing() {
    let inv = stocked(&[(1, "A", 10, 6)]);
    assert!(
        inv.set_count(&loc(1), "A", 10, &Actor::system())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_adjustment_records_reason_and_actor_and_never_goes_below_zero_on_hand() {
    let mut inv = stocked(&[(1, "A", 3, 0)]);
    let m = applied(&mut inv, |inv| {
        inv.adjust(
            &loc(1),
            "A",
            -2,
            AdjustmentReason::Damaged,
            "forklift",
            &Actor::user("bo"),
        )
    });
    assert_eq!(inv.level(&loc(1), "A").on_hand, 1);
    assert_eq!(
        m.kind,
        MovementKind::Adjusted {
            reason: AdjustmentReason::Damaged,
            note: "forklift".into(),
            actor: Actor::user("bo"),
        }
    );
    let err = inv
        .adjust(
            &loc(1),
            "A",
            -2,
            AdjustmentReason::Lost,
            "",
            &Actor::system(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StockError::NegativeOnHand {
                on_hand: 1,
                delta: -2,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn reconciling_from_a_partner_report_sets_every_sku_and_zeroes_the_ones_it_leaves_out() {
    let inv = stocked(&[
        (1, "A", 5, 2),
        (1, "B", 3, 0),
        (1, "C", 7, 0),
        (2, "B", 9, 0),
    ]);
    let report = [
        ("A".to_owned(), 1),
        ("C".to_owned(), 7),
        ("D".to_owned(), 4),
    ];
    let m = inv.reconcile(&loc(1), &report, "3pl:shipbob").unwrap();
    let rows: Vec<_> = m.deltas.iter().map(|d| (d.sku.as_str(), d.after)).collect();
    assert_eq!(
        rows,
        [
            ("A", StockLevel::new(1, 2)),
            ("B", StockLevel::new(0, 0)),
            ("D", StockLevel::new(4, 0)),
        ],
        "unchanged C is left out; another location's B is untouched; reserved stays"
    );
    assert_eq!(
        m.shortfalls().len(),
        1,
        "A now has 2 reserved and 1 on hand"
    );
}

fn feed(channel: u128, locations: &[u128], buffer: u32) -> ChannelFeed {
    ChannelFeed {
        channel: ChannelId::from_parts(3, channel),
        locations: locations.iter().map(|l| loc(*l)).collect(),
        buffer,
    }
}

#[test]
fn a_channel_sells_the_available_of_its_locations_minus_its_buffer_floored_at_zero() {
    let inv = stocked(&[(1, "A", 5, 1), (2, "A", 3, 0), (3, "A", 100, 0)]);
    assert_eq!(sellable(&inv, &feed(1, &[1, 2], 2), "A"), 5);
    assert_eq!(sellable(&inv, &feed(1, &[1, 2], 50), "A"), 0);
    assert_eq!(sellable(&inv, &feed(1, &[1], 0), "missing"), 0);
}

#[test]
fn only_channels_whose_sellable_quantity_changed_get_a_push() {
    let mut inv = stocked(&[(1, "A", 5, 0), (2, "A", 5, 0), (1, "B", 5, 0)]);
    let feeds = [feed(1, &[1], 0), feed(2, &[2], 0), feed(3, &[1, 2], 20)];
    let mut window = ChangedStock::new();
    for m in [
        inv.adjust(
            &loc(1),
            "A",
            3,
            AdjustmentReason::Received,
            "",
            &Actor::system(),
        ),
        // Reserved then consumed: on hand drops by what was reserved, available is unchanged
        // relative to after the reservation, but not relative to before the window.
        inv.set_count(&loc(1), "B", 5, &Actor::system()),
    ] {
        let m = m.unwrap();
        inv.apply(&m);
        window.record(&m);
    }
    let pushes = channel_pushes(&inv, &feeds, &window);
    let got: Vec<_> = pushes
        .iter()
        .map(|p| (p.channel.clone(), p.sku.as_str(), p.previous, p.quantity))
        .collect();
    assert_eq!(
        got,
        [(ChannelId::from_parts(3, 1), "A", 5, 8)],
        "channel 2 is not fed by loc 1, channel 3's buffer hides the change, B did not change"
    );
}

#[test]
fn changes_that_cancel_out_within_a_window_push_nothing() {
    let mut inv = stocked(&[(1, "A", 5, 0)]);
    let feeds = [feed(1, &[1], 0)];
    let mut window = ChangedStock::new();
    let a = inv
        .reserve(&loc(1), &order(1), &[Want::new("A", 2)])
        .unwrap();
    inv.apply(&a);
    window.record(&a);
    let b = inv
        .release(&loc(1), &order(1), &[Want::new("A", 2)])
        .unwrap();
    inv.apply(&b);
    window.record(&b);
    assert!(channel_pushes(&inv, &feeds, &window).is_empty());
}

#[test]
fn products_know_oversized_and_hazmat_from_tags_or_size() {
    let tagged = Product::new("S", "Drum", 900, None, &["HazMat ".into()]);
    assert!(tagged.is_hazmat() && !tagged.is_oversized());
    let long = Product::new(
        "K",
        "Kayak",
        20_000,
        Some(Dimensions {
            length_mm: 3_000,
            width_mm: 600,
            height_mm: 400,
        }),
        &[],
    );
    assert!(long.is_oversized());
}

#[derive(Debug, Clone)]
enum Op {
    Reserve(u8, u8, u32),
    Release(u8, u8, u32),
    Consume(u8, u8, u32),
    Adjust(u8, i64),
    Count(u8, u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6u8, 0..3u8, 1..6u32).prop_map(|(o, s, q)| Op::Reserve(o, s, q)),
        (0..6u8, 0..3u8, 1..6u32).prop_map(|(o, s, q)| Op::Release(o, s, q)),
        (0..6u8, 0..3u8, 1..6u32).prop_map(|(o, s, q)| Op::Consume(o, s, q)),
        (0..3u8, -8..8i64).prop_map(|(s, d)| Op::Adjust(s, d)),
        (0..3u8, 0..15u32).prop_map(|(s, n)| Op::Count(s, n)),
    ]
}

const SKUS: [&str; 3] = ["A", "B", "C"];

proptest! {
    /// Stock arithmetic: available is never negative, reserved always equals what orders hold,
    /// and a refused operation changes nothing.
    #[test]
    fn reservations_always_sum_to_what_orders_hold(ops in prop::collection::vec(op(), 1..60)) {
        let l = loc(1);
        let mut inv = stocked(&[(1, "A", 10, 0), (1, "B", 3, 0), (1, "C", 0, 0)]);
        let mut held: HashMap<(u8, u8), u32> = HashMap::new();
        for op in ops {
            let before = inv.clone();
            let (result, hold_change) = match op {
                Op::Reserve(o, s, q) => (inv.reserve(&l, &order(o.into()), &[Want::new(SKUS[s as usize], q)]), Some((o, s, i64::from(q)))),
                Op::Release(o, s, q) | Op::Consume(o, s, q) => {
                    // Orders only give back what they hold (the store keeps reservations per
                    // order line; stock rows only know the total).
                    let holds = held.get(&(o, s)).copied().unwrap_or(0);
                    let q = q.min(holds);
                    if q == 0 {
                        continue;
                    }
                    let lines = [Want::new(SKUS[s as usize], q)];
                    let r = if matches!(op, Op::Release(..)) { inv.release(&l, &order(o.into()), &lines) } else { inv.consume(&l, &order(o.into()), &lines) };
                    (r, Some((o, s, -i64::from(q))))
                }
                Op::Adjust(s, d) => (inv.adjust(&l, SKUS[s as usize], d, AdjustmentReason::Correction, "", &Actor::system()), None),
                Op::Count(s, n) => (inv.set_count(&l, SKUS[s as usize], n, &Actor::system()), None),
            };
            match result {
                Ok(m) => {
                    inv.apply(&m);
                    if let Some((o, s, d)) = hold_change {
                        let h = held.entry((o, s)).or_insert(0);
                        *h = u32::try_from(i64::from(*h) + d).unwrap();
                    }
                }
                Err(_) => prop_assert_eq!(&inv, &before, "a refused operation changed stock"),
            }
            for (s, sku) in SKUS.iter().enumerate() {
                let level = inv.level(&l, sku);
                let owed: u32 = held.iter().filter(|((_, hs), _)| usize::from(*hs) == s).map(|(_, q)| q).sum();
                prop_assert_eq!(level.reserved, owed, "reserved of {} drifted from what orders hold", sku);
                prop_assert_eq!(level.available(), level.on_hand.saturating_sub(level.reserved));
            }
        }
    }
}

proptest! {
    /// Coalescing is exact: the pushes are precisely the (channel, SKU) pairs whose sellable
    /// quantity differs between before and after the window, whatever happened in between.
    #[test]
    fn pushes_are_exactly_the_changed_sellable_quantities(
        start in prop::collection::vec((0..3u128, 0..4u8, 0..8u32, 0..4u32), 0..12),
        counts in prop::collection::vec((0..3u128, 0..4u8, 0..8u32), 1..12),
        feeds in prop::collection::vec((prop::collection::vec(0..3u128, 0..3), 0..4u32), 1..4),
    ) {
        let skus = ["A", "B", "C", "D"];
        let mut inv = Inventory::from_levels(start.iter().map(|(l, s, on, res)| {
            (loc(*l), skus[*s as usize].to_owned(), StockLevel::new(*on, *res))
        }));
        let before = inv.clone();
        let feeds: Vec<ChannelFeed> = feeds
            .iter()
            .enumerate()
            .map(|(i, (ls, buffer))| feed(i as u128, ls, *buffer))
            .collect();
        let mut window = ChangedStock::new();
        for (l, s, n) in counts {
            let m = inv.set_count(&loc(l), skus[s as usize], n, &Actor::system()).unwrap();
            inv.apply(&m);
            window.record(&m);
        }
        let got = channel_pushes(&inv, &feeds, &window);
        let mut want = Vec::new();
        for f in &feeds {
            for sku in skus {
                let (was, now) = (sellable(&before, f, sku), sellable(&inv, f, sku));
                if was != now {
                    want.push(StockPush { channel: f.channel.clone(), sku: sku.to_owned(), quantity: now, previous: was });
                }
            }
        }
        want.sort_by(|a, b| a.channel.cmp(&b.channel).then_with(|| a.sku.cmp(&b.sku)));
        prop_assert_eq!(got, want);
    }
}
