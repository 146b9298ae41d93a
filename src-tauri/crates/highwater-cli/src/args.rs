//! The command line, as `shared/docs/cli-contract.md` defines it (clap derive). `--data-dir` is
//! global, so it may stand before or after the subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keeps JumpCloud MTP billing and alerts in step with ConnectWise Manage, without the desktop app.
///
/// Secrets come from HIGHWATER_CW_PUBLIC_KEY, HIGHWATER_CW_PRIVATE_KEY and HIGHWATER_JC_API_KEY
/// (never written anywhere) or else from the OS keyring. Exit codes: 0 success, 1 some items
/// failed, 2 usage or configuration error, 3 authentication or connectivity failure.
#[derive(Debug, Parser)]
#[command(name = "highwater-cli", version, max_term_width = 100)]
pub struct Cli {
    /// The data folder (SQLite store); defaults to the desktop app's own.
    #[arg(long, global = true, env = "HIGHWATER_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Connect ConnectWise or JumpCloud (verify, then save).
    #[command(subcommand)]
    Connect(ConnectCommand),
    /// List or choose the billable ConnectWise company types.
    #[command(subcommand, name = "company-types")]
    CompanyTypes(CompanyTypesCommand),
    /// JumpCloud client organizations.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// ConnectWise companies having a selected type.
    #[command(subcommand)]
    Companies(CompaniesCommand),
    /// A company's active agreements.
    #[command(subcommand)]
    Agreements(AgreementsCommand),
    /// An agreement's non-cancelled additions.
    #[command(subcommand)]
    Additions(AdditionsCommand),
    /// Map an organization to a company, agreement and addition (validated in ConnectWise).
    Map(MapArgs),
    /// Remove an organization's mapping (it stops syncing).
    Unmap(UnmapArgs),
    /// Mapping suggestions by company name.
    #[command(subcommand)]
    Suggestions(SuggestionsCommand),
    /// The cost per seat.
    #[command(subcommand)]
    Cost(CostCommand),
    /// Connections, automated ticketing and the last sync.
    Status(JsonArgs),
    /// Disable the ConnectWise integration and clear its data (cannot be undone).
    Disable(DisableArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConnectCommand {
    /// Verify and save the ConnectWise connection; keys come from HIGHWATER_CW_PUBLIC_KEY and
    /// HIGHWATER_CW_PRIVATE_KEY (or the keyring).
    #[command(name = "connectwise")]
    ConnectWise(ConnectWiseArgs),
    /// Verify and save the JumpCloud connection; the key comes from HIGHWATER_JC_API_KEY (or the
    /// keyring).
    #[command(name = "jumpcloud")]
    JumpCloud(JumpCloudArgs),
}

#[derive(Debug, Args)]
pub struct ConnectWiseArgs {
    /// host[:port], e.g. na.myconnectwise.net (a scheme or path is accepted and removed).
    #[arg(long)]
    pub site: String,
    /// The company ID you sign in with.
    #[arg(long)]
    pub company_id: String,
    /// The integration clientId (GUID) to send instead of the built-in one.
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RegionArg {
    Us,
    Eu,
}

#[derive(Debug, Args)]
pub struct JumpCloudArgs {
    /// The provider (MSP) ID; discovered from the key when omitted.
    #[arg(long)]
    pub provider_id: Option<String>,
    #[arg(long, value_enum, default_value = "us")]
    pub region: RegionArg,
    /// Base URL for `/api/...` requests (defaults follow the region).
    #[arg(long, value_name = "URL")]
    pub console_url: Option<String>,
    /// Base URL for Directory Insights requests (defaults follow the region).
    #[arg(long, value_name = "URL")]
    pub insights_url: Option<String>,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print exactly one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Re-read from the service instead of the cache.
    #[arg(long)]
    pub refresh: bool,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Subcommand)]
pub enum CompanyTypesCommand {
    /// Every company type and whether it is selected.
    List(ListArgs),
    /// Replace the selection (at least one type ID).
    Set(SetTypesArgs),
}

#[derive(Debug, Args)]
pub struct SetTypesArgs {
    /// Company type IDs to bill.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Every JumpCloud organization (all pages) with its mapping.
    List(JsonArgs),
}

#[derive(Debug, Subcommand)]
pub enum CompaniesCommand {
    /// Companies having a selected type, not deleted.
    List(ListArgs),
}

#[derive(Debug, Subcommand)]
pub enum AgreementsCommand {
    /// A company's active agreements.
    List(AgreementsListArgs),
}

#[derive(Debug, Args)]
pub struct AgreementsListArgs {
    /// The company ID.
    #[arg(long, value_name = "ID")]
    pub company: i64,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Debug, Subcommand)]
pub enum AdditionsCommand {
    /// An agreement's non-cancelled additions.
    List(AdditionsListArgs),
}

#[derive(Debug, Args)]
pub struct AdditionsListArgs {
    /// The agreement ID.
    #[arg(long, value_name = "ID")]
    pub agreement: i64,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The JumpCloud organization ID.
    pub org_id: String,
    #[arg(long, value_name = "ID")]
    pub company: i64,
    #[arg(long, value_name = "ID")]
    pub agreement: i64,
    #[arg(long, value_name = "ID")]
    pub addition: i64,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct UnmapArgs {
    /// The JumpCloud organization ID.
    pub org_id: String,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Subcommand)]
pub enum SuggestionsCommand {
    /// Every organization's mapping state with its suggested company (from the caches).
    List(JsonArgs),
    /// Apply suggestions: the named organizations', or with --all every clear one. Ambiguous
    /// suggestions are never applied. Exits 1 when a requested one could not be applied.
    Accept(AcceptArgs),
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// Organization IDs.
    #[arg(
        value_name = "ORG_ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub org_ids: Vec<String>,
    /// Every organization with a clear suggestion.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Subcommand)]
pub enum CostCommand {
    /// Set the default cost per seat, or one organization's (≥ 0).
    Set(CostSetArgs),
}

#[derive(Debug, Args)]
pub struct CostSetArgs {
    /// The cost, a decimal number such as 3.50.
    #[arg(allow_negative_numbers = true, value_name = "DECIMAL")]
    pub cost: String,
    /// The organization whose own cost this is.
    #[arg(long, value_name = "ORG_ID")]
    pub org: Option<String>,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[derive(Debug, Args)]
pub struct DisableArgs {
    /// Confirm: remove the ConnectWise connection, keys, type selection, mappings, cached data
    /// and alert settings.
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub json: JsonArgs,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn data_dir_goes_before_or_after_the_subcommand() {
        for argv in [
            vec!["highwater-cli", "--data-dir", "/d", "status"],
            vec!["highwater-cli", "status", "--data-dir", "/d"],
            vec![
                "highwater-cli",
                "company-types",
                "list",
                "--data-dir=/d",
                "--json",
            ],
        ] {
            let cli = Cli::try_parse_from(&argv).unwrap();
            assert_eq!(cli.data_dir, Some(PathBuf::from("/d")), "{argv:?}");
        }
    }
}
