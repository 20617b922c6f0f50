//! Routing an order again after a partner refused it (or after routing could not place it):
//! its hold is released and the rules and the stock router run on it as on a re-run. The
//! router never sends an order back to a location that rejected it, and parts still with
//! partners stay where they are.

use waybill_core::edit::{self, ManualAction};
use waybill_core::rules::RunCause;
use waybill_core::{Actor, HoldReason, OrderEvent, OrderId, OrderStatus};

use crate::actions::check_bulk;
use crate::inventory::router::StockRouter;
use crate::rules::RulesPass;
use crate::{App, AppError, BulkOutcome, ErrorCode, Refusal};

/// Holds that routing again can cure.
const REROUTABLE: [HoldReason; 3] = [
    HoldReason::PartnerRejected,
    HoldReason::OutOfStock,
    HoldReason::Unroutable,
];

impl App {
    /// Releases each order's `partner_rejected`, `out_of_stock` or `unroutable` hold (by
    /// `actor`) and routes it again. An order not held for one of those is refused; an order
    /// that still cannot be placed is held again with the new reason.
    pub async fn reroute_orders(
        &self,
        ids: &[OrderId],
        actor: &Actor,
    ) -> Result<BulkOutcome, AppError> {
        check_bulk(ids)?;
        let live = self.live_rules().await?;
        let now = self.now();
        let mut pass = RulesPass::new(&live, now, RunCause::Released);
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
            let order = &mut stored.order;
            let reason = order.hold.as_ref().map(|h| h.reason);
            if order.status != OrderStatus::OnHold
                || !reason.is_some_and(|r| REROUTABLE.contains(&r))
            {
                outcome.refused.push(Refusal {
                    id: id.clone(),
                    number: order.number.clone(),
                    code: ErrorCode::NotAllowed,
                    message: format!(
                        "{} is not held for a partner's refusal or for stock (it is {}{})",
                        order.number,
                        order.status.label(),
                        reason.map_or(String::new(), |r| format!(", {}", r.as_str()))
                    ),
                });
                continue;
            }
            let release = ManualAction::Release {
                note: "routed again".to_owned(),
            };
            let kinds = edit::apply(order, &release, actor, now)?;
            let mut events = OrderEvent::all(id, now, actor, kinds);
            router.prepare_order(&mut tx, order).await?;
            events.extend(pass.run(order));
            events.extend(router.route(order, pass.last_strategy()));
            tx.update_order(&stored).await?;
            tx.append_events(&events).await?;
            outcome.applied.push(id.clone());
            changed.push(id.clone());
        }
        pass.save(&mut tx).await?;
        router.save(&mut tx).await?;
        tx.commit().await?;
        tracing::info!(%actor, routed = outcome.applied.len(), refused = outcome.refused.len(), "orders routed again");
        self.notify(changed, "rerouted");
        Ok(outcome)
    }
}
