//! Waybill's outside world: the connector interface every sales channel implements, and the
//! connectors themselves. The simulated demo storefront is one of them, so the demo workspace
//! exercises exactly the path real channels take.

pub mod connector;
pub mod demo;

pub use connector::{Capabilities, Connector, ConnectorError, FetchedPage};
