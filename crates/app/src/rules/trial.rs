//! Trying rules without changing anything: on one order (with the full trace) and over many
//! stored orders (a dry run: which orders would change, and how, field by field).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use waybill_core::diff::{FIELDS, changed_fields, order_changes};
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
/// Orders per batch handed from the reader to the workers.
const READ_BATCH: usize = 2_000;

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
        let now = self.now();
        // Reading and evaluating overlap: the store streams batches of undecoded orders while
        // worker threads (one per core, off the async runtime) decode and replay them.
        let (batches, received) = tokio::sync::mpsc::channel::<Vec<RawOrder>>(4);
        let compiled = Arc::new(compiled);
        let scanning = {
            let compiled = compiled.clone();
            tokio::task::spawn_blocking(move || scan(&compiled, received, now))
        };
        let read = self
            .store
            .stream_recent_orders(&statuses, limit, READ_BATCH, batches)
            .await;
        let scanned = scanning
            .await
            .map_err(|e| AppError::invalid(format!("the dry run stopped: {e}")))??;
        read?;
        let mut listed = Vec::with_capacity(DryRunReport::LISTED.min(scanned.changed.len()));
        for (id, _) in scanned.changed.iter().take(DryRunReport::LISTED) {
            if let Some(stored) = self.store.order(id).await?
                && let Some(d) = diff_one(&compiled, &stored.order, now)
            {
                listed.push(d);
            }
        }
        tracing::debug!(
            orders = scanned.evaluated,
            total_ms = started.elapsed().as_millis(),
            "dry run"
        );
        let mut by_field: Vec<FieldCount> = FIELDS
            .iter()
            .zip(scanned.per_field)
            .filter(|(_, n)| *n > 0)
            .map(|(field, orders)| FieldCount {
                field: (*field).to_owned(),
                orders,
            })
            .collect();
        by_field.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.field.cmp(&b.field)));
        Ok(DryRunReport {
            evaluated: scanned.evaluated,
            changed: u32::try_from(scanned.changed.len()).unwrap_or(u32::MAX),
            by_field,
            orders: listed,
            elapsed_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            problems,
        })
    }
}

/// What the workers found: each changed order (newest first) with its changed-field bits.
struct Scan {
    evaluated: u32,
    changed: Vec<(OrderId, u16)>,
    per_field: [u32; FIELDS.len()],
}

/// Replays `compiled` over the batches arriving on `received`, on every core. Workers only mark
/// which fields would change (no words, no allocations per field); the few orders listed in
/// full are replayed again afterwards.
fn scan(
    compiled: &CompiledRuleset,
    received: tokio::sync::mpsc::Receiver<Vec<RawOrder>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Scan, AppError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // Batches are numbered as they are taken, so results can be put back in arrival order.
    let queue = Mutex::new((0usize, received));
    let next = || {
        let mut q = queue.lock().ok()?;
        let batch = q.1.blocking_recv()?;
        q.0 += 1;
        Some((q.0, batch))
    };
    let mut found: Vec<(usize, usize, OrderId, u16)> = Vec::new();
    let mut evaluated = 0usize;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (mut out, mut seen) = (Vec::new(), 0usize);
                    while let Some((n, batch)) = next() {
                        seen += batch.len();
                        for (i, raw) in batch.iter().enumerate() {
                            let before = raw.decode()?.order;
                            let mut after = before.clone();
                            rerun(compiled, &mut after, now, false);
                            let bits = changed_fields(&before, &after);
                            if bits != 0 {
                                out.push((n, i, before.id, bits));
                            }
                        }
                    }
                    Ok::<_, AppError>((out, seen))
                })
            })
            .collect();
        for w in workers {
            let (out, seen) = w
                .join()
                .map_err(|_| AppError::invalid("the dry run stopped: a worker failed"))??;
            found.extend(out);
            evaluated += seen;
        }
        Ok::<_, AppError>(())
    })?;
    found.sort_unstable_by_key(|(n, i, _, _)| (*n, *i));
    let mut per_field = [0u32; FIELDS.len()];
    for (_, _, _, bits) in &found {
        for (i, n) in per_field.iter_mut().enumerate() {
            *n += u32::from(bits & (1 << i) != 0);
        }
    }
    Ok(Scan {
        evaluated: u32::try_from(evaluated).unwrap_or(u32::MAX),
        changed: found
            .into_iter()
            .map(|(_, _, id, bits)| (id, bits))
            .collect(),
        per_field,
    })
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
