//! Held orders: the overview the held-orders view opens with, re-running the rules on chosen
//! orders, and lifting timed holds whose time has come.

use waybill_core::edit::{self, ManualAction};
use waybill_core::rules::RunCause;
use waybill_core::{Actor, OrderEvent, OrderId, OrderStatus};

use crate::actions::check_bulk;
use crate::inventory::router::StockRouter;
use crate::rules::{HeldGroup, HeldOverview, RULE_STATUSES, RulesPass};
use crate::{App, AppError, BulkOutcome, ErrorCode, Refusal};

/// Timed holds lifted per transaction by [`App::release_due_holds`].
const RELEASE_BATCH: u32 = 500;

impl App {
    /// Held orders by reason, with how many are past or near their ship-by date.
    pub async fn held_overview(&self) -> Result<HeldOverview, AppError> {
        let rows = self.store.held_groups(self.now()).await?;
        let groups: Vec<HeldGroup> = rows
            .into_iter()
            .map(|r| HeldGroup {
                reason: r.reason,
                count: r.count,
                overdue: r.overdue,
                due_today: r.due_today,
                oldest_held_at: r.oldest_held_at,
            })
            .collect();
        Ok(HeldOverview {
            total: groups.iter().map(|g| g.count).sum(),
            overdue: groups.iter().map(|g| g.overdue).sum(),
            due_today: groups.iter().map(|g| g.due_today).sum(),
            groups,
        })
    }

    /// Runs the rules in force again on each order (for example after the rules or the order
    /// changed). Orders that have left Waybill's hands are refused; fields a person owns stay.
    pub async fn rerun_rules(&self, ids: &[OrderId]) -> Result<BulkOutcome, AppError> {
        check_bulk(ids)?;
        let live = self.live_rules().await?;
        let now = self.now();
        let mut pass = RulesPass::new(&live, now, RunCause::Rerun);
        let mut outcome = BulkOutcome::default();
        let mut changed = Vec::new();
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        let mut tx = self.store.begin().await?;
        let mut router = StockRouter::new(&mut tx, now).await?;
        for id in ids.iter().filter(|id| seen.insert(*id)) {
            let Some(mut stored) = tx.order(id).await? else {
                outcome.refused.push(Refusal::missing(id));
                continue;
            };
            if !RULE_STATUSES.contains(&stored.order.status) {
                outcome.refused.push(Refusal {
                    id: id.clone(),
                    number: stored.order.number.clone(),
                    code: ErrorCode::NotAllowed,
                    message: format!(
                        "{} is {}: rules only act on orders awaiting payment, on hold or ready",
                        stored.order.number,
                        stored.order.status.as_str().replace('_', " ")
                    ),
                });
                continue;
            }
            router.prepare_order(&mut tx, &stored.order).await?;
            let mut events = pass.run(&mut stored.order);
            events.extend(router.route(&mut stored.order, pass.last_strategy()));
            if !events.is_empty() {
                tx.update_order(&stored).await?;
                tx.append_events(&events).await?;
                changed.push(id.clone());
            }
            outcome.applied.push(id.clone());
        }
        pass.save(&mut tx).await?;
        router.save(&mut tx).await?;
        tx.commit().await?;
        tracing::info!(
            applied = outcome.applied.len(),
            changed = changed.len(),
            "rules re-run"
        );
        self.notify(changed, "rules");
        Ok(outcome)
    }

    /// Runs the rules in force on the `limit` most recent orders they act on (a new demo
    /// workspace's history, say). Returns how many orders changed; the caller announces it.
    pub async fn apply_rules_to_recent(&self, limit: u32) -> Result<usize, AppError> {
        let live = self.live_rules().await?;
        if live.is_empty() {
            return Ok(0);
        }
        let orders = self.store.recent_orders(&RULE_STATUSES, limit).await?;
        let now = self.now();
        let mut changed = 0;
        for chunk in orders.chunks(RELEASE_BATCH as usize) {
            let mut pass = RulesPass::new(&live, now, RunCause::Rerun);
            let mut tx = self.store.begin().await?;
            let mut router = StockRouter::new(&mut tx, now).await?;
            for raw in chunk {
                let mut stored = raw.decode()?;
                if router.is_enabled() {
                    // Read again under the write lock: routing reserves for the order as
                    // it is, and its update must then not conflict.
                    let Some(fresh) = tx.order(&stored.order.id).await? else {
                        continue;
                    };
                    stored = fresh;
                    router.prepare_order(&mut tx, &stored.order).await?;
                }
                let mut events = pass.run(&mut stored.order);
                events.extend(router.route(&mut stored.order, pass.last_strategy()));
                if !events.is_empty() {
                    // A person may have changed the order since it was read: skip it then.
                    match tx.update_order(&stored).await {
                        Ok(_) => {
                            tx.append_events(&events).await?;
                            changed += 1;
                        }
                        Err(waybill_store::StoreError::Conflict) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            pass.save(&mut tx).await?;
            router.save(&mut tx).await?;
            tx.commit().await?;
        }
        Ok(changed)
    }

    /// Lifts every hold whose release time has passed, then runs the rules on the order again
    /// (a rule whose timed hold ran out does not hold it again). Returns how many were lifted.
    pub async fn release_due_holds(&self) -> Result<usize, AppError> {
        let mut released = 0;
        loop {
            let now = self.now();
            let due = self.store.due_holds(now, RELEASE_BATCH).await?;
            if due.is_empty() {
                return Ok(released);
            }
            let live = self.live_rules().await?;
            let mut pass = RulesPass::new(&live, now, RunCause::Released);
            let mut changed = Vec::new();
            let mut tx = self.store.begin().await?;
            let mut router = StockRouter::new(&mut tx, now).await?;
            for id in &due {
                let Some(mut stored) = tx.order(id).await? else {
                    continue;
                };
                let order = &mut stored.order;
                let Some(hold) = order.hold.clone() else {
                    continue;
                };
                if order.status != OrderStatus::OnHold || hold.release_at.is_none_or(|t| t > now) {
                    continue;
                }
                if let Some(rule) = hold.placed_by.as_str().strip_prefix("rule:")
                    && let Ok(rule) = rule.parse()
                {
                    order.served_holds.push(rule);
                }
                let release = ManualAction::Release {
                    note: "the hold's time is up".to_owned(),
                };
                let kinds = edit::apply(order, &release, &Actor::system(), now)?;
                let mut events = OrderEvent::all(id, now, &Actor::system(), kinds);
                router.prepare_order(&mut tx, order).await?;
                events.extend(pass.run(order));
                events.extend(router.route(order, pass.last_strategy()));
                tx.update_order(&stored).await?;
                tx.append_events(&events).await?;
                changed.push(id.clone());
            }
            pass.save(&mut tx).await?;
            router.save(&mut tx).await?;
            tx.commit().await?;
            let lifted = changed.len();
            released += lifted;
            tracing::info!(released = lifted, "timed holds lifted");
            self.notify(changed, "released");
            if lifted == 0 || due.len() < RELEASE_BATCH as usize {
                return Ok(released);
            }
        }
    }
}
