//! The GraphQL documents, written against [`super::API_VERSION`]. Each names its operation so
//! logs (and the fake server) can tell them apart.

/// Orders changed since a time, oldest change first, one page.
pub(crate) const ORDERS: &str = r#"
query Orders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      name
      createdAt
      processedAt
      updatedAt
      cancelledAt
      displayFinancialStatus
      displayFulfillmentStatus
      email
      phone
      note
      tags
      customer { displayName }
      shippingAddress { ...Address }
      billingAddress { ...Address }
      shippingLine { title }
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      totalPriceSet { shopMoney { amount currencyCode } }
      lineItems(first: 250) {
        pageInfo { hasNextPage }
        nodes {
          sku
          name
          quantity
          currentQuantity
          requiresShipping
          originalUnitPriceSet { shopMoney { amount currencyCode } }
        }
      }
    }
  }
}
fragment Address on MailingAddress {
  name company address1 address2 city provinceCode zip countryCodeV2 phone
}
"#;

/// What a fulfillment needs: the order's open fulfillment orders and the fulfillments it
/// already has, with their tracking numbers and lines (to recognise our own earlier attempt and
/// what it already shipped).
pub(crate) const FULFILLMENT_ORDERS: &str = r#"
query FulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    cancelledAt
    fulfillments(first: 50) {
      id
      trackingInfo(first: 10) { number }
      fulfillmentLineItems(first: 250) { nodes { quantity lineItem { sku } } }
    }
    fulfillmentOrders(first: 50) {
      nodes {
        id
        status
        assignedLocation { location { id } }
        lineItems(first: 250) {
          nodes { id remainingQuantity lineItem { sku } }
        }
      }
    }
  }
}
"#;

pub(crate) const FULFILLMENT_CREATE: &str = r#"
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}
"#;

pub(crate) const ORDER_CANCELLED_AT: &str = r#"
query OrderCancelledAt($id: ID!) {
  order(id: $id) { id cancelledAt }
}
"#;

pub(crate) const ORDER_CANCEL: &str = r#"
mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refundMethod: OrderCancelRefundMethodInput!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refundMethod: $refundMethod, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}
"#;

/// Variants (and their inventory items) for a set of SKUs: `sku:"A" OR sku:"B"`.
pub(crate) const VARIANTS_BY_SKU: &str = r#"
query VariantsBySku($query: String!) {
  productVariants(first: 250, query: $query) {
    nodes { sku inventoryItem { id } }
  }
}
"#;

/// Absolute available quantities at one location, with the caller's idempotency key.
pub(crate) const INVENTORY_SET: &str = r#"
mutation InventorySet($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"#;
