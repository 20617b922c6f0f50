//! Process-level fault tests: the real `waybill` binary is killed (SIGKILL, no chance to clean
//! up) at random points while it syncs a channel, while it delivers the outbox and while it
//! hands shipments to a partner, then started again, until a run finishes on its own. The
//! database must then hold every order the channel served exactly once, the channel must have
//! received every owed push exactly once, and the partner every hand-off exactly once.
//!
//! The channel is a stateful fake Shopify (wiremock on 127.0.0.1) that pages by cursor, answers
//! slowly enough that kills land mid-run, and remembers the fulfillments it created, as the real
//! shop does. The kill delays come from a seeded generator: the seed is printed, and
//! `WAYBILL_FAULT_SEED=<seed>` replays the same delays.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod kill_handoff;
mod kill_outbox;
mod kill_sync;
mod process;
mod shop;
