//! A simulated fulfillment partner for the demo workspace, behind the same trait as real ones.
//!
//! What becomes of a hand-off is a pure function of (seed, reference, when it was handed off),
//! read against a clock passed in: it is accepted at once; after a few simulated minutes it
//! ships in one parcel with a plausible carrier and tracking number, or (about one in seven)
//! in two parcels, the second later, or (about one in twenty) it is rejected with a reason a
//! warehouse gives. The partner remembers only what it was handed and what was cancelled: in
//! memory, or in a small JSON state file when one is given, so the demo survives a restart.
//! Its stock report is the demo catalogue's starting stock less what it has shipped.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use waybill_core::LocationKind;

use super::files;
use super::{HandOff, HandOffReceipt, PartnerAdapter, PartnerStatus, ShippedPackage};
use crate::connector::ConnectorError;
use crate::demo::Clock;
use crate::demo::catalog::PRODUCTS;

/// What a warehouse says when it will not ship; running out of stock is the usual one.
const REJECTIONS: &[&str] = &[
    "SKU not in stock at this facility",
    "SKU not in stock at this facility",
    "SKU not in stock at this facility",
    "Address failed carrier validation",
    "Item flagged as damaged at pick; no replacement unit on hand",
];
const CARRIERS: &[&str] = &["UPS", "USPS", "FedEx", "DHL"];

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Held {
    handed_at: DateTime<Utc>,
    lines: Vec<(String, u32)>,
    cancelled_at: Option<DateTime<Utc>>,
}

/// What will happen to one hand-off, fixed when it is handed off.
enum Fate {
    Reject {
        at: DateTime<Utc>,
        reason: &'static str,
    },
    Ship(Vec<ShippedPackage>),
}

pub struct SimulatedPartner {
    kind: LocationKind,
    seed: u64,
    /// Typical time from hand-off to the first parcel.
    ship_after: Duration,
    clock: Clock,
    state_file: Option<PathBuf>,
    held: Mutex<BTreeMap<String, Held>>,
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn tracking(rng: &mut SmallRng, carrier: &str) -> String {
    let digits = |rng: &mut SmallRng, n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect()
    };
    match carrier {
        "UPS" => {
            const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTVWXYZ";
            let tail: String = (0..16)
                .map(|_| char::from(ALNUM[rng.random_range(0..ALNUM.len())]))
                .collect();
            format!("1Z{tail}")
        }
        "USPS" => format!("9400{}", digits(rng, 18)),
        "FedEx" => digits(rng, 12),
        _ => digits(rng, 10),
    }
}

impl SimulatedPartner {
    /// A partner of `kind` that ships about `ship_after` after each hand-off, in memory.
    pub fn new(kind: LocationKind, seed: u64, ship_after: Duration, clock: Clock) -> Self {
        Self {
            kind,
            seed,
            ship_after,
            clock,
            state_file: None,
            held: Mutex::new(BTreeMap::new()),
        }
    }

    /// The same, remembering its hand-offs in `path` (JSON) across restarts.
    pub fn with_state_file(mut self, path: impl Into<PathBuf>) -> Result<Self, ConnectorError> {
        let path = path.into();
        if let Some(bytes) = files::read_if_exists(&path)? {
            let held: BTreeMap<String, Held> = serde_json::from_slice(&bytes).map_err(|e| {
                ConnectorError::Config(format!("simulated partner state `{}`: {e}", path.display()))
            })?;
            self.held = Mutex::new(held);
        }
        self.state_file = Some(path);
        Ok(self)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Held>> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn save(&self, held: &BTreeMap<String, Held>) -> Result<(), ConnectorError> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let bytes = serde_json::to_vec_pretty(held)
            .map_err(|e| ConnectorError::Config(format!("simulated partner state: {e}")))?;
        files::write_atomic(path, &bytes)
    }

    fn fate(&self, reference: &str, h: &Held) -> Fate {
        let mut rng = SmallRng::seed_from_u64(self.seed ^ fnv(reference));
        let minutes = self.ship_after.num_seconds().max(60) / 60;
        let delay = Duration::minutes(minutes + rng.random_range(0..=minutes / 2));
        if rng.random_ratio(1, 20) {
            return Fate::Reject {
                at: h.handed_at + delay / 2,
                reason: REJECTIONS[rng.random_range(0..REJECTIONS.len())],
            };
        }
        let carrier = CARRIERS[rng.random_range(0..CARRIERS.len())];
        let split = h.lines.iter().map(|(_, q)| q).sum::<u32>() > 1 && rng.random_ratio(1, 7);
        let (first, second) = if split {
            split_lines(&h.lines)
        } else {
            (h.lines.clone(), Vec::new())
        };
        let mut packages = vec![ShippedPackage {
            carrier: carrier.to_owned(),
            tracking: tracking(&mut rng, carrier),
            shipped_at: h.handed_at + delay,
            lines: first,
        }];
        if !second.is_empty() {
            packages.push(ShippedPackage {
                carrier: carrier.to_owned(),
                tracking: tracking(&mut rng, carrier),
                shipped_at: h.handed_at + delay * 2,
                lines: second,
            });
        }
        Fate::Ship(packages)
    }

    fn status_at(&self, reference: &str, h: &Held, now: DateTime<Utc>) -> PartnerStatus {
        // A cancel stops whatever had not happened yet when it came.
        let cancelled_before = |t: DateTime<Utc>| h.cancelled_at.is_some_and(|c| c < t);
        match self.fate(reference, h) {
            Fate::Reject { at, .. } if cancelled_before(at) => PartnerStatus::Cancelled,
            Fate::Reject { at, reason } if now >= at => PartnerStatus::Rejected {
                reason: reason.to_owned(),
            },
            Fate::Reject { .. } => PartnerStatus::Accepted,
            Fate::Ship(packages) => {
                let (left, to_come): (Vec<ShippedPackage>, Vec<ShippedPackage>) = packages
                    .into_iter()
                    .filter(|p| !cancelled_before(p.shipped_at))
                    .partition(|p| p.shipped_at <= now);
                if left.is_empty() && h.cancelled_at.is_some() {
                    PartnerStatus::Cancelled
                } else if left.is_empty() {
                    PartnerStatus::Accepted
                } else {
                    // A cancel between the parcels leaves the partner done after the first.
                    PartnerStatus::Shipped {
                        complete: to_come.is_empty(),
                        packages: left,
                    }
                }
            }
        }
    }
}

type Units = Vec<(String, u32)>;

/// The first parcel takes the first half of the units, the second the rest.
fn split_lines(lines: &[(String, u32)]) -> (Units, Units) {
    let total: u32 = lines.iter().map(|(_, q)| q).sum();
    let mut budget = total / 2;
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for (sku, q) in lines {
        let now = (*q).min(budget);
        budget -= now;
        if now > 0 {
            first.push((sku.clone(), now));
        }
        if q - now > 0 {
            second.push((sku.clone(), q - now));
        }
    }
    (first, second)
}

#[async_trait]
impl PartnerAdapter for SimulatedPartner {
    fn kind(&self) -> LocationKind {
        self.kind
    }

    async fn hand_off(&self, h: &HandOff) -> Result<HandOffReceipt, ConnectorError> {
        let mut held = self.lock();
        let already_existed = held.contains_key(&h.reference);
        if !already_existed {
            held.insert(
                h.reference.clone(),
                Held {
                    handed_at: (self.clock)(),
                    lines: h.units(),
                    cancelled_at: None,
                },
            );
            self.save(&held)?;
        }
        Ok(HandOffReceipt {
            partner_ref: format!("SIM-{:08X}", fnv(&h.reference) as u32),
            already_existed,
        })
    }

    async fn status(&self, reference: &str) -> Result<PartnerStatus, ConnectorError> {
        let held = self.lock();
        let h = held
            .get(reference)
            .ok_or_else(|| ConnectorError::NotFound(format!("simulated order {reference}")))?;
        Ok(self.status_at(reference, h, (self.clock)()))
    }

    async fn cancel(&self, reference: &str) -> Result<(), ConnectorError> {
        let now = (self.clock)();
        let mut held = self.lock();
        let h = held
            .get(reference)
            .ok_or_else(|| ConnectorError::NotFound(format!("simulated order {reference}")))?;
        match self.status_at(reference, h, now) {
            PartnerStatus::Accepted | PartnerStatus::Pending | PartnerStatus::Cancelled => {}
            PartnerStatus::Shipped { .. } => {
                return Err(ConnectorError::Rejected(
                    "the partner already shipped it".into(),
                ));
            }
            PartnerStatus::Rejected { .. } => return Ok(()),
        }
        if let Some(h) = held.get_mut(reference)
            && h.cancelled_at.is_none()
        {
            h.cancelled_at = Some(now);
        }
        self.save(&held)
    }

    /// The catalogue's starting stock (seeded, 40–200 a SKU) less every unit shipped so far;
    /// a drop-ship vendor's stock is its own business (`None`).
    async fn inventory(&self) -> Result<Option<Vec<(String, u32)>>, ConnectorError> {
        if self.kind == LocationKind::DropShipVendor {
            return Ok(None);
        }
        let mut rng = SmallRng::seed_from_u64(self.seed);
        let mut stock: Vec<(String, u32)> = PRODUCTS
            .iter()
            .map(|(sku, ..)| ((*sku).to_owned(), rng.random_range(40..=200)))
            .collect();
        let now = (self.clock)();
        let held = self.lock();
        for (reference, h) in held.iter() {
            if let PartnerStatus::Shipped { packages, .. } = self.status_at(reference, h, now) {
                for (sku, q) in packages.iter().flat_map(|p| &p.lines) {
                    if let Some((_, left)) = stock.iter_mut().find(|(s, _)| s == sku) {
                        *left = left.saturating_sub(*q);
                    }
                }
            }
        }
        Ok(Some(stock))
    }

    async fn test_connection(&self) -> Result<(), ConnectorError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};

    use chrono::TimeZone;
    use waybill_core::Address;

    use super::*;
    use crate::partners::{HandOffLine, ShippingSpeed};

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    /// A clock the test moves: minutes after `start()`.
    fn clock() -> (Clock, Arc<AtomicI64>) {
        let minutes = Arc::new(AtomicI64::new(0));
        let m = minutes.clone();
        let clock: Clock = Arc::new(move || start() + Duration::minutes(m.load(Ordering::SeqCst)));
        (clock, minutes)
    }

    fn handoff(reference: &str) -> HandOff {
        HandOff {
            reference: reference.into(),
            order_number: "#1001".into(),
            placed_at: start(),
            ship_to: Address {
                name: "Ada Lovelace".into(),
                line1: "1 Dock Rd".into(),
                city: "London".into(),
                postal_code: "E1 1AA".into(),
                country: "GB".into(),
                ..Address::default()
            },
            recipient: "Ada Lovelace".into(),
            email: None,
            phone: None,
            lines: vec![
                HandOffLine {
                    sku: "MUG-BLK-12".into(),
                    name: "Mug".into(),
                    quantity: 2,
                    unit_price: 1800,
                    currency: "USD".into(),
                },
                HandOffLine {
                    sku: "TEE-WHT-M".into(),
                    name: "Tee".into(),
                    quantity: 1,
                    unit_price: 2200,
                    currency: "USD".into(),
                },
            ],
            speed: ShippingSpeed::Standard,
            note: None,
        }
    }

    async fn run(seed: u64, n: usize) -> Vec<PartnerStatus> {
        let (clock, minutes) = clock();
        let p = SimulatedPartner::new(
            LocationKind::ThirdPartyLogistics,
            seed,
            Duration::minutes(20),
            clock,
        );
        for i in 0..n {
            let r = p.hand_off(&handoff(&format!("ord_{i}-1"))).await.unwrap();
            assert!(!r.already_existed);
            assert_eq!(
                p.status(&format!("ord_{i}-1")).await.unwrap(),
                PartnerStatus::Accepted
            );
        }
        minutes.store(24 * 60, Ordering::SeqCst);
        let mut out = Vec::new();
        for i in 0..n {
            out.push(p.status(&format!("ord_{i}-1")).await.unwrap());
        }
        out
    }

    #[tokio::test]
    async fn the_same_seed_gives_the_same_fates_and_every_hand_off_ends_shipped_or_rejected() {
        let a = run(7, 200).await;
        assert_eq!(a, run(7, 200).await, "deterministic");
        assert_ne!(a, run(8, 200).await, "the seed matters");
        let rejected = a
            .iter()
            .filter(|s| matches!(s, PartnerStatus::Rejected { .. }))
            .count();
        let split = a
            .iter()
            .filter(|s| matches!(s, PartnerStatus::Shipped { packages, .. } if packages.len() == 2))
            .count();
        assert!(
            a.iter().all(PartnerStatus::is_final),
            "a day later everything is settled"
        );
        assert!(
            (3..=25).contains(&rejected),
            "about 5% rejected: {rejected}"
        );
        assert!(
            (10..=55).contains(&split),
            "about 1 in 7 in two parcels: {split}"
        );
        let reasons: Vec<_> = a
            .iter()
            .filter_map(|s| match s {
                PartnerStatus::Rejected { reason } => Some(reason.as_str()),
                _ => None,
            })
            .collect();
        assert!(reasons.contains(&"SKU not in stock at this facility"));
    }

    #[tokio::test]
    async fn a_split_shipment_is_partial_first_then_complete_with_every_unit() {
        let (clock, minutes) = clock();
        let p = SimulatedPartner::new(LocationKind::AmazonMcf, 7, Duration::minutes(20), clock);
        // Find a reference the seed splits.
        let mut split = None;
        for i in 0..200 {
            let r = format!("ord_{i}-1");
            p.hand_off(&handoff(&r)).await.unwrap();
            minutes.store(24 * 60, Ordering::SeqCst);
            if let PartnerStatus::Shipped { packages, .. } = p.status(&r).await.unwrap()
                && packages.len() == 2
            {
                split = Some((r, packages));
                break;
            }
            minutes.store(0, Ordering::SeqCst);
        }
        let (r, packages) = split.expect("some hand-off splits");
        let first_at = packages[0].shipped_at;
        minutes.store((first_at - start()).num_minutes(), Ordering::SeqCst);
        match p.status(&r).await.unwrap() {
            PartnerStatus::Shipped { packages, complete } => {
                assert_eq!(packages.len(), 1);
                assert!(!complete, "the first parcel alone is partial");
            }
            other => panic!("{other:?}"),
        }
        let units: u32 = packages.iter().flat_map(|p| &p.lines).map(|(_, q)| q).sum();
        assert_eq!(units, 3, "the two parcels carry every unit");
        assert!(
            packages
                .iter()
                .all(|p| p.carrier == packages[0].carrier && !p.tracking.is_empty())
        );
    }

    #[tokio::test]
    async fn a_repeat_hand_off_changes_nothing_and_a_cancel_before_shipping_sticks() {
        let (clock, minutes) = clock();
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("sim.json");
        let p = SimulatedPartner::new(
            LocationKind::ThirdPartyLogistics,
            1,
            Duration::minutes(20),
            clock.clone(),
        )
        .with_state_file(&state)
        .unwrap();
        let first = p.hand_off(&handoff("ord_a-1")).await.unwrap();
        minutes.store(5, Ordering::SeqCst);
        let again = p.hand_off(&handoff("ord_a-1")).await.unwrap();
        assert!(again.already_existed);
        assert_eq!(again.partner_ref, first.partner_ref);
        p.cancel("ord_a-1").await.unwrap();
        minutes.store(24 * 60, Ordering::SeqCst);
        assert_eq!(p.status("ord_a-1").await.unwrap(), PartnerStatus::Cancelled);

        let restarted = SimulatedPartner::new(
            LocationKind::ThirdPartyLogistics,
            1,
            Duration::minutes(20),
            clock,
        )
        .with_state_file(&state)
        .unwrap();
        assert_eq!(
            restarted.status("ord_a-1").await.unwrap(),
            PartnerStatus::Cancelled,
            "the state file keeps it"
        );
        assert!(matches!(
            restarted.status("nope").await,
            Err(ConnectorError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn stock_goes_down_by_what_shipped() {
        let (clock, minutes) = clock();
        let p = SimulatedPartner::new(
            LocationKind::ThirdPartyLogistics,
            3,
            Duration::minutes(20),
            clock.clone(),
        );
        let before = p.inventory().await.unwrap().unwrap();
        let mut shipped_mugs = 0;
        for i in 0..15 {
            p.hand_off(&handoff(&format!("ord_{i}-1"))).await.unwrap();
        }
        minutes.store(24 * 60, Ordering::SeqCst);
        for i in 0..15 {
            if let PartnerStatus::Shipped { packages, .. } =
                p.status(&format!("ord_{i}-1")).await.unwrap()
            {
                shipped_mugs += packages
                    .iter()
                    .flat_map(|p| &p.lines)
                    .filter(|(s, _)| s == "MUG-BLK-12")
                    .map(|(_, q)| q)
                    .sum::<u32>();
            }
        }
        let after = p.inventory().await.unwrap().unwrap();
        let mugs = |v: &[(String, u32)]| v.iter().find(|(s, _)| s == "MUG-BLK-12").unwrap().1;
        assert_eq!(mugs(&after), mugs(&before) - shipped_mugs);
        let vendor = SimulatedPartner::new(
            LocationKind::DropShipVendor,
            3,
            Duration::minutes(20),
            clock,
        );
        assert_eq!(vendor.inventory().await.unwrap(), None);
    }
}
