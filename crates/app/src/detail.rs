//! One order with its timeline, channel and location.

use waybill_core::OrderId;

use crate::{App, AppError, OrderDetail};

impl App {
    pub async fn order_detail(&self, id: &OrderId) -> Result<OrderDetail, AppError> {
        // Five reads on the same pool; together about the cost of one round trip each.
        let (stored, timeline, channels, locations, rules) = tokio::try_join!(
            self.store.order(id),
            self.store.order_events(id),
            self.store.channels(),
            self.store.locations(),
            self.store.rules_run(id),
        )?;
        let shipments = self.order_shipments(id).await?;
        let order = stored
            .ok_or_else(|| AppError::not_found(format!("order {id}")))?
            .order;
        let channel = channels
            .into_iter()
            .find(|c| c.id == order.channel_id)
            .ok_or_else(|| AppError::not_found(format!("channel {}", order.channel_id)))?;
        let location = order
            .location_id
            .as_ref()
            .and_then(|l| locations.into_iter().find(|x| &x.id == l));
        Ok(OrderDetail {
            order,
            timeline,
            channel,
            location,
            rules,
            shipments,
        })
    }
}
