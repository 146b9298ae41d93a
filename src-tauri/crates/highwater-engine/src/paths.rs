//! Where Highwater keeps its data. The desktop app and `highwater-cli` must agree, so the rule lives
//! here (not in tauri's path resolver): `HIGHWATER_DATA_DIR` when set, else the platform data folder
//! joined with the app identifier (what Tauri's `app_data_dir()` gives on every platform).

use std::path::{Path, PathBuf};

/// The bundle identifier in `tauri.conf.json`; also the keyring service name.
pub const APP_IDENTIFIER: &str = "app.highwater.desktop";

/// Environment variable that overrides the data folder (tests, scripts, portable installs).
pub const DATA_DIR_ENV: &str = "HIGHWATER_DATA_DIR";

/// File name of the SQLite store inside the data folder.
pub const DATABASE_FILE: &str = "highwater.sqlite3";

/// The data folder: `--data-dir DIR` among `args` (the desktop app accepts it like the CLI), else
/// `$HIGHWATER_DATA_DIR`, else the platform's per-user data folder.
/// `None` only when the platform has no home directory at all.
pub fn data_dir_from_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(dir));
        }
    }
    data_dir()
}

/// The data folder: `$HIGHWATER_DATA_DIR`, else the platform's per-user data folder.
/// `None` only when the platform has no home directory at all.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|base| base.join(APP_IDENTIFIER)),
    }
}

/// The SQLite file inside a data folder.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_lives_in_the_data_dir() {
        let dir = Path::new("/tmp/hw");
        assert_eq!(database_path(dir), dir.join("highwater.sqlite3"));
    }

    #[test]
    fn data_dir_flag_wins_in_both_spellings() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            data_dir_from_args(args(&["highwater", "--data-dir", "/a"])),
            Some(PathBuf::from("/a"))
        );
        assert_eq!(
            data_dir_from_args(args(&["highwater", "--data-dir=/b"])),
            Some(PathBuf::from("/b"))
        );
    }
}
