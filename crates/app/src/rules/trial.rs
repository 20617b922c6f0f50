//! Trying rules without changing anything: on one order (with the full trace) and over many
//! stored orders (a dry run: which orders would change, and how, field by field).

use std::time::Instant;

use waybill_core::diff::order_changes;
use waybill_core::rules::{CompiledRuleset, Problem, Ruleset};
use waybill_core::{Order, OrderId, OrderStatus};
use waybill_store::RawOrder;

use super::live::describe;
use super::run::{RULE_STATUSES, rerun};
use super::views::{DryRunReport, DryRunScope, FieldCount, OrderDiff, RuleTest};
use crate::{App, AppError};

/// Orders a dry run replays when not told otherwise, and at most.
const DEFAULT_DRY_RUN: u32 = 1_000;
const MAX_DRY_RUN: u32 = 200_000;

impl App {
    /// Compiles `draft` (or the ruleset in force when `None`) with its warnings; errors refuse.
    async fn compile_for_trial(
        &self,
        draft: Option<&Ruleset>,
    ) -> Result<(CompiledRuleset, Vec<Problem>), AppError> {
        let ctx = self.validation_context().await?;
        let live;
        let ruleset = match draft {
            Some(d) => d,
            None => {
                live = self.live_rules().await?;
                &live.ruleset
            }
        };
        let compiled = ruleset.compile(&ctx).map_err(|problems| {
            AppError::invalid(format!("the rules cannot run: {}", describe(&problems)))
        })?;
        let warnings = compiled.warnings().to_vec();
        Ok((compiled, warnings))
    }

    /// What `draft` (or the rules in force) would decide for one stored order, with the trace.
    pub async fn test_rules(
        &self,
        draft: Option<&Ruleset>,
        order_id: &OrderId,
    ) -> Result<RuleTest, AppError> {
        let (compiled, problems) = self.compile_for_trial(draft).await?;
        let stored = self
            .store
            .order(order_id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("order {order_id}")))?;
        let before = stored.order;
        let mut after = before.clone();
        let (_, decision, trace) = rerun(&compiled, &mut after, self.now(), true);
        let trace = trace.ok_or_else(|| AppError::invalid("the rules gave no trace"))?;
        Ok(RuleTest {
            order_id: before.id.clone(),
            number: before.number.clone(),
            changes: if RULE_STATUSES.contains(&before.status) {
                order_changes(&before, &after)
            } else {
                Vec::new()
            },
            decision,
            trace,
            problems,
        })
    }

    /// Replays `draft` over recent stored orders and reports what saving it and re-running the
    /// rules would change. Nothing is written.
    pub async fn dry_run(
        &self,
        draft: &Ruleset,
        scope: &DryRunScope,
    ) -> Result<DryRunReport, AppError> {
        let started = Instant::now();
        let (compiled, problems) = self.compile_for_trial(Some(draft)).await?;
        let statuses: Vec<OrderStatus> = match scope.status {
            Some(s) if RULE_STATUSES.contains(&s) => vec![s],
            Some(s) => {
                return Err(AppError::invalid(format!(
                    "rules do not act on {} orders; choose awaiting payment, on hold or ready",
                    s.as_str()
                )));
            }
            None => RULE_STATUSES.to_vec(),
        };
        let limit = scope.limit.unwrap_or(DEFAULT_DRY_RUN).clamp(1, MAX_DRY_RUN);
        let orders = self.store.recent_orders(&statuses, limit).await?;
        let now = self.now();
        // Evaluation is pure and CPU-bound: off the async runtime, split across the cores.
        let diffs = tokio::task::spawn_blocking(move || diff_all(&compiled, orders, now))
            .await
            .map_err(|e| AppError::invalid(format!("the dry run stopped: {e}")))??;
        let evaluated = diffs.evaluated;
        let mut by_field: Vec<FieldCount> = Vec::new();
        for diff in &diffs.changed {
            for change in &diff.changes {
                match by_field.iter_mut().find(|f| f.field == change.field) {
                    Some(f) => f.orders += 1,
                    None => by_field.push(FieldCount {
                        field: change.field.clone(),
                        orders: 1,
                    }),
                }
            }
        }
        by_field.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.field.cmp(&b.field)));
        let changed = u32::try_from(diffs.changed.len()).unwrap_or(u32::MAX);
        let mut listed = diffs.changed;
        listed.truncate(DryRunReport::LISTED);
        Ok(DryRunReport {
            evaluated,
            changed,
            by_field,
            orders: listed,
            elapsed_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            problems,
        })
    }
}

struct Diffs {
    evaluated: u32,
    changed: Vec<OrderDiff>,
}

fn diff_all(
    compiled: &CompiledRuleset,
    orders: Vec<RawOrder>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Diffs, AppError> {
    let evaluated = u32::try_from(orders.len()).unwrap_or(u32::MAX);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = orders.len().div_ceil(threads).max(1);
    let changed = std::thread::scope(|scope| {
        let workers: Vec<_> = orders
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for raw in part {
                        if let Some(d) = diff_one(compiled, &raw.decode()?.order, now) {
                            out.push(d);
                        }
                    }
                    Ok::<_, AppError>(out)
                })
            })
            .collect();
        // Chunks are joined in order, so the result keeps the newest-first order.
        let mut all = Vec::new();
        for w in workers {
            all.extend(
                w.join()
                    .map_err(|_| AppError::invalid("the dry run stopped: a worker failed"))??,
            );
        }
        Ok::<_, AppError>(all)
    })?;
    Ok(Diffs { evaluated, changed })
}

fn diff_one(
    compiled: &CompiledRuleset,
    before: &Order,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<OrderDiff> {
    let mut after = before.clone();
    let (_, record, _) = rerun(compiled, &mut after, now, false);
    let changes = order_changes(before, &after);
    if changes.is_empty() {
        return None;
    }
    Some(OrderDiff {
        order_id: before.id.clone(),
        number: before.number.clone(),
        status: before.status,
        changes,
        rules: record.fired.iter().map(|f| f.name.clone()).collect(),
    })
}
