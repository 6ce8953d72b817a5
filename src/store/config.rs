//! The practitioner's settings file, `config.yaml` in the configuration folder.

use std::path::Path;

use super::error::StoreError;
use super::{fsio, yaml};
use crate::domain::config::Config;

/// Name of the settings file in the configuration folder.
pub const CONFIG_FILE: &str = "config.yaml";

/// The keys of `config.yaml` that the interface's settings dialog edits: writing the settings
/// changes these and keeps every other key of the file as it is.
pub const EDITED_KEYS: &[&[&str]] = &[
    &["language"],
    &["practitioner", "name"],
    &["practitioner", "title"],
    &["practitioner", "clinic"],
    &["practitioner", "phone"],
    &["practitioner", "email"],
    &["practitioner", "address"],
    &["prices", "exosomes", "per_session_cents"],
    &["prices", "exosomes", "package_cents"],
    &["prices", "prp", "per_session_cents"],
    &["prices", "prp", "package_cents"],
];

/// The largest settings file read.
const LIMIT: u64 = 1024 * 1024;

/// Writes the [`EDITED_KEYS`] of `config` into `config.yaml` of `config_dir` (created 0700
/// if missing), atomically and 0600: the file on disk is read again, those keys changed, the
/// others kept (comments are lost). A settings file that does not parse is never overwritten:
/// its error, naming the file, line and column, is returned. Returns the settings as written.
pub fn save_config(config_dir: &Path, config: &Config) -> Result<Config, StoreError> {
    let path = config_dir.join(CONFIG_FILE);
    let old = match fsio::read_capped(&path, LIMIT) {
        Ok(bytes) => {
            yaml::decode::<Config>(&bytes, &path)?;
            Some(bytes)
        }
        Err(StoreError::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let bytes = yaml::update_keys(old.as_deref(), config, EDITED_KEYS, &path)?;
    let saved: Config = yaml::decode(&bytes, &path)?;
    fsio::create_private_dir(config_dir)?;
    fsio::write_atomic(&path, &bytes)?;
    Ok(saved)
}

/// The settings, or the defaults when there is no settings file. A settings file that does
/// not parse is an error naming it.
pub fn load_config(config_dir: Option<&Path>) -> Result<Config, StoreError> {
    let Some(path) = config_dir.map(|d| d.join(CONFIG_FILE)) else {
        return Ok(Config::default());
    };
    match fsio::read_capped(&path, LIMIT) {
        Ok(bytes) => yaml::decode(&bytes, &path),
        Err(StoreError::NotFound { .. }) => Ok(Config::default()),
        Err(e) => Err(e),
    }
}
