//! The documented payloads the fakes replay, compiled in so other crates' tests can use them.

macro_rules! fixture {
    ($name:ident, $path:literal) => {
        pub const $name: &str = include_str!(concat!("../../tests/fixtures/", $path));
    };
}

/// Shopify Admin GraphQL answers (`data` + `extensions.cost`), and one webhook body.
pub mod shopify {
    fixture!(ORDERS_PAGE_1, "shopify/orders_page_1.json");
    fixture!(ORDERS_PAGE_2, "shopify/orders_page_2.json");
    fixture!(ORDERS_EMPTY, "shopify/orders_empty.json");
    fixture!(THROTTLED, "shopify/throttled.json");
    fixture!(UNAUTHORIZED, "shopify/unauthorized.json");
    fixture!(FULFILLMENT_ORDERS, "shopify/fulfillment_orders.json");
    fixture!(FULFILLMENT_CREATE, "shopify/fulfillment_create.json");
    fixture!(
        FULFILLMENT_CREATE_USER_ERRORS,
        "shopify/fulfillment_create_user_errors.json"
    );
    fixture!(ORDER_NOT_FOUND, "shopify/order_not_found.json");
    fixture!(ORDER_OPEN, "shopify/order_open.json");
    fixture!(ORDER_CANCELLED, "shopify/order_cancelled.json");
    fixture!(ORDER_CANCEL, "shopify/order_cancel.json");
    fixture!(VARIANTS_BY_SKU, "shopify/variants_by_sku.json");
    fixture!(INVENTORY_SET, "shopify/inventory_set.json");
    fixture!(INVENTORY_SET_STALE, "shopify/inventory_set_stale.json");
    fixture!(
        WEBHOOK_ORDERS_UPDATED,
        "shopify/webhook_orders_updated.json"
    );
}

/// WooCommerce REST v3 bodies (and the Shipment Tracking extension's).
pub mod woocommerce {
    fixture!(ORDERS_PAGE_1, "woocommerce/orders_page_1.json");
    fixture!(ORDERS_PAGE_2, "woocommerce/orders_page_2.json");
    fixture!(ORDERS_PAGE_3, "woocommerce/orders_page_3.json");
    fixture!(ORDER_727, "woocommerce/order_727.json");
    fixture!(ORDER_729, "woocommerce/order_729.json");
    fixture!(UNAUTHORIZED, "woocommerce/unauthorized.json");
    fixture!(NO_ROUTE, "woocommerce/no_route.json");
    fixture!(
        SHIPMENT_TRACKINGS_EMPTY,
        "woocommerce/shipment_trackings_empty.json"
    );
    fixture!(
        SHIPMENT_TRACKING_CREATED,
        "woocommerce/shipment_tracking_created.json"
    );
    fixture!(ORDER_NOTES, "woocommerce/order_notes.json");
    fixture!(ORDER_NOTE_CREATED, "woocommerce/order_note_created.json");
    fixture!(PRODUCTS_BY_SKU, "woocommerce/products_by_sku.json");
    fixture!(PRODUCTS_BATCH, "woocommerce/products_batch.json");
    fixture!(
        VARIATIONS_BATCH_ERROR,
        "woocommerce/variations_batch_error.json"
    );
    fixture!(
        WEBHOOK_ORDER_UPDATED,
        "woocommerce/webhook_order_updated.json"
    );
}

/// CSV files as channels without an API export them.
pub mod csv {
    fixture!(ORDERS, "csv/orders.csv");
    fixture!(BAD_ROWS, "csv/bad_rows.csv");
}
