//! The stock operations: each checks everything, then returns the movement it would make (or
//! why it cannot), without changing the inventory. The caller applies the movement where it
//! commits it (the routing or adjustment transaction).

use std::collections::HashMap;

use crate::event::Actor;
use crate::ids::{LocationId, OrderId};
use crate::inventory::error::{Missing, StockError};
use crate::inventory::level::StockLevel;
use crate::inventory::movement::{AdjustmentReason, MovementKind, StockDelta, StockMovement};
use crate::inventory::store::Inventory;

/// Units of one SKU an order line wants (or gives back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want<'a> {
    pub sku: &'a str,
    pub quantity: u32,
}

impl<'a> Want<'a> {
    pub fn new(sku: &'a str, quantity: u32) -> Self {
        Want { sku, quantity }
    }
}

impl Inventory {
    /// Claims every line at `location` for `order`, or nothing: if any SKU is short, the error
    /// names each short SKU with what was asked and what is available. Lines of the same SKU
    /// are added up first, so two lines cannot each pass on the same last unit.
    pub fn reserve(
        &self,
        location: &LocationId,
        order: &OrderId,
        lines: &[Want<'_>],
    ) -> Result<StockMovement, StockError> {
        let wanted = merge(location, lines)?;
        let mut missing = Vec::new();
        let mut deltas = Vec::with_capacity(wanted.len());
        for (sku, quantity) in wanted {
            let before = self.level(location, sku);
            if before.available() < quantity {
                missing.push(Missing {
                    sku: sku.to_owned(),
                    requested: quantity,
                    available: before.available(),
                });
                continue;
            }
            // available >= quantity implies reserved + quantity <= on_hand: no overflow.
            let after = StockLevel::new(before.on_hand, before.reserved + quantity);
            deltas.push(row(location, sku, before, after));
        }
        if !missing.is_empty() {
            return Err(StockError::Insufficient {
                location: location.clone(),
                missing,
            });
        }
        Ok(StockMovement {
            kind: MovementKind::Reserved {
                order: order.clone(),
            },
            deltas,
        })
    }

    /// Gives back units `order` reserved (cancelled, or re-routed elsewhere). Releasing more
    /// than is reserved is refused: it would hand another order's units to the channel.
    pub fn release(
        &self,
        location: &LocationId,
        order: &OrderId,
        lines: &[Want<'_>],
    ) -> Result<StockMovement, StockError> {
        let deltas = self.take_reserved(location, lines, "release", |before, q| {
            StockLevel::new(before.on_hand, before.reserved - q)
        })?;
        Ok(StockMovement {
            kind: MovementKind::Released {
                order: order.clone(),
            },
            deltas,
        })
    }

    /// The order shipped: its reserved units leave, from both reserved and on-hand. On-hand
    /// stops at zero when a count had already lowered it below what was reserved (the goods
    /// did ship; the count was short).
    pub fn consume(
        &self,
        location: &LocationId,
        order: &OrderId,
        lines: &[Want<'_>],
    ) -> Result<StockMovement, StockError> {
        let deltas = self.take_reserved(location, lines, "consume", |before, q| {
            StockLevel::new(before.on_hand.saturating_sub(q), before.reserved - q)
        })?;
        Ok(StockMovement {
            kind: MovementKind::Consumed {
                order: order.clone(),
            },
            deltas,
        })
    }

    /// Changes on-hand by `delta` (received +, damaged −) with a reason and who did it. An
    /// adjustment below zero on hand is refused; one below what is reserved is allowed and
    /// shows up in [`StockMovement::shortfalls`].
    pub fn adjust(
        &self,
        location: &LocationId,
        sku: &str,
        delta: i64,
        reason: AdjustmentReason,
        note: &str,
        actor: &Actor,
    ) -> Result<StockMovement, StockError> {
        let sku = checked_sku(location, sku)?;
        if delta == 0 {
            return Err(StockError::ZeroQuantity {
                location: location.clone(),
                sku: sku.to_owned(),
            });
        }
        let before = self.level(location, sku);
        let on_hand = i64::from(before.on_hand) + delta;
        if on_hand < 0 {
            return Err(StockError::NegativeOnHand {
                location: location.clone(),
                sku: sku.to_owned(),
                on_hand: before.on_hand,
                delta,
            });
        }
        let on_hand = u32::try_from(on_hand).map_err(|_| StockError::OutOfRange {
            location: location.clone(),
            sku: sku.to_owned(),
        })?;
        Ok(StockMovement {
            kind: MovementKind::Adjusted {
                reason,
                note: note.trim().to_owned(),
                actor: actor.clone(),
            },
            deltas: vec![row(
                location,
                sku,
                before,
                StockLevel::new(on_hand, before.reserved),
            )],
        })
    }

    /// Sets on-hand to what a count found (a person's count, a CSV of counts). Reserved is
    /// untouched: those units belong to orders whatever the shelf says.
    pub fn set_count(
        &self,
        location: &LocationId,
        sku: &str,
        on_hand: u32,
        actor: &Actor,
    ) -> Result<StockMovement, StockError> {
        let sku = checked_sku(location, sku)?;
        let before = self.level(location, sku);
        let after = StockLevel::new(on_hand, before.reserved);
        Ok(StockMovement {
            kind: MovementKind::Counted {
                actor: actor.clone(),
            },
            deltas: (before != after)
                .then(|| row(location, sku, before, after))
                .into_iter()
                .collect(),
        })
    }

    /// Takes a location's on-hand from an external source of truth (a 3PL's inventory
    /// snapshot, Amazon's stock report): every SKU in the report gets its quantity, and every
    /// SKU the location had that the report leaves out goes to zero — the report is the whole
    /// truth for that location. Reserved units stay (they are Waybill's orders); any SKU now
    /// short shows up in [`StockMovement::shortfalls`]. Rows come out sorted by SKU.
    pub fn reconcile(
        &self,
        location: &LocationId,
        snapshot: &[(String, u32)],
        source: &str,
    ) -> Result<StockMovement, StockError> {
        let mut reported: HashMap<&str, u32> = HashMap::with_capacity(snapshot.len());
        for (sku, on_hand) in snapshot {
            let sku = checked_sku(location, sku)?;
            // A report listing a SKU twice (several lots) means the sum.
            let total = reported.entry(sku).or_insert(0);
            *total = total
                .checked_add(*on_hand)
                .ok_or_else(|| StockError::OutOfRange {
                    location: location.clone(),
                    sku: sku.to_owned(),
                })?;
        }
        let mut deltas = Vec::new();
        for (&sku, &on_hand) in &reported {
            let before = self.level(location, sku);
            let after = StockLevel::new(on_hand, before.reserved);
            if before != after {
                deltas.push(row(location, sku, before, after));
            }
        }
        for (sku, before) in self.rows_at(location) {
            if before.on_hand > 0 && !reported.contains_key(sku) {
                deltas.push(row(
                    location,
                    sku,
                    before,
                    StockLevel::new(0, before.reserved),
                ));
            }
        }
        deltas.sort_by(|a, b| a.sku.cmp(&b.sku));
        Ok(StockMovement {
            kind: MovementKind::Reconciled {
                source: source.trim().to_owned(),
            },
            deltas,
        })
    }

    /// Release and consume: both take back units from `reserved`, refused when not reserved.
    fn take_reserved(
        &self,
        location: &LocationId,
        lines: &[Want<'_>],
        verb: &'static str,
        after: impl Fn(StockLevel, u32) -> StockLevel,
    ) -> Result<Vec<StockDelta>, StockError> {
        let wanted = merge(location, lines)?;
        let mut deltas = Vec::with_capacity(wanted.len());
        for (sku, quantity) in wanted {
            let before = self.level(location, sku);
            if before.reserved < quantity {
                return Err(StockError::NotReserved {
                    verb,
                    location: location.clone(),
                    sku: sku.to_owned(),
                    requested: quantity,
                    reserved: before.reserved,
                });
            }
            deltas.push(row(location, sku, before, after(before, quantity)));
        }
        Ok(deltas)
    }
}

/// Lines added up per SKU, in first-seen order; zero quantities and blank SKUs refused.
fn merge<'a>(location: &LocationId, lines: &[Want<'a>]) -> Result<Vec<(&'a str, u32)>, StockError> {
    let mut out: Vec<(&'a str, u32)> = Vec::with_capacity(lines.len());
    for line in lines {
        let sku = checked_sku(location, line.sku)?;
        if line.quantity == 0 {
            return Err(StockError::ZeroQuantity {
                location: location.clone(),
                sku: sku.to_owned(),
            });
        }
        match out.iter_mut().find(|(s, _)| *s == sku) {
            Some((_, q)) => {
                *q = q
                    .checked_add(line.quantity)
                    .ok_or_else(|| StockError::OutOfRange {
                        location: location.clone(),
                        sku: sku.to_owned(),
                    })?;
            }
            None => out.push((sku, line.quantity)),
        }
    }
    Ok(out)
}

fn checked_sku<'a>(location: &LocationId, sku: &'a str) -> Result<&'a str, StockError> {
    let sku = sku.trim();
    if sku.is_empty() {
        return Err(StockError::EmptySku {
            location: location.clone(),
        });
    }
    Ok(sku)
}

fn row(location: &LocationId, sku: &str, before: StockLevel, after: StockLevel) -> StockDelta {
    StockDelta {
        location: location.clone(),
        sku: sku.to_owned(),
        before,
        after,
    }
}
