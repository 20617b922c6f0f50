//! `waybill channels …`: add a channel (secrets go to the credential store), change a saved
//! one's name, settings and secrets, list channels with their sync state, pause or resume their
//! schedule, check their connection.

use clap::Subcommand;
use waybill_app::channels::{ChannelEdit, ChannelStatus, NewChannel, Setting};
use waybill_app::credentials::CredentialBackend;
use waybill_app::{AppError, ErrorCode};
use waybill_core::{ChannelId, ChannelKind};

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum ChannelsCommand {
    /// Add a channel: `waybill channels add shopify --name Shop --set shop_domain=acme
    /// --set access_token=shpat_…` (secrets go to the OS keychain or the encrypted file)
    Add {
        /// shopify, woo_commerce (or woocommerce), csv
        kind: String,
        #[arg(long)]
        name: String,
        /// A setting as key=value; repeat for each (see the channel kind's fields)
        #[arg(long = "set", value_name = "KEY=VALUE")]
        settings: Vec<String>,
    },
    /// Change a saved channel: `waybill channels set ID --name "EU shop" --set
    /// base_url=https://…` (a setting left out is kept; `key=` removes it, but a secret given
    /// empty keeps the stored one). Its cursor and orders are not touched
    Set {
        id: String,
        #[arg(long)]
        name: Option<String>,
        /// A setting as key=value; repeat for each (see the channel kind's fields)
        #[arg(long = "set", value_name = "KEY=VALUE")]
        settings: Vec<String>,
        /// Try the changed settings against the channel's API first; save only if it answers
        #[arg(long)]
        test: bool,
    },
    /// Every channel with its schedule and how its last syncs went
    List,
    /// Stop syncing a channel on its schedule (it can still be synced by hand)
    Pause { id: String },
    /// Sync a paused channel on its schedule again
    Resume { id: String },
    /// Check a channel's settings and secrets against its API
    Test { id: String },
    /// Which locations' stock the channel may sell, and how many units per SKU to keep back
    Feed {
        id: String,
        /// Location ids or names, comma-separated
        #[arg(long, value_delimiter = ',')]
        locations: Vec<String>,
        #[arg(long, default_value_t = 0)]
        buffer: u32,
    },
}

pub async fn run(ctx: &Ctx, command: ChannelsCommand) -> Result<(), AppError> {
    match command {
        ChannelsCommand::Add {
            kind,
            name,
            settings,
        } => add(ctx, &kind, name, &settings).await,
        ChannelsCommand::Set {
            id,
            name,
            settings,
            test,
        } => set(ctx, &id, name, &settings, test).await,
        ChannelsCommand::List => list(ctx).await,
        ChannelsCommand::Pause { id } => pause(ctx, &id, true).await,
        ChannelsCommand::Resume { id } => pause(ctx, &id, false).await,
        ChannelsCommand::Feed {
            id,
            locations,
            buffer,
        } => {
            let mut ids = Vec::with_capacity(locations.len());
            for l in &locations {
                ids.push(ctx.app.find_location(l).await?.location.id);
            }
            ctx.app
                .set_channel_feed(&channel_id(&id)?, &ids, buffer)
                .await?;
            println!(
                "{id} sells the stock of {} location(s), keeping {buffer} back per SKU",
                ids.len()
            );
            Ok(())
        }
        ChannelsCommand::Test { id } => {
            let check = ctx.app.test_channel(&channel_id(&id)?).await?;
            if ctx.json {
                output::json(&check)?;
            } else {
                println!("{} ({} ms)", check.message, check.took_ms);
            }
            if check.ok {
                Ok(())
            } else {
                Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "the connection check failed",
                ))
            }
        }
    }
}

pub fn channel_id(text: &str) -> Result<ChannelId, AppError> {
    text.parse().map_err(|e| AppError::invalid(format!("{e}")))
}

fn kind(text: &str) -> Result<ChannelKind, AppError> {
    let normal = text.trim().to_ascii_lowercase().replace('-', "_");
    let normal = if normal == "woocommerce" {
        "woo_commerce".to_owned()
    } else {
        normal
    };
    ChannelKind::parse(&normal).ok_or_else(|| {
        AppError::invalid(format!(
            "kind: `{text}` is not one of shopify, woo_commerce, csv"
        ))
    })
}

/// `--set key=value` pairs as settings.
fn settings(pairs: &[String]) -> Result<Vec<Setting>, AppError> {
    let mut settings = Vec::with_capacity(pairs.len());
    for pair in pairs {
        // Not echoed back: the value may be a secret typed with the wrong separator.
        let Some((key, value)) = pair.split_once('=') else {
            return Err(AppError::invalid("--set: write each setting as key=value"));
        };
        settings.push(Setting {
            key: key.trim().to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(settings)
}

async fn add(ctx: &Ctx, kind_text: &str, name: String, pairs: &[String]) -> Result<(), AppError> {
    let settings = settings(pairs)?;
    let new = NewChannel {
        kind: kind(kind_text)?,
        name,
        settings,
    };
    let status = ctx.app.add_channel(&new).await?;
    let info = ctx.app.credential_store().info().clone();
    if ctx.json {
        return output::json(&status);
    }
    println!("added {} ({})", status.name, status.id);
    if info.backend == CredentialBackend::EncryptedFile
        && !status.secrets_set.is_empty()
        && let Some(notice) = info.notice
    {
        eprintln!("{notice}");
    }
    Ok(())
}

async fn set(
    ctx: &Ctx,
    id: &str,
    name: Option<String>,
    pairs: &[String],
    test: bool,
) -> Result<(), AppError> {
    let id = channel_id(id)?;
    let edit = ChannelEdit {
        name,
        settings: settings(pairs)?,
    };
    if test {
        let check = ctx.app.test_channel_edit(&id, &edit).await?;
        if !ctx.json {
            println!("{} ({} ms)", check.message, check.took_ms);
        }
        if !check.ok {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "the connection check failed: nothing was saved",
            ));
        }
    }
    let status = ctx.app.update_channel(&id, &edit).await?;
    if ctx.json {
        return output::json(&status);
    }
    println!("saved {} ({})", status.name, status.id);
    Ok(())
}

async fn pause(ctx: &Ctx, id: &str, paused: bool) -> Result<(), AppError> {
    let status = ctx.app.set_channel_paused(&channel_id(id)?, paused).await?;
    if ctx.json {
        return output::json(&status);
    }
    println!(
        "{} ({}) {}",
        status.name,
        status.id,
        if paused { "paused" } else { "resumed" }
    );
    Ok(())
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".into())
}

fn state(c: &ChannelStatus) -> &'static str {
    match (c.configured, c.paused) {
        (_, true) => "paused",
        (true, false) => "active",
        (false, false) => "not configured",
    }
}

async fn list(ctx: &Ctx) -> Result<(), AppError> {
    let overview = ctx.app.channels_overview().await?;
    if ctx.json {
        return output::json(&overview);
    }
    let rows: Vec<Vec<String>> = overview
        .channels
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                c.kind.as_str().to_owned(),
                state(c).to_owned(),
                when(c.last_sync_at),
                when(c.next_sync_at),
                format!("{}/{}", c.last_imported, c.last_updated),
                format!("{}/{}", c.total_imported, c.total_updated),
                c.last_error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    output::table(
        &[
            "ID",
            "NAME",
            "KIND",
            "STATE",
            "LAST SYNC",
            "NEXT SYNC",
            "LAST IMP/UPD",
            "TOTAL IMP/UPD",
            "LAST ERROR",
        ],
        &rows,
    );
    if let Some(notice) = overview.credentials.notice {
        eprintln!("{notice}");
    }
    Ok(())
}
