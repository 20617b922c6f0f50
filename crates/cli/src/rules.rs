//! `waybill rules …`: the ruleset as a JSON file — import, export, validate, test on an order,
//! dry-run over stored orders.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use waybill_app::AppError;
use waybill_app::rules::DryRunScope;
use waybill_core::rules::{
    ActionEffect, Problem, RuleOutcome, Ruleset, TraceReport, ValidationContext,
};
use waybill_core::{OrderId, OrderStatus};

use crate::orders::parse;
use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Replace the rules in force with FILE (validated first; saved as a new version)
    Import { file: PathBuf },
    /// Print the rules in force as JSON
    Export,
    /// Check FILE; exits non-zero and lists every problem when it is invalid
    Validate { file: PathBuf },
    /// Show what the rules (in force, or FILE) decide for one order, and why
    Test {
        #[arg(long)]
        order: String,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Replay FILE over stored orders and show which would change, field by field
    DryRun {
        file: PathBuf,
        /// awaiting_payment, on_hold or ready [default: all three]
        #[arg(long)]
        status: Option<String>,
        /// The most recent N orders
        #[arg(long, default_value_t = 1000)]
        limit: u32,
    },
    /// Who changed which rule, newest first
    History {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

fn read(file: &Path) -> Result<Ruleset, AppError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| AppError::invalid(format!("cannot read {}: {e}", file.display())))?;
    Ruleset::from_json(&text).map_err(|problems| refused(file, &problems))
}

fn refused(file: &Path, problems: &[Problem]) -> AppError {
    for p in problems {
        eprintln!("{}: {p}", file.display());
    }
    AppError::invalid(format!(
        "{} has {} problem(s)",
        file.display(),
        problems.len()
    ))
}

pub async fn run(ctx: &Ctx, cmd: RulesCommand) -> Result<(), AppError> {
    let app = &ctx.app;
    match cmd {
        RulesCommand::Import { file } => {
            let draft = read(&file)?;
            let base = app.rules_view().await?.ruleset.version;
            let problems = app.validate_ruleset(&draft).await?;
            if problems.iter().any(Problem::is_error) {
                return Err(refused(&file, &problems));
            }
            let view = app.save_ruleset(&draft, base, &ctx.actor).await?;
            if ctx.json {
                return output::json(&view);
            }
            for p in &view.problems {
                eprintln!("{p}");
            }
            println!(
                "saved {} rules as version {}",
                view.ruleset.rules.len(),
                view.ruleset.version
            );
            Ok(())
        }
        RulesCommand::Export => output::json(&app.rules_view().await?.ruleset),
        RulesCommand::Validate { file } => {
            let draft = read(&file)?;
            // Without a workspace database the references (locations, channels) are not checked.
            let problems = match app.validate_ruleset(&draft).await {
                Ok(p) => p,
                Err(_) => draft.validate(&ValidationContext::offline()),
            };
            if ctx.json {
                output::json(&problems)?;
            } else {
                for p in &problems {
                    println!("{p}");
                }
            }
            if problems.iter().any(Problem::is_error) {
                return Err(AppError::invalid(format!(
                    "{} is not valid",
                    file.display()
                )));
            }
            if !ctx.json {
                println!("{}: {} rules, valid", file.display(), draft.rules.len());
            }
            Ok(())
        }
        RulesCommand::Test { order, rules } => {
            let draft = rules.as_deref().map(read).transpose()?;
            let id: OrderId = parse(&order)?;
            let test = app.test_rules(draft.as_ref(), &id).await?;
            if ctx.json {
                return output::json(&test);
            }
            println!(
                "{} — ruleset version {}",
                test.number, test.trace.ruleset_version
            );
            print_trace(&test.trace);
            if test.changes.is_empty() {
                println!("\nre-running these rules changes nothing");
            } else {
                println!("\nre-running these rules would change:");
                for c in &test.changes {
                    println!(
                        "  {:<12} {} → {}",
                        c.field,
                        c.before.as_deref().unwrap_or("—"),
                        c.after.as_deref().unwrap_or("—")
                    );
                }
            }
            Ok(())
        }
        RulesCommand::DryRun {
            file,
            status,
            limit,
        } => {
            let draft = read(&file)?;
            let scope = DryRunScope {
                status: status.as_deref().map(parse::<OrderStatus>).transpose()?,
                limit: Some(limit),
            };
            let report = app.dry_run(&draft, &scope).await?;
            if ctx.json {
                return output::json(&report);
            }
            let rows: Vec<Vec<String>> = report
                .orders
                .iter()
                .flat_map(|d| {
                    d.changes.iter().map(|c| {
                        vec![
                            d.number.clone(),
                            c.field.clone(),
                            c.before.clone().unwrap_or_else(|| "—".into()),
                            c.after.clone().unwrap_or_else(|| "—".into()),
                        ]
                    })
                })
                .collect();
            output::table(&["ORDER", "FIELD", "BEFORE", "AFTER"], &rows);
            println!(
                "{} of {} orders would change ({} ms)",
                report.changed, report.evaluated, report.elapsed_ms
            );
            Ok(())
        }
        RulesCommand::History { limit } => {
            let history = app.rule_history(limit).await?;
            if ctx.json {
                return output::json(&history);
            }
            let rows: Vec<Vec<String>> = history
                .iter()
                .map(|e| {
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        format!("v{}", e.version),
                        e.change.as_str().to_owned(),
                        e.rule_name.clone(),
                        e.actor.to_string(),
                    ]
                })
                .collect();
            output::table(&["WHEN", "VERSION", "CHANGE", "RULE", "BY"], &rows);
            Ok(())
        }
    }
}

fn print_trace(trace: &TraceReport) {
    let mut stage = None;
    for rule in &trace.rules {
        if stage != Some(rule.stage) {
            stage = Some(rule.stage);
            println!("\n{}", rule.stage.as_str().to_uppercase());
        }
        let outcome = match rule.outcome {
            RuleOutcome::Matched => "matched",
            RuleOutcome::NotMatched => "no match",
            RuleOutcome::Disabled => "disabled",
            RuleOutcome::Skipped => "skipped: an earlier rule stopped processing",
        };
        println!("  {} — {outcome}", rule.name);
        for c in &rule.conditions {
            let mark = match c.result {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "·",
            };
            match &c.saw {
                Some(saw) => println!("      {mark} {}  (saw {saw})", c.test),
                None => println!("      {mark} {}", c.test),
            }
        }
        for a in &rule.actions {
            let effect = match a.effect {
                ActionEffect::Applied if a.overridden_by.is_some() => "overridden",
                ActionEffect::Applied => "applied",
                ActionEffect::Kept => "kept",
                ActionEffect::Unroutable => "unroutable",
            };
            let note = a
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let by = a
                .overridden_by
                .as_ref()
                .map(|o| format!(" by {}", o.rule_name))
                .unwrap_or_default();
            println!("      → {} [{effect}{by}]{note}", a.action);
        }
    }
}
