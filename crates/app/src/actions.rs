//! A person's manual actions on one or many orders.

use waybill_core::edit::{self, ManualAction};
use waybill_core::rules::RunCause;
use waybill_core::{Actor, OrderEvent, OrderId};

use crate::inventory::router::StockRouter;
use crate::outbox::effects_for_action;
use crate::rules::RulesPass;

use crate::{App, AppError, BulkOutcome, Refusal};

/// More orders than this in one bulk action is a mistake in the caller, not a workflow.
pub const MAX_BULK: usize = 10_000;

/// Refuses an empty or oversized list of orders before any work.
pub(crate) fn check_bulk(ids: &[OrderId]) -> Result<(), AppError> {
    if ids.is_empty() {
        return Err(AppError::invalid("choose at least one order"));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid(format!(
            "at most {MAX_BULK} orders can be changed at once"
        )));
    }
    Ok(())
}

impl App {
    /// Applies `action` to each order by `actor`. Each order succeeds or is refused on its own
    /// (a refused one is left untouched and says why); all successes commit together.
    pub async fn apply_action(
        &self,
        ids: &[OrderId],
        action: &ManualAction,
        actor: &Actor,
    ) -> Result<BulkOutcome, AppError> {
        check_bulk(ids)?;
        let now = self.now();
        // Releasing an order or fixing its address runs the rules again: a released order gets
        // its location, service and extras; a fixed address lifts an address hold.
        let live = match action {
            ManualAction::Release { .. } | ManualAction::EditShipTo { .. } => {
                Some(self.live_rules().await?)
            }
            _ => None,
        };
        let cause = match action {
            ManualAction::Release { .. } => RunCause::Released,
            _ => RunCause::Rerun,
        };
        let mut pass = live.as_deref().map(|l| RulesPass::new(l, now, cause));
        let mut outcome = BulkOutcome::default();
        // Orders that really changed: only these are announced.
        let mut changed: Vec<OrderId> = Vec::new();
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        let mut kinds_seen = std::collections::HashMap::new();
        let mut tx = self.store.begin().await?;
        let mut router = StockRouter::new(&mut tx, now).await?;
        // A repeated id is one order: it is acted on once.
        for id in ids.iter().filter(|id| seen.insert(*id)) {
            let Some(mut stored) = tx.order(id).await? else {
                outcome.refused.push(Refusal::missing(id));
                continue;
            };
            match edit::apply(&mut stored.order, action, actor, now) {
                Ok(kinds) if kinds.is_empty() => outcome.applied.push(id.clone()),
                Ok(kinds) => {
                    let mut events = OrderEvent::all(id, now, actor, kinds);
                    router.prepare_order(&mut tx, &stored.order).await?;
                    match (action, pass.as_mut()) {
                        // Shipped by a person: every open part left, its units off the shelf.
                        (ManualAction::Ship { .. }, _) => router.ship(&stored.order),
                        (ManualAction::Cancel { .. }, _) => router.cancel(&stored.order),
                        (_, Some(pass)) => {
                            events.extend(pass.run(&mut stored.order));
                            events.extend(router.route(&mut stored.order, pass.last_strategy()));
                        }
                        (_, None) => router.settle(&stored.order),
                    }
                    tx.update_order(&stored).await?;
                    // What the change owes the channel commits with it (the outbox).
                    let kind = match kinds_seen.get(&stored.order.channel_id) {
                        Some(k) => *k,
                        None => {
                            let k = tx.channel_kind(&stored.order.channel_id).await?;
                            kinds_seen.insert(stored.order.channel_id.clone(), k);
                            k
                        }
                    };
                    if let Some(kind) = kind
                        && let Some(effect) =
                            effects_for_action(&stored.order, action, actor, kind, now)?
                    {
                        tx.enqueue_effect(&effect).await?;
                    }
                    tx.append_events(&events).await?;
                    outcome.applied.push(id.clone());
                    changed.push(id.clone());
                }
                Err(e) => {
                    let e = AppError::from(e);
                    outcome.refused.push(Refusal {
                        id: id.clone(),
                        number: stored.order.number.clone(),
                        code: e.code,
                        message: e.message,
                    });
                }
            }
        }
        if let Some(pass) = pass {
            pass.save(&mut tx).await?;
        }
        router.save(&mut tx).await?;
        tx.commit().await?;
        tracing::info!(actor = %actor, applied = outcome.applied.len(), refused = outcome.refused.len(), "manual action");
        self.notify(changed, "action");
        Ok(outcome)
    }

    /// One order, one action: a refusal is an error with its reason.
    pub async fn apply_one(
        &self,
        id: &OrderId,
        action: &ManualAction,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let outcome = self
            .apply_action(std::slice::from_ref(id), action, actor)
            .await?;
        match outcome.refused.into_iter().next() {
            None => Ok(()),
            Some(r) => Err(AppError::new(r.code, r.message)),
        }
    }
}
