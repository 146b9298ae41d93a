//! Agreements and their additions: reading, and patching quantity / unit cost / unit price.

use chrono::Utc;
use serde_json::json;

use crate::client::ConnectWiseClient;
use crate::conditions::{field, Literal};
use crate::error::{Error, Result};
use crate::models::{Addition, AdditionUpdate, Agreement};

impl ConnectWiseClient {
    /// Active agreements of a company: not cancelled and not ended. The server filters on
    /// `cancelledFlag`; the end date is re-checked here too, since whether the server can filter
    /// computed status is UNCONFIRMED.
    pub async fn active_agreements(&self, company_id: i64) -> Result<Vec<Agreement>> {
        let now = Utc::now();
        let c = field("company/id")
            .eq(company_id)
            .and(field("cancelledFlag").eq(false))
            .and(
                field("noEndingDateFlag")
                    .eq(true)
                    .or(field("endDate").eq(Literal::Null))
                    .or(field("endDate").gt(now)),
            );
        let rows: Vec<Agreement> = self
            .list_all(
                "finance/agreements",
                &[("conditions", c.to_string()), ("orderBy", "id asc".into())],
            )
            .await?;
        Ok(rows.into_iter().filter(|a| a.is_active_at(now)).collect())
    }

    /// `GET /finance/agreements/{id}`.
    pub async fn agreement(&self, id: i64) -> Result<Agreement> {
        self.get_one(&format!("finance/agreements/{id}"), &[]).await
    }

    /// Additions of an agreement that are not cancelled (filtered by the server and re-checked
    /// here, so a server ignoring the condition still never yields a cancelled row).
    pub async fn additions(&self, agreement_id: i64) -> Result<Vec<Addition>> {
        let c = field("cancelledDate").eq(Literal::Null);
        let rows: Vec<Addition> = self
            .list_all(
                &format!("finance/agreements/{agreement_id}/additions"),
                &[("conditions", c.to_string()), ("orderBy", "id asc".into())],
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter(|a| a.cancelled_date.is_none())
            .collect())
    }

    /// `GET /finance/agreements/{agreement}/additions/{id}`.
    pub async fn addition(&self, agreement_id: i64, id: i64) -> Result<Addition> {
        self.get_one(
            &format!("finance/agreements/{agreement_id}/additions/{id}"),
            &[],
        )
        .await
    }

    /// PATCHes the given fields (JSON Patch `replace` ops on bare camelCase paths) and returns
    /// the updated addition. Safe to retry: it sets values, so a repeat changes nothing.
    pub async fn update_addition(
        &self,
        agreement_id: i64,
        id: i64,
        update: &AdditionUpdate,
    ) -> Result<Addition> {
        let ops = patch_ops(update)?;
        self.patch(
            &format!("finance/agreements/{agreement_id}/additions/{id}"),
            &ops,
        )
        .await
    }
}

fn patch_ops(update: &AdditionUpdate) -> Result<serde_json::Value> {
    let fields = [
        ("quantity", update.quantity),
        ("unitCost", update.unit_cost),
        ("unitPrice", update.unit_price),
    ];
    let mut ops = Vec::new();
    for (path, value) in fields {
        let Some(v) = value else { continue };
        if !v.is_finite() {
            return Err(Error::InvalidInput {
                field: path,
                reason: "it must be a finite number".into(),
            });
        }
        ops.push(json!({"op": "replace", "path": path, "value": v}));
    }
    if ops.is_empty() {
        return Err(Error::InvalidInput {
            field: "update",
            reason: "nothing to change".into(),
        });
    }
    Ok(serde_json::Value::Array(ops))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_use_bare_paths() {
        let ops = patch_ops(&AdditionUpdate {
            quantity: Some(27.0),
            unit_cost: Some(18.9),
            unit_price: None,
        })
        .unwrap();
        assert_eq!(
            ops,
            json!([{"op":"replace","path":"quantity","value":27.0},{"op":"replace","path":"unitCost","value":18.9}])
        );
        assert!(patch_ops(&AdditionUpdate::default()).is_err());
        assert!(patch_ops(&AdditionUpdate {
            quantity: Some(f64::NAN),
            ..Default::default()
        })
        .is_err());
    }
}
