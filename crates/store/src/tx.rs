//! A write transaction: every change to orders, their events and settings goes through one.

use sqlx::{Sqlite, Transaction};

use crate::StoreError;

pub struct WriteTx {
    pub(crate) tx: Transaction<'static, Sqlite>,
}

impl WriteTx {
    pub(crate) fn new(tx: Transaction<'static, Sqlite>) -> Self {
        Self { tx }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit().await?)
    }
}
