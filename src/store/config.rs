//! The practitioner's settings file, `config.yaml` in the configuration folder.

use std::path::Path;

use super::error::StoreError;
use super::{fsio, yaml};
use crate::domain::config::Config;

/// Name of the settings file in the configuration folder.
pub const CONFIG_FILE: &str = "config.yaml";

/// The settings, or the defaults when there is no settings file. A settings file that does
/// not parse is an error naming it.
pub fn load_config(config_dir: Option<&Path>) -> Result<Config, StoreError> {
    let Some(path) = config_dir.map(|d| d.join(CONFIG_FILE)) else {
        return Ok(Config::default());
    };
    match fsio::read_capped(&path, 1024 * 1024) {
        Ok(bytes) => yaml::decode(&bytes, &path),
        Err(StoreError::NotFound { .. }) => Ok(Config::default()),
        Err(e) => Err(e),
    }
}
