//! Each command: parse what clap gave, call one engine method, shape the report.

use highwater_engine::views::{AcceptStatus, RowState};
use highwater_engine::{
    ConnectWiseInput, Engine, Error, JumpCloudInput, MappingTarget, Region, Result,
    DISABLE_CONFIRMATION,
};

use crate::args::{
    AdditionsCommand, AgreementsCommand, Command, CompaniesCommand, CompanyTypesCommand,
    ConnectCommand, CostCommand, OrgsCommand, RegionArg, SuggestionsCommand,
};
use crate::report::{table, Report};

/// The `--client-id` of `connect connectwise`, the only command that takes one.
pub fn client_id_override(command: &Command) -> Option<String> {
    match command {
        Command::Connect(ConnectCommand::ConnectWise(args)) => args.client_id.clone(),
        _ => None,
    }
}

/// Whether the command asked for `--json`.
pub fn wants_json(command: &Command) -> bool {
    match command {
        Command::Connect(ConnectCommand::ConnectWise(a)) => a.json.json,
        Command::Connect(ConnectCommand::JumpCloud(a)) => a.json.json,
        Command::CompanyTypes(CompanyTypesCommand::List(a)) => a.json.json,
        Command::CompanyTypes(CompanyTypesCommand::Set(a)) => a.json.json,
        Command::Orgs(OrgsCommand::List(a)) => a.json,
        Command::Companies(CompaniesCommand::List(a)) => a.json.json,
        Command::Agreements(AgreementsCommand::List(a)) => a.list.json.json,
        Command::Additions(AdditionsCommand::List(a)) => a.list.json.json,
        Command::Map(a) => a.json.json,
        Command::Unmap(a) => a.json.json,
        Command::Suggestions(SuggestionsCommand::List(a)) => a.json,
        Command::Suggestions(SuggestionsCommand::Accept(a)) => a.json.json,
        Command::Cost(CostCommand::Set(a)) => a.json.json,
        Command::Status(a) => a.json,
        Command::Disable(a) => a.json.json,
    }
}

pub async fn run(engine: &Engine, command: Command) -> Result<Report> {
    match command {
        Command::Connect(ConnectCommand::ConnectWise(args)) => {
            let connected = engine
                .connect_connectwise(ConnectWiseInput {
                    site: args.site,
                    company_id: args.company_id,
                    public_key: None,
                    private_key: None,
                    client_id: None,
                })
                .await?;
            let mut lines = Vec::new();
            for change in &connected.site_changes {
                lines.push(format!("Site normalised: {change}."));
            }
            lines.push(format!(
                "{} for {} (company {}, codebase {}).",
                connected.message,
                connected.site,
                connected.company_id,
                connected.codebase.trim_matches('/')
            ));
            lines.push(match connected.keys {
                highwater_engine::views::KeyStorage::Keyring => {
                    "The keys were saved in the OS keyring.".to_owned()
                }
                highwater_engine::views::KeyStorage::Environment => {
                    "The keys come from the environment and were not saved.".to_owned()
                }
            });
            Ok(Report::new(&connected, lines.join("\n")))
        }
        Command::Connect(ConnectCommand::JumpCloud(args)) => {
            let connected = engine
                .connect_jumpcloud(JumpCloudInput {
                    api_key: None,
                    provider_id: args.provider_id,
                    region: match args.region {
                        RegionArg::Us => Region::Us,
                        RegionArg::Eu => Region::Eu,
                    },
                    console_url: args.console_url,
                    insights_url: args.insights_url,
                })
                .await?;
            let mut text = format!(
                "{}: provider {}{}, {} organization(s).",
                connected.message,
                connected.provider_id,
                if connected.provider_discovered {
                    " (discovered from the API key)"
                } else {
                    ""
                },
                connected.organizations
            );
            if let Some(email) = &connected.admin_email {
                text.push_str(&format!("\nThe key belongs to {email}."));
            }
            Ok(Report::new(&connected, text))
        }
        Command::CompanyTypes(CompanyTypesCommand::List(args)) => {
            let types = engine.company_types(args.refresh).await?;
            Ok(Report::table(&types, &["ID", "SELECTED", "NAME"], |t| {
                vec![
                    t.id.to_string(),
                    if t.selected { "yes" } else { "no" }.to_owned(),
                    t.name.clone(),
                ]
            }))
        }
        Command::CompanyTypes(CompanyTypesCommand::Set(args)) => {
            let types = engine.set_company_types(&args.ids).await?;
            let names: Vec<String> = types
                .iter()
                .filter(|t| t.selected)
                .map(|t| format!("{} ({})", t.name, t.id))
                .collect();
            Ok(Report::new(
                &types,
                format!("Billable company types: {}.", names.join(", ")),
            ))
        }
        Command::Orgs(OrgsCommand::List(_)) => {
            engine.refresh_organizations().await?;
            let orgs = engine.organizations()?;
            Ok(Report::table(
                &orgs,
                &["ID", "COMPANY/AGREEMENT/ADDITION", "NAME"],
                |o| {
                    vec![
                        o.id.clone(),
                        o.mapping.map_or_else(
                            || "-".to_owned(),
                            |m| format!("{}/{}/{}", m.company_id, m.agreement_id, m.addition_id),
                        ),
                        o.name.clone(),
                    ]
                },
            ))
        }
        Command::Companies(CompaniesCommand::List(args)) => {
            let listing = engine.companies(args.refresh).await?;
            Ok(Report::table(
                &listing.items,
                &["ID", "IDENTIFIER", "NAME"],
                |c| vec![c.id.to_string(), c.identifier.clone(), c.name.clone()],
            ))
        }
        Command::Agreements(AgreementsCommand::List(args)) => {
            let listing = engine.agreements(args.company, args.list.refresh).await?;
            Ok(Report::table(
                &listing.items,
                &["ID", "TYPE", "NAME"],
                |a| {
                    vec![
                        a.id.to_string(),
                        a.type_name.clone().unwrap_or_default(),
                        a.name.clone(),
                    ]
                },
            ))
        }
        Command::Additions(AdditionsCommand::List(args)) => {
            let listing = engine.additions(args.agreement, args.list.refresh).await?;
            Ok(Report::table(
                &listing.items,
                &["ID", "QUANTITY", "UNIT_COST", "PRODUCT"],
                |a| {
                    vec![
                        a.id.to_string(),
                        a.quantity.to_string(),
                        a.unit_cost
                            .map_or_else(|| "-".to_owned(), |c| c.to_string()),
                        a.product.clone(),
                    ]
                },
            ))
        }
        Command::Map(args) => {
            let saved = engine
                .set_mapping(
                    &args.org_id,
                    MappingTarget {
                        company_id: args.company,
                        agreement_id: args.agreement,
                        addition_id: args.addition,
                    },
                )
                .await?;
            let m = &saved.mapping;
            let text = format!(
                "{}: {} → {} / {} / {}.",
                saved.message, saved.org_id, m.company_name, m.agreement_name, m.addition_name
            );
            Ok(Report::new(&saved, text))
        }
        Command::Unmap(args) => {
            let unmapped = engine.unmap(&args.org_id)?;
            let text = if unmapped.was_mapped {
                format!(
                    "Removed the mapping of {}; it no longer syncs.",
                    unmapped.org_id
                )
            } else {
                format!("{} was not mapped; nothing changed.", unmapped.org_id)
            };
            Ok(Report::new(&unmapped, text))
        }
        Command::Suggestions(SuggestionsCommand::List(_)) => {
            let rows = engine.mapping_rows()?;
            let lines = rows
                .rows
                .iter()
                .map(|r| {
                    let state = match r.state {
                        RowState::Unmapped => "unmapped",
                        RowState::Suggested => "suggested",
                        RowState::Mapped => "mapped",
                        RowState::Broken => "broken",
                    };
                    let detail = match (&r.mapping, &r.suggestion, &r.reason) {
                        (Some(m), _, Some(reason)) => format!("{} — {reason}", m.company_name),
                        (Some(m), _, None) => m.company_name.clone(),
                        (None, Some(s), _) => format!(
                            "{} ({}{})",
                            s.company_name,
                            s.reason,
                            if s.ambiguous { ", ambiguous" } else { "" }
                        ),
                        (None, None, _) => String::new(),
                    };
                    vec![
                        r.org_id.clone(),
                        state.to_owned(),
                        r.org_name.clone(),
                        detail,
                    ]
                })
                .collect();
            Ok(Report::new(
                &rows,
                table(&["ORG_ID", "STATE", "ORGANIZATION", "COMPANY"], lines),
            ))
        }
        Command::Suggestions(SuggestionsCommand::Accept(args)) => {
            let ids = (!args.all).then_some(args.org_ids);
            let outcomes = engine.accept_suggestions(ids.as_deref()).await?;
            let lines: Vec<String> = outcomes
                .iter()
                .map(|o| {
                    let status = match o.status {
                        AcceptStatus::Applied => "applied",
                        AcceptStatus::Skipped => "skipped",
                        AcceptStatus::Failed => "failed",
                    };
                    format!("{}: {status}: {}", o.org_id, o.message)
                })
                .collect();
            let mut report = Report::new(&outcomes, lines.join("\n"));
            let not_applied = outcomes
                .iter()
                .filter(|o| o.status != AcceptStatus::Applied)
                .count();
            if not_applied > 0 {
                report.some_failed = Some(format!(
                    "{not_applied} of {} suggestion(s) could not be applied.",
                    outcomes.len()
                ));
            }
            Ok(report)
        }
        Command::Cost(CostCommand::Set(args)) => {
            let saved = engine
                .set_cost_per_seat(&args.cost, args.org.as_deref())
                .await?;
            let text = match &saved.org_id {
                Some(org) => format!("Cost per seat for {org} set to {}.", saved.cost),
                None => format!("Default cost per seat set to {}.", saved.cost),
            };
            Ok(Report::new(&saved, text))
        }
        Command::Status(_) => {
            let status = engine.status()?;
            let cw = &status.connectwise;
            let jc = &status.jumpcloud;
            let mut lines = vec![match (&cw.site, &cw.company_id) {
                (Some(site), Some(company)) if cw.connected => {
                    format!("ConnectWise: connected to {site} as {company}.")
                }
                _ => "ConnectWise: not connected.".to_owned(),
            }];
            lines.push(match &jc.provider_id {
                Some(provider) if jc.connected => {
                    format!("JumpCloud: connected as provider {provider}.")
                }
                _ => "JumpCloud: not connected.".to_owned(),
            });
            lines.push(format!(
                "Automated ticketing: {}.",
                if status.auto_ticketing { "on" } else { "off" }
            ));
            lines.push(match &status.last_sync {
                Some(sync) => format!(
                    "Last sync: {} ({} updated, {} failed).",
                    sync.at, sync.updated, sync.failed
                ),
                None => "Last sync: never.".to_owned(),
            });
            Ok(Report::new(&status, lines.join("\n")))
        }
        Command::Disable(args) => {
            if !args.yes {
                return Err(Error::ConfirmationRequired {
                    action: "Disabling ConnectWise (its connection, keys, type selection, \
                             mappings and cached data are removed)"
                        .to_owned(),
                });
            }
            let cleared = engine.disable_and_clear_connectwise(DISABLE_CONFIRMATION)?;
            let text = format!(
                "{}: removed {} mapping(s) and {} cached catalog row(s).",
                cleared.message, cleared.mappings_removed, cleared.catalog_rows_removed
            );
            Ok(Report::new(&cleared, text))
        }
    }
}
