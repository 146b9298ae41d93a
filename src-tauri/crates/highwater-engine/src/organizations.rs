//! JumpCloud client organizations: the cached list (refreshed from every page JumpCloud returns)
//! with each org's mapping, and current user counts, recorded as samples when read.

use std::collections::HashMap;

use chrono::Utc;
use highwater_jumpcloud::BillableUsers;
use highwater_store::mappings;
use highwater_store::organizations::{self, ListedOrganization};
use highwater_store::user_count_samples::{self, Sample};

use crate::engine::Engine;
use crate::error::Result;
use crate::views::{MappingIds, OrgView, OrgsRefreshed, UserCountView};

impl Engine {
    /// Re-reads every organization from JumpCloud into the cache. Mapped orgs JumpCloud stopped
    /// listing are kept (and show as broken); unmapped ones go.
    pub async fn refresh_organizations(&self) -> Result<OrgsRefreshed> {
        let (client, connection) = self.jumpcloud()?;
        let orgs = client.organizations(&connection.provider_id).await?;
        let listed: Vec<ListedOrganization> = orgs
            .into_iter()
            .map(|o| ListedOrganization {
                id: o.id,
                name: o.name,
            })
            .collect();
        let refresh = self.write(|tx| organizations::replace_all(tx, &listed, Utc::now()))?;
        Ok(OrgsRefreshed {
            listed: refresh.listed,
            marked_missing: refresh.marked_missing,
            removed: refresh.removed,
        })
    }

    /// The cached organizations by name, each with its mapping's ids.
    pub fn organizations(&self) -> Result<Vec<OrgView>> {
        let (orgs, mapped) = self.read(|c| Ok((organizations::list(c)?, mappings::list(c)?)))?;
        let mut by_org: HashMap<String, MappingIds> = mapped
            .into_iter()
            .map(|m| {
                (
                    m.org_id,
                    MappingIds {
                        company_id: m.company_id,
                        agreement_id: m.agreement_id,
                        addition_id: m.addition_id,
                    },
                )
            })
            .collect();
        Ok(orgs
            .into_iter()
            .map(|o| OrgView {
                mapping: by_org.remove(&o.id),
                id: o.id,
                name: o.name,
            })
            .collect())
    }

    /// Every listed org's current user count (staged, activated and suspended), each recorded
    /// as a sample for the month's high watermark. One org failing does not hide the others.
    pub async fn read_user_counts(&self) -> Result<Vec<UserCountView>> {
        let (client, _) = self.jumpcloud()?;
        let ids: Vec<String> = self
            .read(organizations::list)?
            .into_iter()
            .filter(|o| o.missing_since.is_none())
            .map(|o| o.id)
            .collect();
        let counts = client.user_counts(&ids, BillableUsers::All).await;
        let now = Utc::now();
        let mut views = Vec::with_capacity(counts.len());
        let mut samples = Vec::new();
        for (org_id, result) in counts {
            match result {
                Ok(count) => {
                    samples.push(Sample {
                        org_id: org_id.clone(),
                        sampled_at: now,
                        user_count: u32::try_from(count).unwrap_or(u32::MAX),
                    });
                    views.push(UserCountView {
                        org_id,
                        user_count: Some(count),
                        error: None,
                    });
                }
                Err(err) => views.push(UserCountView {
                    org_id,
                    user_count: None,
                    error: Some(crate::Error::from(err).to_string()),
                }),
            }
        }
        self.write(|tx| {
            for sample in &samples {
                user_count_samples::insert(tx, sample)?;
            }
            Ok(())
        })?;
        Ok(views)
    }
}
