//! What each kind of channel asks for, and checking what a person entered against it.
//!
//! One table per kind drives both the screen's form and the validation, so a field the form
//! shows is a field the backend reads, and a missing one is named in the error.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use waybill_core::ChannelKind;

use super::DEFAULT_SYNC_EVERY_SECS;
use super::types::{ChannelForm, FormField, NewChannel};
use crate::AppError;
use crate::credentials::Secret;

/// One field of a kind's form.
struct Field {
    key: &'static str,
    label: &'static str,
    secret: bool,
    required: bool,
    placeholder: &'static str,
    help: Option<&'static str>,
}

const SYNC_EVERY: Field = Field {
    key: "sync_every_secs",
    label: "Sync every (seconds)",
    secret: false,
    required: false,
    placeholder: "60",
    help: Some("How often Waybill asks the channel for new and changed orders."),
};

const SHOPIFY: &[Field] = &[
    Field {
        key: "shop_domain",
        label: "Shop domain",
        secret: false,
        required: true,
        placeholder: "acme.myshopify.com",
        help: Some("The shop's myshopify.com address."),
    },
    Field {
        key: "access_token",
        label: "Admin API access token",
        secret: true,
        required: true,
        placeholder: "shpat_…",
        help: Some("From the shop's custom app (scopes: orders, fulfillments, inventory)."),
    },
    Field {
        key: "webhook_secret",
        label: "App client secret",
        secret: true,
        required: false,
        placeholder: "",
        help: Some("Signs the shop's webhooks; without it webhooks are refused."),
    },
    Field {
        key: "location_id",
        label: "Location for stock",
        secret: false,
        required: false,
        placeholder: "gid://shopify/Location/…",
        help: Some("The Shopify location whose available stock Waybill sets."),
    },
    Field {
        key: "base_url",
        label: "API base URL",
        secret: false,
        required: false,
        placeholder: "https://acme.myshopify.com",
        help: Some(
            "Only to reach the shop through a proxy or a test server; replaces the shop domain.",
        ),
    },
    SYNC_EVERY,
];

const WOOCOMMERCE: &[Field] = &[
    Field {
        key: "base_url",
        label: "Site URL",
        secret: false,
        required: true,
        placeholder: "https://shop.example.com",
        help: Some("The WordPress site's address; Waybill uses its REST API (wc/v3)."),
    },
    Field {
        key: "consumer_key",
        label: "Consumer key",
        secret: true,
        required: true,
        placeholder: "ck_…",
        help: Some("WooCommerce → Settings → Advanced → REST API, read/write."),
    },
    Field {
        key: "consumer_secret",
        label: "Consumer secret",
        secret: true,
        required: true,
        placeholder: "cs_…",
        help: None,
    },
    Field {
        key: "webhook_secret",
        label: "Webhook secret",
        secret: true,
        required: false,
        placeholder: "",
        help: Some("The secret set on the shop's webhooks; without it webhooks are refused."),
    },
    SYNC_EVERY,
];

/// Settings a kind accepts that the form does not show (tuning, tests).
const HIDDEN: &[&str] = &["page_size", "start_from", "timeout_secs"];

/// The fields of a kind's form; `None` for kinds a person cannot set up here.
fn fields(kind: ChannelKind) -> Option<&'static [Field]> {
    match kind {
        ChannelKind::Shopify => Some(SHOPIFY),
        ChannelKind::WooCommerce => Some(WOOCOMMERCE),
        ChannelKind::Csv => Some(&[]),
        ChannelKind::Demo | ChannelKind::AmazonSeller => None,
    }
}

/// The secrets a `kind` channel cannot work without.
pub(super) fn required_secrets(kind: ChannelKind) -> Vec<&'static str> {
    fields(kind)
        .unwrap_or(&[])
        .iter()
        .filter(|f| f.secret && f.required)
        .map(|f| f.key)
        .collect()
}

/// The kinds a person can add, in the order the screen offers them, with their names.
const KINDS: [(ChannelKind, &str); 3] = [
    (ChannelKind::Shopify, "Shopify"),
    (ChannelKind::WooCommerce, "WooCommerce"),
    (ChannelKind::Csv, "CSV files"),
];

/// The forms of the kinds a person can add.
pub(super) fn forms() -> Vec<ChannelForm> {
    KINDS.iter().filter_map(|(kind, _)| form(*kind)).collect()
}

/// The form of one kind (to add a channel of it, or edit one); `None` when it has none.
pub(super) fn form(kind: ChannelKind) -> Option<ChannelForm> {
    let (_, label) = KINDS.iter().find(|(k, _)| *k == kind)?;
    Some(ChannelForm {
        kind,
        label: (*label).into(),
        fields: fields(kind)?
            .iter()
            .map(|f| FormField {
                key: f.key.into(),
                label: f.label.into(),
                secret: f.secret,
                required: f.required,
                placeholder: f.placeholder.into(),
                help: f.help.map(Into::into),
            })
            .collect(),
    })
}

/// What a setting a person sent is to a kind of channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Goes to the credential store.
    Secret,
    /// Goes to the database (shown fields and hidden tuning alike).
    Setting,
}

/// The role of `key` in `kind`'s settings, or an error naming it when the kind has no such
/// setting (or no form at all).
pub(super) fn role(kind: ChannelKind, key: &str) -> Result<Role, AppError> {
    let Some(form) = fields(kind) else {
        return Err(AppError::invalid(format!(
            "kind: {} channels cannot be set up here",
            kind.as_str()
        )));
    };
    match form.iter().find(|f| f.key == key) {
        Some(f) if f.secret => Ok(Role::Secret),
        Some(_) => Ok(Role::Setting),
        None if HIDDEN.contains(&key) => Ok(Role::Setting),
        None => Err(AppError::invalid(format!(
            "{key}: not a setting of {} channels",
            kind.as_str()
        ))),
    }
}

/// A new channel that passed every check: its settings split into what the database keeps and
/// what the credential store keeps.
#[derive(Debug)]
pub(super) struct Checked {
    pub kind: ChannelKind,
    pub name: String,
    pub settings: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, Secret>,
    pub sync_every_secs: u32,
}

/// Checks `new` against its kind's form: a name, every required field (named when missing),
/// no unknown settings, numbers and URLs that are numbers and URLs.
pub(super) fn check(new: &NewChannel) -> Result<Checked, AppError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name: give the channel a name"));
    }
    let Some(form) = fields(new.kind) else {
        return Err(AppError::invalid(format!(
            "kind: {} channels cannot be added here",
            new.kind.as_str()
        )));
    };
    let mut settings = BTreeMap::new();
    let mut secrets = BTreeMap::new();
    for s in &new.settings {
        let key = s.key.trim();
        let value = s.value.trim();
        let role = role(new.kind, key)?;
        if value.is_empty() {
            continue;
        }
        match role {
            Role::Secret => {
                secrets.insert(key.to_owned(), Secret::new(value));
            }
            Role::Setting => {
                settings.insert(key.to_owned(), value.to_owned());
            }
        }
    }
    for f in form.iter().filter(|f| f.required) {
        // A Shopify shop reached through an explicit API base URL needs no shop domain.
        let satisfied_by_base = f.key == "shop_domain" && settings.contains_key("base_url");
        if !settings.contains_key(f.key) && !secrets.contains_key(f.key) && !satisfied_by_base {
            return Err(AppError::invalid(format!(
                "{}: {} is required",
                f.key, f.label
            )));
        }
    }
    let sync_every_secs = match settings.remove("sync_every_secs") {
        None => DEFAULT_SYNC_EVERY_SECS,
        Some(v) => v.parse::<u32>().ok().filter(|n| *n >= 10).ok_or_else(|| {
            AppError::invalid(format!(
                "sync_every_secs: `{v}` is not a number of seconds (10 or more)"
            ))
        })?,
    };
    for key in ["page_size", "timeout_secs"] {
        if let Some(v) = settings.get(key)
            && v.parse::<u32>().ok().filter(|n| *n > 0).is_none()
        {
            return Err(AppError::invalid(format!(
                "{key}: `{v}` is not a positive number"
            )));
        }
    }
    if let Some(v) = settings.get("start_from") {
        parse_start(v).ok_or_else(|| {
            AppError::invalid(format!(
                "start_from: `{v}` is not a date (2026-01-31) or a time (RFC 3339)"
            ))
        })?;
    }
    if let Some(v) = settings.get("base_url") {
        check_url("base_url", v)?;
    }
    if let Some(v) = settings.get("shop_domain") {
        check_url("shop_domain", &shop_url(v))?;
    }
    Ok(Checked {
        kind: new.kind,
        name: name.to_owned(),
        settings,
        secrets,
        sync_every_secs,
    })
}

fn check_url(key: &str, v: &str) -> Result<(), AppError> {
    waybill_sync::HttpSettings::new(v, std::time::Duration::from_secs(1))
        .map(|_| ())
        .map_err(|e| AppError::invalid(format!("{key}: {e}")))
}

/// `acme`, `acme.myshopify.com` or `https://acme.myshopify.com/` → `https://acme.myshopify.com`.
pub(super) fn shop_url(domain: &str) -> String {
    let host = domain
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    if host.contains('.') {
        format!("https://{host}")
    } else {
        format!("https://{host}.myshopify.com")
    }
}

/// A date (midnight UTC) or an RFC 3339 time.
pub(super) fn parse_start(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::channels::Setting;

    fn new(kind: ChannelKind, settings: &[(&str, &str)]) -> NewChannel {
        NewChannel {
            kind,
            name: "Shop".into(),
            settings: settings
                .iter()
                .map(|(k, v)| Setting {
                    key: (*k).into(),
                    value: (*v).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn secrets_are_split_from_settings() {
        let c = check(&new(
            ChannelKind::WooCommerce,
            &[
                ("base_url", "https://shop.example.com"),
                ("consumer_key", "ck_1"),
                ("consumer_secret", "cs_1"),
            ],
        ))
        .unwrap();
        assert_eq!(c.settings.keys().collect::<Vec<_>>(), ["base_url"]);
        assert_eq!(
            c.secrets.keys().collect::<Vec<_>>(),
            ["consumer_key", "consumer_secret"]
        );
    }

    #[test]
    fn an_unknown_setting_is_named() {
        let e = check(&new(ChannelKind::Csv, &[("colour", "blue")])).unwrap_err();
        assert!(e.message.starts_with("colour:"), "{}", e.message);
    }

    #[test]
    fn a_shop_domain_becomes_its_https_address() {
        assert_eq!(shop_url("acme"), "https://acme.myshopify.com");
        assert_eq!(
            shop_url("https://acme.myshopify.com/"),
            "https://acme.myshopify.com"
        );
    }
}
