//! The Waybill desktop window: a Tauri shell whose commands only adapt `waybill-app` use cases
//! to IPC. Everything the window can do, the CLI can do too.

pub mod bindings;
mod commands;
mod logging;
mod rendering;
mod startup;

pub use startup::run;
