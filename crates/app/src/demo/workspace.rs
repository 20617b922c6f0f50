//! The demo's channels and locations, created once per database.

use chrono::{DateTime, Utc};
use waybill_core::{Channel, ChannelId, ChannelKind, Location, LocationId, LocationKind};

use crate::{App, AppError};

const KEY_STOREFRONT: &str = "demo.storefront_channel";
const KEY_OPENED_AT: &str = "demo.opened_at";

/// The demo's moving parts, as stored in the database.
#[derive(Debug, Clone)]
pub struct DemoWorkspace {
    /// The channel the simulated storefront delivers to.
    pub storefront: ChannelId,
    pub channels: Vec<Channel>,
    pub locations: Vec<Location>,
    /// When the simulated storefront opened (its order clock starts here).
    pub opened_at: DateTime<Utc>,
}

fn location(name: &str, kind: LocationKind, postal_code: &str, country: &str) -> Location {
    Location {
        id: LocationId::new(),
        name: name.into(),
        kind,
        postal_code: postal_code.into(),
        country: country.into(),
    }
}

impl App {
    /// The demo workspace of this database, if one was created.
    pub async fn demo_workspace(&self) -> Result<Option<DemoWorkspace>, AppError> {
        let (Some(storefront), Some(opened)) = (
            self.store.meta(KEY_STOREFRONT).await?,
            self.store.meta(KEY_OPENED_AT).await?,
        ) else {
            return Ok(None);
        };
        let storefront = storefront
            .parse()
            .map_err(|e| AppError::new(crate::ErrorCode::Internal, format!("{e}")))?;
        let opened_at = DateTime::parse_from_rfc3339(&opened)
            .map_err(|e| AppError::new(crate::ErrorCode::Internal, format!("demo clock: {e}")))?
            .with_timezone(&Utc);
        Ok(Some(DemoWorkspace {
            storefront,
            channels: self.store.channels().await?,
            locations: self.store.locations().await?,
            opened_at,
        }))
    }

    /// Creates the demo's channels and locations unless the database already has channels.
    /// Returns `None` for a database that holds a real (non-demo) workspace.
    pub async fn ensure_demo_workspace(&self) -> Result<Option<DemoWorkspace>, AppError> {
        if let Some(ws) = self.demo_workspace().await? {
            self.ensure_demo_stock(&ws.storefront, &ws.locations)
                .await?;
            self.ensure_demo_rules(&ws.locations).await?;
            return Ok(Some(ws));
        }
        if !self.store.channels().await?.is_empty() {
            return Ok(None);
        }
        let now = self.now();
        let channels = vec![
            Channel {
                id: ChannelId::new(),
                name: "Demo Storefront".into(),
                kind: ChannelKind::Demo,
                created_at: now,
            },
            Channel {
                id: ChannelId::new(),
                name: "Wholesale (CSV)".into(),
                kind: ChannelKind::Csv,
                created_at: now,
            },
        ];
        let locations = vec![
            location("Reno Warehouse", LocationKind::Warehouse, "89502", "US"),
            location("Newark Warehouse", LocationKind::Warehouse, "07102", "US"),
            location("Brooklyn Store", LocationKind::Store, "11201", "US"),
            location(
                "ShipRight 3PL",
                LocationKind::ThirdPartyLogistics,
                "43004",
                "US",
            ),
            location("Amazon MCF", LocationKind::AmazonMcf, "98109", "US"),
        ];
        let mut tx = self.store.begin().await?;
        for c in &channels {
            tx.insert_channel(c).await?;
        }
        for l in &locations {
            tx.insert_location(l).await?;
        }
        tx.set_meta(KEY_STOREFRONT, channels[0].id.as_str()).await?;
        tx.set_meta(KEY_OPENED_AT, &now.to_rfc3339()).await?;
        tx.commit().await?;
        self.ensure_demo_stock(&channels[0].id, &locations).await?;
        self.ensure_demo_rules(&locations).await?;
        tracing::info!("created the demo workspace");
        Ok(Some(DemoWorkspace {
            storefront: channels[0].id.clone(),
            channels,
            locations,
            opened_at: now,
        }))
    }
}
