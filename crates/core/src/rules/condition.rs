//! The condition language: typed order fields and line quantifiers, each paired with the
//! operators that fit its type, combined in `all` / `any` / `not` groups.
//!
//! Every field carries its own operator enum, so `{"total": {"contains": "x"}}` or
//! `{"total": {"gt": "lots"}}` is refused when the JSON is read, with the exact path, instead of
//! being discovered by a surprised operator later. In JSON a condition is an object with one
//! key — the field or group — whose value is an object with one key, the operator:
//!
//! ```json
//! {"all": [
//!   {"ship_to_country": {"one_of": ["US", "CA"]}},
//!   {"total": {"gte": 25000}},
//!   {"any_line": {"sku": {"starts_with": "HAZ-"}}}
//! ]}
//! ```
//!
//! Text is compared without regard to case, and with surrounding spaces ignored, on both sides:
//! channels send `us`, `US` and `Us ` for the same country and `abc-1` / `ABC-1` for the same SKU,
//! and nobody writes a rule meaning only one spelling. Ids (channels) compare exactly.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::ChannelId;
use crate::order::PaymentStatus;

/// A test over an order. Groups nest freely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Matches every order, on purpose (`"always"`). An empty group is a mistake instead.
    Always,
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// Some line of the order matches. This is how "SKU equals X" is written, so that it also
    /// matches orders of several lines.
    AnyLine(Box<LineCondition>),
    /// The order has lines and every one matches.
    AllLines(Box<LineCondition>),
    /// No line of the order matches.
    NoLine(Box<LineCondition>),
    Channel(ChoiceTest<ChannelId>),
    /// Order total in minor units of the order's currency.
    Total(NumberTest),
    Currency(TextTest),
    /// Number of order lines.
    LineCount(NumberTest),
    /// Units over all lines.
    TotalQuantity(NumberTest),
    /// Gross weight of the goods, grams.
    TotalWeightG(NumberTest),
    ShipToCountry(TextTest),
    ShipToRegion(TextTest),
    ShipToCity(TextTest),
    ShipToPostalCode(TextTest),
    /// Whether the carrier treats the address as residential (may be unknown).
    ShipToResidential(MaybeFlagTest),
    /// Whether the ship-to address passes the address checks (`valid` / `invalid`).
    AddressCheck(ChoiceTest<AddressCheck>),
    RequestedService(TextTest),
    Tags(ListTest),
    CustomerName(TextTest),
    CustomerEmail(TextTest),
    CustomerNotes(TextTest),
    /// Internal notes: a text test holds when any note passes it (`not_…` tests: when none fails).
    InternalNotes(TextTest),
    Gift(FlagTest),
    PaymentStatus(ChoiceTest<PaymentStatus>),
    PlacedAt(DateTest),
    ShipBy(DateTest),
}

/// A test over one order line, used inside `any_line` / `all_lines` / `no_line`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LineCondition {
    All(Vec<LineCondition>),
    Any(Vec<LineCondition>),
    Not(Box<LineCondition>),
    Sku(TextTest),
    Name(TextTest),
    ProductTags(ListTest),
    Quantity(NumberTest),
    /// Price of one unit, minor units.
    UnitPrice(NumberTest),
    /// Weight of one unit, grams.
    UnitWeightG(NumberTest),
    /// Weight of the whole line (unit weight × quantity), grams.
    WeightG(NumberTest),
}

/// Operators for text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TextTest {
    Equals(String),
    NotEquals(String),
    OneOf(Vec<String>),
    NotOneOf(Vec<String>),
    Contains(String),
    NotContains(String),
    StartsWith(String),
    EndsWith(String),
    /// A whole-value pattern: `*` any run of characters, `?` one character, `[abc]` / `[a-z]` /
    /// `[!0-9]` a class, `\` escapes. `9021?`, `BT*`, `[0-4]*`.
    Matches(String),
    /// `true`: the value is missing or only spaces; `false`: it has text.
    IsBlank(bool),
}

/// Operators for whole numbers (money in minor units, grams, counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NumberTest {
    Equals(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    NotEquals(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    Lt(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    Lte(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    Gt(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    Gte(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    /// Inclusive at both ends.
    Between(Range),
}

/// An inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: i64,
}

/// Operators for yes/no facts that are always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FlagTest {
    Equals(bool),
}

/// Operators for yes/no facts that may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MaybeFlagTest {
    /// Unknown never equals anything.
    Equals(bool),
    IsUnknown(bool),
}

/// Operators for a value from a fixed set (ids, statuses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChoiceTest<T> {
    Equals(T),
    NotEquals(T),
    OneOf(Vec<T>),
    NotOneOf(Vec<T>),
}

/// The result of the ship-to address checks ([`crate::Address::problems`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AddressCheck {
    Valid,
    Invalid,
}

/// Operators for a list of words (order tags, product tags).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ListTest {
    /// The list has this word.
    Contains(String),
    NotContains(String),
    /// The list has at least one of these words.
    ContainsAny(Vec<String>),
    /// The list has every one of these words.
    ContainsAll(Vec<String>),
    /// The list has none of these words.
    ContainsNone(Vec<String>),
    /// Some word matches the pattern (see [`TextTest::Matches`]).
    AnyMatches(String),
    /// `true`: the list is empty.
    IsBlank(bool),
}

/// Operators for instants. Day counts are whole 24-hour days from the evaluation's `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DateTest {
    /// Strictly before this instant (RFC 3339).
    Before(DateTime<Utc>),
    /// Strictly after this instant (RFC 3339).
    After(DateTime<Utc>),
    /// Earlier than `now` minus N days.
    MoreThanDaysAgo(u32),
    /// Between `now` minus N days and `now`.
    WithinLastDays(u32),
    /// Between `now` and `now` plus N days.
    WithinNextDays(u32),
    /// No later than `now` plus N days, overdue included: "ship by is due within 1 day".
    DueWithinDays(u32),
    /// `true`: there is no such date on the order.
    IsBlank(bool),
}
