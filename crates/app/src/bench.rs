//! `waybill bench queue`: the queue's hot paths through this layer, with medians.

use std::time::{Duration, Instant};

use waybill_core::query::{OrderFilter, OrderQuery, SortKey};
use waybill_core::{HoldReason, OrderStatus};

use crate::{App, AppError};

/// One measured operation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Measurement {
    pub name: String,
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub target_ms: f64,
}

async fn measure<F, Fut, T>(
    name: &str,
    runs: usize,
    target_ms: f64,
    mut op: F,
) -> Result<Measurement, AppError>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    op(0).await?; // warm the cache and the statement cache
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        op(i + 1).await?;
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok(Measurement {
        name: name.into(),
        runs,
        median_ms: ms(times[runs / 2]),
        p95_ms: ms(times[runs * 95 / 100]),
        target_ms,
    })
}

impl App {
    /// Measures the queue operations the issue sets targets for, on whatever this database holds.
    pub async fn bench_queue(&self, runs: usize) -> Result<Vec<Measurement>, AppError> {
        let runs = runs.max(5);
        let facets = self.facets().await?;
        let channel = facets.channels.first().map(|c| c.id.clone());
        let page = |status, sort, descending, filter: OrderFilter| OrderQuery {
            filter: OrderFilter {
                status: Some(status),
                ..filter
            },
            sort,
            descending,
            after: None,
            limit: 50,
        };
        let mut out = Vec::new();
        let statuses = OrderStatus::ALL;
        out.push(
            measure(
                "first page: any status tab + channel filter + sort by placed date",
                runs,
                5.0,
                |i| {
                    let q = page(
                        statuses[i % statuses.len()],
                        SortKey::PlacedAt,
                        true,
                        OrderFilter {
                            channel_id: channel.clone(),
                            ..OrderFilter::default()
                        },
                    );
                    async move { self.list_orders(&q).await }
                },
            )
            .await?,
        );
        out.push(
            measure(
                "first page: any status tab + hold-reason filter + sort by ship-by",
                runs,
                5.0,
                |i| {
                    let q = page(
                        statuses[i % statuses.len()],
                        SortKey::ShipBy,
                        false,
                        OrderFilter {
                            hold_reason: Some(HoldReason::FraudRisk),
                            ..OrderFilter::default()
                        },
                    );
                    async move { self.list_orders(&q).await }
                },
            )
            .await?,
        );
        out.push(
            measure(
                "first page: any status tab + sort by total",
                runs,
                5.0,
                |i| {
                    let q = page(
                        statuses[i % statuses.len()],
                        SortKey::Total,
                        true,
                        OrderFilter::default(),
                    );
                    async move { self.list_orders(&q).await }
                },
            )
            .await?,
        );
        let cursor_query = page(
            OrderStatus::Shipped,
            SortKey::PlacedAt,
            true,
            OrderFilter::default(),
        );
        let mut deep = cursor_query.clone();
        for _ in 0..20 {
            deep.after = self.list_orders(&deep).await?.next_cursor;
        }
        out.push(
            measure("21st page (keyset) of the shipped tab", runs, 5.0, |_| {
                let q = deep.clone();
                async move { self.list_orders(&q).await }
            })
            .await?,
        );
        let names = [
            "lovelace",
            "hopper",
            "müller",
            "#2001",
            "MUG-BLK",
            "knuth ada",
        ];
        out.push(
            measure(
                "full-text search (name, number, SKU), first page",
                runs,
                10.0,
                |i| {
                    let q = OrderQuery {
                        filter: OrderFilter {
                            search: Some(names[i % names.len()].into()),
                            ..OrderFilter::default()
                        },
                        limit: 50,
                        descending: true,
                        ..OrderQuery::default()
                    };
                    async move { self.list_orders(&q).await }
                },
            )
            .await?,
        );
        let ids: Vec<_> = self
            .list_orders(&OrderQuery {
                limit: 200,
                descending: true,
                ..OrderQuery::default()
            })
            .await?
            .items
            .into_iter()
            .map(|s| s.id)
            .collect();
        if !ids.is_empty() {
            out.push(
                measure("order detail with timeline", runs, 3.0, |i| {
                    let id = ids[i % ids.len()].clone();
                    async move { self.order_detail(&id).await }
                })
                .await?,
            );
        }
        out.push(
            measure("all tab counts (no filter)", runs, 20.0, |_| async {
                self.tab_counts(&OrderFilter::default()).await
            })
            .await?,
        );
        out.push(
            measure("all tab counts with a channel filter", runs, 20.0, |_| {
                let f = OrderFilter {
                    channel_id: channel.clone(),
                    ..OrderFilter::default()
                };
                async move { self.tab_counts(&f).await }
            })
            .await?,
        );
        Ok(out)
    }
}
