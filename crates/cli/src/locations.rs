//! `waybill locations …`: where orders ship from — own warehouses and stores, and partners.

use std::collections::BTreeMap;

use clap::{Subcommand, ValueEnum};
use waybill_app::AppError;
use waybill_app::inventory::locations::NewLocation;
use waybill_core::LocationKind;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum LocationsCommand {
    /// Add a location
    Add {
        name: String,
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long)]
        postal_code: String,
        /// Two-letter country code
        #[arg(long, default_value = "US")]
        country: String,
        /// Shipments per day it can take [default: no limit]
        #[arg(long)]
        capacity: Option<u32>,
        /// Partner settings, `key=value` (adapter, base_url, folder, …)
        #[arg(long = "set", value_parser = parse_setting)]
        settings: Vec<(String, String)>,
    },
    /// Every location with its capacity and load
    List,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Warehouse,
    Store,
    DropShip,
    #[value(name = "3pl")]
    ThirdParty,
    AmazonMcf,
}

impl From<Kind> for LocationKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Warehouse => LocationKind::Warehouse,
            Kind::Store => LocationKind::Store,
            Kind::DropShip => LocationKind::DropShipVendor,
            Kind::ThirdParty => LocationKind::ThirdPartyLogistics,
            Kind::AmazonMcf => LocationKind::AmazonMcf,
        }
    }
}

fn parse_setting(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("`{s}` is not key=value"))
}

pub async fn run(ctx: &Ctx, command: LocationsCommand) -> Result<(), AppError> {
    match command {
        LocationsCommand::Add {
            name,
            kind,
            postal_code,
            country,
            capacity,
            settings,
        } => {
            let id = ctx
                .app
                .add_location(&NewLocation {
                    name: name.clone(),
                    kind: kind.into(),
                    postal_code,
                    country,
                    daily_capacity: capacity,
                    settings: settings.into_iter().collect::<BTreeMap<_, _>>(),
                })
                .await?;
            if ctx.json {
                return output::json(&id);
            }
            println!("added {id} ({name})");
            Ok(())
        }
        LocationsCommand::List => {
            let view = ctx.app.locations_view().await?;
            if ctx.json {
                return output::json(&view);
            }
            let rows: Vec<Vec<String>> = view
                .iter()
                .map(|l| {
                    vec![
                        l.id.to_string(),
                        l.name.clone(),
                        l.kind.as_str().replace('_', " "),
                        format!("{} {}", l.country, l.postal_code),
                        match l.daily_capacity {
                            Some(c) => format!("{}/{c}", l.shipments_today),
                            None => format!("{}/-", l.shipments_today),
                        },
                        l.open_shipments.to_string(),
                        l.adapter.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "ID",
                    "NAME",
                    "KIND",
                    "POSTAL",
                    "TODAY/CAP",
                    "OPEN",
                    "ADAPTER",
                ],
                &rows,
            );
            Ok(())
        }
    }
}
