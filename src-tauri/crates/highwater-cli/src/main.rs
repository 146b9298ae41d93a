//! `highwater-cli`: Highwater without the desktop app, over the same engine and data folder.
//! See `shared/docs/cli-contract.md` for the contract this binary keeps: exit codes 0/1/2/3, one
//! sentence on stderr for an error, exactly one JSON document with `--json`, never a panic, and a
//! rejected command changes nothing in the data folder.

mod args;
mod commands;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::error::ErrorKind;
use clap::Parser;
use highwater_engine::paths;
use highwater_engine::secrets::LayeredStore;
use highwater_engine::{Engine, EngineOptions, Error};

use args::Cli;

/// Exit codes of the contract.
const EXIT_SOME_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_SERVICE: u8 = 3;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.exit_code() == 0 => {
            // --help and --version.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let message = match err.kind() {
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    "a command is missing; run with --help to see the commands.".to_owned()
                }
                _ => {
                    let rendered = err.render().to_string();
                    let first = rendered.lines().next().unwrap_or_default().to_owned();
                    format!(
                        "{}; run with --help for usage.",
                        first.trim_start_matches("error: ")
                    )
                }
            };
            fail(&message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let Some(data_dir) = cli.data_dir.clone().or_else(paths::data_dir) else {
        fail("No data folder: this account has no home directory; pass --data-dir DIR.");
        return ExitCode::from(EXIT_USAGE);
    };
    let fresh = FreshFolder::note(&data_dir);
    let code = run(cli, &data_dir);
    // A rejected command (not one that ran with some failed items) leaves no trace.
    if code == EXIT_USAGE || code == EXIT_SERVICE {
        fresh.undo();
    }
    ExitCode::from(code)
}

fn run(cli: Cli, data_dir: &Path) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            fail(&format!("Could not start the async runtime: {err}."));
            return EXIT_USAGE;
        }
    };
    let options = EngineOptions {
        connectwise_client_id: commands::client_id_override(&cli.command),
        actor: "cli".to_owned(),
        ..EngineOptions::default()
    };
    let secrets = Arc::new(LayeredStore::from_process());
    let engine = match Engine::open(data_dir, secrets, options) {
        Ok(engine) => engine,
        Err(err) => return report_error(&err, commands::wants_json(&cli.command)),
    };
    let json = commands::wants_json(&cli.command);
    match runtime.block_on(commands::run(&engine, cli.command)) {
        Ok(report) => {
            report.print(json);
            match &report.some_failed {
                Some(sentence) => {
                    fail(sentence);
                    EXIT_SOME_FAILED
                }
                None => 0,
            }
        }
        Err(err) => report_error(&err, json),
    }
}

/// The error on stderr (and, with `--json`, as the one JSON document on stdout).
fn report_error(err: &Error, json: bool) -> u8 {
    match err {
        // The engine asks for confirmation; on the command line that is `--yes`.
        Error::ConfirmationRequired { .. } => fail(&format!("{err} Run it again with --yes.")),
        _ => fail(&err.to_string()),
    }
    if json {
        report::print_stdout(&report::to_json(&serde_json::json!({
            "error": err,
            "message": err.to_string(),
        })));
    }
    if err.is_service_failure() {
        EXIT_SERVICE
    } else {
        EXIT_USAGE
    }
}

/// One sentence on stderr.
fn fail(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "highwater-cli: {message}");
}

/// A data folder (or data file) this run would create: removed again when the command is
/// rejected, so a rejected command leaves the folder as it found it.
struct FreshFolder {
    dir: Option<PathBuf>,
    database: Option<PathBuf>,
}

impl FreshFolder {
    fn note(data_dir: &Path) -> Self {
        let database = paths::database_path(data_dir);
        Self {
            dir: (!data_dir.exists()).then(|| data_dir.to_path_buf()),
            database: (!database.exists()).then_some(database),
        }
    }

    fn undo(&self) {
        if let Some(database) = &self.database {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut path = database.clone().into_os_string();
                path.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(path));
            }
        }
        if let Some(dir) = &self.dir {
            // Only when empty: never remove anything this run did not create.
            let _ = std::fs::remove_dir(dir);
        }
    }
}
