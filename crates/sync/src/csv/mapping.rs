//! Which CSV column holds what, and a first guess from the header row.
//!
//! The guess knows common names (Shopify's order export, marketplace reports, plain
//! spreadsheets), compared without case, spaces or punctuation, so most files import without
//! anyone choosing columns; a person corrects the guess in the preview when it is wrong.

use std::collections::BTreeMap;

use super::CsvError;

/// What a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ExternalId,
    Number,
    CustomerName,
    Email,
    Phone,
    ShipName,
    Company,
    Line1,
    Line2,
    City,
    Region,
    PostalCode,
    Country,
    Sku,
    ItemName,
    Quantity,
    UnitPrice,
    Currency,
    PlacedAt,
    Shipping,
    Tax,
    Total,
    Service,
    Tags,
    Notes,
}

impl Field {
    pub const ALL: [Field; 25] = [
        Field::ExternalId,
        Field::Number,
        Field::CustomerName,
        Field::Email,
        Field::Phone,
        Field::ShipName,
        Field::Company,
        Field::Line1,
        Field::Line2,
        Field::City,
        Field::Region,
        Field::PostalCode,
        Field::Country,
        Field::Sku,
        Field::ItemName,
        Field::Quantity,
        Field::UnitPrice,
        Field::Currency,
        Field::PlacedAt,
        Field::Shipping,
        Field::Tax,
        Field::Total,
        Field::Service,
        Field::Tags,
        Field::Notes,
    ];

    /// Fields every file must map.
    pub const REQUIRED: [Field; 3] = [Field::ExternalId, Field::Sku, Field::Quantity];

    pub fn label(self) -> &'static str {
        match self {
            Field::ExternalId => "order id",
            Field::Number => "order number",
            Field::CustomerName => "customer name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::ShipName => "ship-to name",
            Field::Company => "company",
            Field::Line1 => "address line 1",
            Field::Line2 => "address line 2",
            Field::City => "city",
            Field::Region => "region",
            Field::PostalCode => "postal code",
            Field::Country => "country",
            Field::Sku => "SKU",
            Field::ItemName => "item name",
            Field::Quantity => "quantity",
            Field::UnitPrice => "unit price",
            Field::Currency => "currency",
            Field::PlacedAt => "order date",
            Field::Shipping => "shipping paid",
            Field::Tax => "tax",
            Field::Total => "order total",
            Field::Service => "shipping service",
            Field::Tags => "tags",
            Field::Notes => "customer notes",
        }
    }

    /// Normalised header names that mean this field, best first.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::ExternalId => &[
                "orderid",
                "externalid",
                "id",
                "ordernumber",
                "name",
                "order",
            ],
            Field::Number => &["number", "orderno", "ordernumber", "ordername", "name"],
            Field::CustomerName => &[
                "customer",
                "customername",
                "billingname",
                "buyername",
                "buyer",
            ],
            Field::Email => &["email", "customeremail", "buyeremail", "emailaddress"],
            Field::Phone => &["phone", "customerphone", "billingphone", "buyerphone"],
            Field::ShipName => &[
                "shipname",
                "shippingname",
                "recipientname",
                "recipient",
                "shiptoname",
            ],
            Field::Company => &["company", "shippingcompany", "shipcompany"],
            Field::Line1 => &[
                "address1",
                "shippingaddress1",
                "shipaddress1",
                "addressline1",
                "shippingstreet",
                "street",
                "address",
                "shipaddress",
            ],
            Field::Line2 => &[
                "address2",
                "shippingaddress2",
                "shipaddress2",
                "addressline2",
            ],
            Field::City => &["city", "shippingcity", "shipcity", "town"],
            Field::Region => &[
                "region",
                "state",
                "province",
                "shippingprovince",
                "shipstate",
                "shippingstate",
                "county",
            ],
            Field::PostalCode => &[
                "postalcode",
                "zip",
                "zipcode",
                "postcode",
                "shippingzip",
                "shippostalcode",
                "shippingpostcode",
            ],
            Field::Country => &["country", "countrycode", "shippingcountry", "shipcountry"],
            Field::Sku => &["sku", "lineitemsku", "itemsku", "productsku", "sellersku"],
            Field::ItemName => &[
                "item",
                "itemname",
                "lineitemname",
                "productname",
                "product",
                "title",
                "description",
            ],
            Field::Quantity => &[
                "quantity",
                "qty",
                "lineitemquantity",
                "quantitypurchased",
                "units",
            ],
            Field::UnitPrice => &["unitprice", "price", "lineitemprice", "itemprice"],
            Field::Currency => &["currency", "currencycode"],
            Field::PlacedAt => &[
                "placedat",
                "orderdate",
                "createdat",
                "date",
                "purchasedate",
                "paidat",
            ],
            Field::Shipping => &["shipping", "shippingpaid", "shippingprice", "shippingcost"],
            Field::Tax => &["tax", "taxes", "taxtotal", "itemtax"],
            Field::Total => &["total", "ordertotal", "grandtotal"],
            Field::Service => &[
                "service",
                "shippingservice",
                "shippingmethod",
                "shipservicelevel",
                "shipmethod",
            ],
            Field::Tags => &["tags", "tag"],
            Field::Notes => &["notes", "note", "customernotes", "customernote", "comments"],
        }
    }
}

/// Field → the header of the column holding it, plus what a file does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    pub columns: BTreeMap<Field, String>,
    /// Currency for files without a currency column.
    pub default_currency: String,
}

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl ColumnMapping {
    /// The best guess for `headers`: each field takes the header matching its best alias, and
    /// each header serves one field (the order id before the number, which share names).
    pub fn guess(headers: &[String], default_currency: &str) -> Self {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let mut taken = vec![false; headers.len()];
        let mut columns = BTreeMap::new();
        for field in Field::ALL {
            let found = field.aliases().iter().find_map(|alias| {
                normalised
                    .iter()
                    .enumerate()
                    .find(|(i, h)| !taken[*i] && h.as_str() == *alias)
                    .map(|(i, _)| i)
            });
            if let Some(i) = found {
                taken[i] = true;
                columns.insert(field, headers[i].clone());
            }
        }
        Self {
            columns,
            default_currency: default_currency.to_owned(),
        }
    }

    pub fn header(&self, field: Field) -> Option<&str> {
        self.columns.get(&field).map(String::as_str)
    }

    /// Column positions in a file with `headers`; fails on an unmapped required field or a
    /// mapped header the file lacks.
    pub(crate) fn positions(&self, headers: &[String]) -> Result<BTreeMap<Field, usize>, CsvError> {
        for field in Field::REQUIRED {
            if !self.columns.contains_key(&field) {
                return Err(CsvError::Unmapped(field.label()));
            }
        }
        let mut out = BTreeMap::new();
        for (field, header) in &self.columns {
            let i = headers
                .iter()
                .position(|h| h.trim() == header.trim())
                .ok_or_else(|| CsvError::MissingColumn {
                    field: field.label(),
                    header: header.clone(),
                })?;
            out.insert(*field, i);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn shopify_export_headers_are_recognised() {
        let h = headers(&[
            "Name",
            "Email",
            "Currency",
            "Created at",
            "Lineitem quantity",
            "Lineitem name",
            "Lineitem price",
            "Lineitem sku",
            "Shipping Name",
            "Shipping Address1",
            "Shipping City",
            "Shipping Zip",
            "Shipping Province",
            "Shipping Country",
        ]);
        let m = ColumnMapping::guess(&h, "USD");
        assert_eq!(m.header(Field::ExternalId), Some("Name"));
        assert_eq!(m.header(Field::Number), None, "one column serves one field");
        assert_eq!(m.header(Field::Sku), Some("Lineitem sku"));
        assert_eq!(m.header(Field::Quantity), Some("Lineitem quantity"));
        assert_eq!(m.header(Field::UnitPrice), Some("Lineitem price"));
        assert_eq!(m.header(Field::PostalCode), Some("Shipping Zip"));
        assert_eq!(m.header(Field::PlacedAt), Some("Created at"));
    }

    #[test]
    fn plain_spreadsheet_headers_are_recognised_without_case_or_punctuation() {
        let h = headers(&[
            "Order ID",
            "Order Number",
            "SKU",
            "Qty",
            "Unit Price",
            "Post-code",
        ]);
        let m = ColumnMapping::guess(&h, "EUR");
        assert_eq!(m.header(Field::ExternalId), Some("Order ID"));
        assert_eq!(m.header(Field::Number), Some("Order Number"));
        assert_eq!(m.header(Field::Quantity), Some("Qty"));
        assert_eq!(m.header(Field::PostalCode), Some("Post-code"));
    }

    #[test]
    fn a_mapping_missing_a_required_field_or_naming_an_absent_column_is_refused() {
        let h = headers(&["Order ID", "SKU"]);
        let m = ColumnMapping::guess(&h, "USD");
        assert!(matches!(
            m.positions(&h),
            Err(CsvError::Unmapped("quantity"))
        ));
        let mut m = m;
        m.columns.insert(Field::Quantity, "Amount".into());
        assert!(matches!(
            m.positions(&h),
            Err(CsvError::MissingColumn {
                field: "quantity",
                ..
            })
        ));
    }
}
