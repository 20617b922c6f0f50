//! Reading the queue: pages, tab counts, filter choices, workspace facts.

use waybill_core::query::{OrderFilter, OrderPage, OrderQuery, TabCount};

use crate::{App, AppError, Facets, WorkspaceInfo};

impl App {
    pub async fn list_orders(&self, query: &OrderQuery) -> Result<OrderPage, AppError> {
        Ok(self.store.list_orders(query).await?)
    }

    pub async fn tab_counts(&self, filter: &OrderFilter) -> Result<Vec<TabCount>, AppError> {
        Ok(self.store.tab_counts(filter).await?)
    }

    pub async fn facets(&self) -> Result<Facets, AppError> {
        let (carriers, tags) = self.store.carriers_and_tags().await?;
        Ok(Facets {
            channels: self.store.channels().await?,
            locations: self.store.locations().await?,
            carriers,
            tags,
        })
    }

    pub async fn workspace_info(&self) -> Result<WorkspaceInfo, AppError> {
        Ok(WorkspaceInfo {
            database_path: self.store.path().display().to_string(),
            order_count: u32::try_from(self.store.order_count().await?).unwrap_or(u32::MAX),
            demo_running: self.demo_running.load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}
