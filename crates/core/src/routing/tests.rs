use std::collections::HashMap;

use proptest::prelude::{
    Just, ProptestConfig, prop, prop_assert, prop_assert_eq, prop_oneof, proptest,
};
use proptest::strategy::Strategy as _;

use super::*;
use crate::ids::LocationId;
use crate::location::LocationKind;
use crate::routing::Strategy;
use crate::routing::zip3;

/// Stock as a plain table: (location index, SKU) → available.
struct Table(HashMap<(LocationId, String), u32>);

impl StockView for Table {
    fn available(&self, location: &LocationId, sku: &str) -> u32 {
        self.0
            .get(&(location.clone(), sku.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

fn loc(n: u128) -> LocationId {
    LocationId::from_parts(1, n)
}

fn candidate(n: u128, zip: &str) -> Candidate {
    Candidate {
        id: loc(n),
        kind: LocationKind::Warehouse,
        postal_code: zip.into(),
        country: "US".into(),
        capacity_left: None,
    }
}

fn table(rows: &[(u128, &str, u32)]) -> Table {
    Table(
        rows.iter()
            .map(|(l, s, q)| ((loc(*l), (*s).to_owned()), *q))
            .collect(),
    )
}

fn line(sku: &str, quantity: u32, unit_price: i64, group: Option<&str>) -> RouteLine {
    RouteLine {
        sku: sku.into(),
        quantity,
        unit_price,
        group: group.map(Into::into),
    }
}

fn request(lines: Vec<RouteLine>, zip: &str) -> RouteRequest {
    RouteRequest {
        lines,
        ship_to: Destination {
            postal_code: zip.into(),
            country: "US".into(),
        },
        currency: "USD".into(),
    }
}

/// Locations of the shipments, with their line indices.
fn placed(a: &Allocation) -> Vec<(LocationId, Vec<u32>)> {
    a.shipments()
        .iter()
        .map(|s| (s.location.clone(), s.lines.iter().map(|l| l.line).collect()))
        .collect()
}

const NEW_YORK: &str = "10001";
const NEWARK: &str = "07102";
const LOS_ANGELES: &str = "90001";
const CHICAGO: &str = "60601";

fn split(min: i64, tags: &[&str]) -> Strategy {
    Strategy::SplitByAvailability {
        min_shipment_value: min,
        keep_together_tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn fewest() -> Strategy {
    Strategy::FewestShipments {
        min_shipment_value: 0,
        keep_together_tags: vec![],
    }
}

#[test]
fn the_bundled_zip3_table_loads_and_measures_real_distances() {
    assert_eq!(
        zip3::known_prefixes(),
        896,
        "every row of data/us_zip3_centroids.csv"
    );
    let Distance::Km(km) = distance_km((NEW_YORK, "US"), (LOS_ANGELES, "US")) else {
        panic!("both are known ZIPs");
    };
    assert!(
        (3_850..=4_050).contains(&km),
        "New York to Los Angeles is ~3 940 km, got {km}"
    );
    assert_eq!(
        distance_km(("09001", "US"), (NEW_YORK, "US")),
        Distance::Unknown
    );
    assert_eq!(
        distance_km(("10115", "DE"), (NEW_YORK, "US")),
        Distance::Unknown
    );
}

#[test]
fn fixed_ships_everything_from_its_location_or_names_what_it_lacks() {
    let cands = [candidate(1, LOS_ANGELES), candidate(2, NEW_YORK)];
    let stock = table(&[(1, "A", 1), (2, "A", 9)]);
    let fixed = Strategy::Fixed {
        location_id: loc(1),
    };
    let ok = allocate(
        &fixed,
        &request(vec![line("A", 1, 100, None)], NEW_YORK),
        &cands,
        &stock,
    );
    assert_eq!(
        placed(&ok),
        [(loc(1), vec![0])],
        "fixed ignores a nearer location"
    );
    let short = allocate(
        &fixed,
        &request(vec![line("A", 2, 100, None)], NEW_YORK),
        &cands,
        &stock,
    );
    let Allocation::Unroutable { reason, shortages } = short else {
        panic!("{short:?}")
    };
    assert_eq!(
        shortages,
        [Shortage {
            sku: "A".into(),
            requested: 2,
            available: 1
        }]
    );
    assert!(reason.contains("A needs 2, 1 available"), "{reason}");
}

#[test]
fn ranked_takes_the_first_location_that_has_every_line() {
    let cands = [
        candidate(1, NEW_YORK),
        candidate(2, CHICAGO),
        candidate(3, LOS_ANGELES),
    ];
    let stock = table(&[
        (3, "A", 5),
        (3, "B", 5),
        (2, "A", 5),
        (2, "B", 5),
        (1, "A", 5),
    ]);
    let ranked = Strategy::Ranked {
        locations: vec![loc(1), loc(3), loc(2)],
    };
    let a = allocate(
        &ranked,
        &request(vec![line("A", 1, 1, None), line("B", 1, 1, None)], NEW_YORK),
        &cands,
        &stock,
    );
    assert_eq!(
        placed(&a),
        [(loc(3), vec![0, 1])],
        "loc 1 lacks B; loc 3 outranks loc 2"
    );
}

#[test]
fn nearest_in_stock_picks_the_closest_location_with_everything() {
    let cands = [
        candidate(1, LOS_ANGELES),
        candidate(2, CHICAGO),
        candidate(3, NEWARK),
    ];
    let stock = table(&[
        (1, "A", 5),
        (2, "A", 5),
        (3, "A", 5),
        (3, "B", 0),
        (2, "B", 1),
        (1, "B", 1),
    ]);
    let lines = vec![line("A", 1, 1, None), line("B", 1, 1, None)];
    let a = allocate(
        &Strategy::NearestInStock {},
        &request(lines, NEW_YORK),
        &cands,
        &stock,
    );
    assert_eq!(
        placed(&a),
        [(loc(2), vec![0, 1])],
        "Newark lacks B; Chicago is nearer than LA"
    );
}

#[test]
fn an_unknown_postal_code_falls_back_to_same_country_then_listed_order_and_says_so() {
    let mut abroad = candidate(1, "10115");
    abroad.country = "DE".into();
    let cands = [abroad, candidate(2, LOS_ANGELES), candidate(3, NEWARK)];
    let stock = table(&[(1, "A", 5), (2, "A", 5), (3, "A", 5)]);
    let a = allocate(
        &Strategy::NearestInStock {},
        &request(vec![line("A", 1, 1, None)], "09001"),
        &cands,
        &stock,
    );
    let Allocation::Routed { shipments, notes } = &a else {
        panic!("{a:?}")
    };
    assert_eq!(
        shipments[0].location,
        loc(2),
        "same country first, then the listed order"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("distance unknown for US 09001")),
        "{notes:?}"
    );
}

#[test]
fn fewest_shipments_prefers_one_far_location_to_two_near_ones() {
    let cands = [
        candidate(1, NEWARK),
        candidate(2, CHICAGO),
        candidate(3, LOS_ANGELES),
    ];
    let stock = table(&[(1, "A", 1), (2, "B", 1), (3, "A", 1), (3, "B", 1)]);
    let lines = vec![line("A", 1, 1, None), line("B", 1, 1, None)];
    let a = allocate(&fewest(), &request(lines.clone(), NEW_YORK), &cands, &stock);
    assert_eq!(placed(&a), [(loc(3), vec![0, 1])]);
    let s = allocate(&split(0, &[]), &request(lines, NEW_YORK), &cands, &stock);
    assert_eq!(
        placed(&s),
        [(loc(1), vec![0]), (loc(2), vec![1])],
        "split takes the nearest first"
    );
}

#[test]
fn a_split_shipment_below_the_minimum_is_folded_into_another_or_the_order_is_unroutable() {
    let cands = [candidate(1, NEWARK), candidate(2, CHICAGO)];
    let lines = vec![line("A", 1, 5_000, None), line("B", 1, 300, None)];
    // Nearest first would send A from Newark and the 3.00 B from Chicago: B folds into Newark.
    let fold = table(&[(1, "A", 1), (1, "B", 1), (2, "B", 1)]);
    let mut chicago_first = cands.clone();
    chicago_first.reverse();
    let a = allocate(
        &split(1_000, &[]),
        &request(lines.clone(), NEW_YORK),
        &chicago_first,
        &fold,
    );
    assert_eq!(placed(&a), [(loc(1), vec![0, 1])]);
    // B only in Chicago, A in both: the big part moves to Chicago instead.
    let moved = table(&[(1, "A", 1), (2, "A", 1), (2, "B", 1)]);
    let a = allocate(
        &split(1_000, &[]),
        &request(lines.clone(), NEW_YORK),
        &cands,
        &moved,
    );
    assert_eq!(placed(&a), [(loc(2), vec![0, 1])]);
    // A only in Newark, B only in Chicago: any split leaves a 3.00 shipment.
    let apart = table(&[(1, "A", 1), (2, "B", 1)]);
    let a = allocate(
        &split(1_000, &[]),
        &request(lines.clone(), NEW_YORK),
        &cands,
        &apart,
    );
    let Allocation::Unroutable { reason, .. } = &a else {
        panic!("{a:?}")
    };
    assert!(
        reason.contains("below the minimum of 10.00 USD"),
        "{reason}"
    );
    let a = allocate(&split(0, &[]), &request(lines, NEW_YORK), &cands, &apart);
    assert_eq!(placed(&a).len(), 2, "without a minimum the split is fine");
}

#[test]
fn keep_together_groups_ship_from_one_location_or_not_at_all() {
    let cands = [candidate(1, NEWARK), candidate(2, CHICAGO)];
    let stock = table(&[(1, "A", 1), (2, "A", 1), (2, "B", 1)]);
    let lines = vec![line("A", 1, 1, Some("set")), line("B", 1, 1, Some("set"))];
    let a = allocate(&split(0, &[]), &request(lines, NEW_YORK), &cands, &stock);
    assert_eq!(
        placed(&a),
        [(loc(2), vec![0, 1])],
        "the set goes whole to Chicago"
    );
    let stock = table(&[(1, "A", 1), (2, "B", 1)]);
    let lines = vec![line("A", 1, 1, Some("set")), line("B", 1, 1, Some("set"))];
    let a = allocate(&split(0, &[]), &request(lines, NEW_YORK), &cands, &stock);
    let Allocation::Unroutable { reason, .. } = &a else {
        panic!("{a:?}")
    };
    assert!(reason.contains("keep-together group \"set\""), "{reason}");
}

#[test]
fn a_location_at_its_daily_capacity_is_skipped() {
    let mut near = candidate(1, NEWARK);
    near.capacity_left = Some(0);
    let cands = [near, candidate(2, LOS_ANGELES)];
    let stock = table(&[(1, "A", 5), (2, "A", 5)]);
    let a = allocate(
        &Strategy::NearestInStock {},
        &request(vec![line("A", 1, 1, None)], NEW_YORK),
        &cands,
        &stock,
    );
    assert_eq!(placed(&a), [(loc(2), vec![0])]);
}

// ---- properties ----

const ZIPS: [&str; 5] = [NEW_YORK, NEWARK, LOS_ANGELES, CHICAGO, "09001"];
const PSKUS: [&str; 4] = ["A", "B", "C", "D"];

#[derive(Debug, Clone)]
struct Case {
    cands: Vec<Candidate>,
    stock: Vec<(u128, &'static str, u32)>,
    lines: Vec<RouteLine>,
    zip: &'static str,
    strategy: Strategy,
}

fn case() -> impl proptest::strategy::Strategy<Value = Case> {
    let cands = prop::collection::vec((0..5usize, prop::option::of(0..3u32)), 1..5);
    // A grid of (location, SKU) quantities, about a third of them empty.
    let stock = prop::collection::vec(prop_oneof![Just(0u32), 1..5u32, 1..5u32], 20);
    let lines = prop::collection::vec(
        (0..4usize, 1..4u32, 0..2_000i64, prop::option::of(0..2usize)),
        1..6,
    );
    (
        cands,
        stock,
        lines,
        0..5usize,
        0..5usize,
        0..1_500i64,
        0..4usize,
    )
        .prop_map(|(cands, stock, lines, zip, kind, min, rank_seed)| {
            let cands: Vec<Candidate> = cands
                .into_iter()
                .enumerate()
                .map(|(i, (z, cap))| Candidate {
                    capacity_left: cap,
                    ..candidate(i as u128, ZIPS[z])
                })
                .collect();
            let ids: Vec<LocationId> = cands.iter().map(|c| c.id.clone()).collect();
            let strategy = match kind {
                0 => Strategy::Fixed {
                    location_id: ids[rank_seed % ids.len()].clone(),
                },
                1 => Strategy::Ranked {
                    locations: ids
                        .iter()
                        .cycle()
                        .skip(rank_seed)
                        .take(ids.len())
                        .cloned()
                        .collect(),
                },
                2 => Strategy::NearestInStock {},
                3 => Strategy::FewestShipments {
                    min_shipment_value: min,
                    keep_together_tags: vec![],
                },
                _ => split(min, &[]),
            };
            Case {
                cands,
                stock: stock
                    .into_iter()
                    .enumerate()
                    .map(|(i, q)| ((i / 4) as u128, PSKUS[i % 4], q))
                    .collect(),
                lines: lines
                    .into_iter()
                    .map(|(s, q, p, g)| line(PSKUS[s], q, p, g.map(|g| ["g1", "g2"][g])))
                    .collect(),
                zip: ZIPS[zip],
                strategy,
            }
        })
}

/// Whether one candidate with capacity has every line's SKU in the quantity asked.
fn can_ship_all(c: &Candidate, lines: &[RouteLine], stock: &Table) -> bool {
    let mut want: HashMap<&str, u32> = HashMap::new();
    for l in lines {
        *want.entry(&l.sku).or_default() += l.quantity;
    }
    c.has_capacity() && want.iter().all(|(s, q)| stock.available(&c.id, s) >= *q)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// An allocation never takes more than is available, places every line exactly once and
    /// whole, keeps groups together, honours the minimum value and capacity, and fixed/ranked
    /// pick as documented; an unroutable result names every SKU short over the candidates.
    #[test]
    fn allocations_respect_stock_lines_groups_minimums_and_rank(c in case()) {
        let stock = table(&c.stock);
        let req = request(c.lines.clone(), c.zip);
        let a = allocate(&c.strategy, &req, &c.cands, &stock);
        match &a {
            Allocation::Routed { shipments, .. } => {
                let mut taken: HashMap<(LocationId, &str), u32> = HashMap::new();
                let mut seen = vec![0u32; c.lines.len()];
                let mut group_at: HashMap<&str, &LocationId> = HashMap::new();
                for s in shipments {
                    let cand = c.cands.iter().find(|x| x.id == s.location).unwrap();
                    prop_assert!(cand.has_capacity(), "shipped from a location at capacity");
                    let mut value = 0;
                    for l in &s.lines {
                        let src = &c.lines[l.line as usize];
                        prop_assert_eq!(l.quantity, src.quantity, "a line is shipped whole");
                        seen[l.line as usize] += 1;
                        *taken.entry((s.location.clone(), src.sku.as_str())).or_default() += l.quantity;
                        value += src.value();
                        if let Some(g) = &src.group {
                            let at = group_at.entry(g.as_str()).or_insert(&s.location);
                            prop_assert_eq!(*at, &s.location, "group {} was split", g);
                        }
                    }
                    if shipments.len() > 1 {
                        prop_assert!(value >= c.strategy.min_shipment_value(), "shipment below the minimum");
                    }
                }
                prop_assert!(seen.iter().all(|n| *n == 1), "every line exactly once: {:?}", seen);
                for ((l, sku), q) in &taken {
                    prop_assert!(*q <= stock.available(l, sku), "took {} of {} at {}", q, sku, l);
                }
                match &c.strategy {
                    Strategy::Fixed { location_id } => {
                        prop_assert_eq!(placed(&a).len(), 1);
                        prop_assert_eq!(&shipments[0].location, location_id);
                    }
                    Strategy::Ranked { locations } => {
                        let first = locations.iter()
                            .find(|id| c.cands.iter().any(|x| &x.id == *id && can_ship_all(x, &c.lines, &stock)));
                        prop_assert_eq!(Some(&shipments[0].location), first);
                        prop_assert_eq!(shipments.len(), 1);
                    }
                    Strategy::NearestInStock {} => prop_assert_eq!(shipments.len(), 1),
                    _ => {}
                }
            }
            Allocation::Unroutable { reason, shortages } => {
                prop_assert!(!reason.is_empty());
                let usable: Vec<&Candidate> = match &c.strategy {
                    Strategy::Fixed { location_id } => c.cands.iter().filter(|x| &x.id == location_id).collect(),
                    Strategy::Ranked { locations } => c.cands.iter().filter(|x| locations.contains(&x.id)).collect(),
                    _ => c.cands.iter().collect(),
                };
                let single = !matches!(c.strategy, Strategy::FewestShipments { .. } | Strategy::SplitByAvailability { .. });
                if single {
                    prop_assert!(!usable.iter().any(|x| can_ship_all(x, &c.lines, &stock)),
                        "a location could ship everything: {}", reason);
                }
                let usable: Vec<&Candidate> = usable.into_iter().filter(|x| x.has_capacity()).collect();
                if usable.is_empty() {
                    return Ok(());
                }
                let mut want: HashMap<&str, u32> = HashMap::new();
                for l in &c.lines {
                    *want.entry(&l.sku).or_default() += l.quantity;
                }
                for (sku, q) in want {
                    let have: Vec<u32> = usable.iter().map(|x| stock.available(&x.id, sku)).collect();
                    let best = if single { have.iter().copied().max().unwrap_or(0) } else { have.iter().sum() };
                    if best < q {
                        prop_assert!(shortages.iter().any(|s| s.sku == sku && s.requested == q && s.available == best),
                            "{} short ({} of {}) but not named: {:?}", sku, best, q, shortages);
                    }
                }
            }
        }
    }

    /// Routing is deterministic: the same question gets the same answer.
    #[test]
    fn allocation_is_deterministic(c in case()) {
        let stock = table(&c.stock);
        let req = request(c.lines.clone(), c.zip);
        prop_assert_eq!(allocate(&c.strategy, &req, &c.cands, &stock), allocate(&c.strategy, &req, &c.cands, &stock));
    }
}

#[test]
fn an_orders_lines_are_grouped_by_the_strategys_keep_together_tags() {
    use chrono::{TimeZone, Utc};

    use crate::address::Address;
    use crate::ids::{ChannelId, OrderId};
    use crate::order::{Customer, NewOrder, OrderLine, PaymentStatus};
    use crate::status::OrderStatus;

    let l = |sku: &str, tags: &[&str]| OrderLine {
        sku: sku.into(),
        name: sku.into(),
        quantity: 1,
        unit_price: 100,
        unit_weight_g: 1,
        product_tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    };
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    let order = NewOrder {
        external_id: "1".into(),
        number: "#1".into(),
        status: OrderStatus::Ready,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer::default(),
        ship_to: Address {
            postal_code: NEW_YORK.into(),
            country: "US".into(),
            ..Address::default()
        },
        bill_to: None,
        requested_service: None,
        lines: vec![
            l("A", &["Kit", "blue"]),
            l("B", &["apparel"]),
            l("C", &["kit"]),
        ],
        currency: "EUR".into(),
        subtotal: 300,
        shipping_paid: 0,
        tax: 0,
        total: 300,
        tags: vec![],
        customer_notes: None,
        gift: false,
        placed_at: at,
        updated_at: at,
        ship_by: None,
    }
    .into_order(OrderId::from_parts(1, 1), ChannelId::from_parts(1, 1));
    let req = RouteRequest::from_order(&order, &["KIT".to_owned()]);
    let groups: Vec<_> = req.lines.iter().map(|l| l.group.as_deref()).collect();
    assert_eq!(
        groups,
        [Some("kit"), None, Some("kit")],
        "tags match without regard to case"
    );
    assert_eq!(
        (req.currency.as_str(), req.ship_to.postal_code.as_str()),
        ("EUR", NEW_YORK)
    );
}

#[test]
fn an_order_with_nothing_to_ship_is_unroutable_and_says_so() {
    let cands = [candidate(1, NEWARK)];
    let stock = table(&[(1, "A", 5)]);
    for strategy in [Strategy::NearestInStock {}, fewest(), split(0, &[])] {
        let a = allocate(
            &strategy,
            &request(vec![line("A", 0, 100, None)], NEW_YORK),
            &cands,
            &stock,
        );
        let Allocation::Unroutable { reason, .. } = &a else {
            panic!("{a:?}")
        };
        assert!(reason.contains("no lines to ship"), "{reason}");
    }
}
