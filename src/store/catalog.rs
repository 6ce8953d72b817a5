//! Loading the clinical catalog: the default embedded in the binary, or the practitioner's own.

use std::path::{Path, PathBuf};

use super::error::{Shown, StoreError};
use super::{fsio, yaml};
use crate::domain::catalog::Catalog;
use crate::domain::catalog_check;

/// The default catalog, as shipped (with its comments, for `catalog export`).
pub const DEFAULT_CATALOG: &str = include_str!("../../catalog/default.yaml");

/// Name of the practitioner's catalog in the configuration folder.
pub const CATALOG_FILE: &str = "catalog.yaml";

/// Largest catalog file accepted.
pub const MAX_CATALOG_BYTES: u64 = 4 * 1024 * 1024;

/// How the built-in catalog is named in messages.
pub const BUILT_IN: &str = "<built-in catalog>";

/// A catalog and where it came from (`None` for the built-in one).
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub path: Option<PathBuf>,
}

/// The built-in catalog.
pub fn default_catalog() -> Result<Catalog, StoreError> {
    parse(DEFAULT_CATALOG.as_bytes(), Path::new(BUILT_IN))
}

/// The practitioner's catalog if `config_dir` holds one, else the built-in one.
///
/// A practitioner's catalog that does not parse or has broken references is an error, never
/// silently replaced by the default: the practitioner must know which thresholds are in force.
pub fn load_catalog(config_dir: Option<&Path>) -> Result<LoadedCatalog, StoreError> {
    if let Some(path) = config_dir.map(|d| d.join(CATALOG_FILE))
        && path.exists()
    {
        let bytes = fsio::read_capped(&path, MAX_CATALOG_BYTES)?;
        let catalog = parse(&bytes, &path)?;
        return Ok(LoadedCatalog {
            catalog,
            path: Some(path),
        });
    }
    Ok(LoadedCatalog {
        catalog: default_catalog()?,
        path: None,
    })
}

/// Parses a catalog and checks it; the first problem is the error.
fn parse(bytes: &[u8], path: &Path) -> Result<Catalog, StoreError> {
    let catalog: Catalog = yaml::decode(bytes, path)?;
    let text = String::from_utf8_lossy(bytes);
    match problems(&catalog, &text, path, 1).into_iter().next() {
        Some(first) => Err(first),
        None => Ok(catalog),
    }
}

/// Most problems `catalog check` places on a line; the rest are counted.
pub const MAX_REPORTED: usize = 200;

/// The problems of the catalog in `path` (or of the built-in one), each located (at most
/// [`MAX_REPORTED`]), and how many there are in all.
pub fn check_catalog(path: Option<&Path>) -> Result<(Vec<StoreError>, usize), StoreError> {
    let (bytes, shown) = match path {
        Some(p) => (fsio::read_capped(p, MAX_CATALOG_BYTES)?, p.to_path_buf()),
        None => (DEFAULT_CATALOG.as_bytes().to_vec(), PathBuf::from(BUILT_IN)),
    };
    let catalog: Catalog = match yaml::decode(&bytes, &shown) {
        Ok(c) => c,
        Err(e) => return Ok((vec![e], 1)),
    };
    let text = String::from_utf8_lossy(&bytes);
    let all = catalog_check::check(&catalog).len();
    Ok((problems(&catalog, &text, &shown, MAX_REPORTED), all))
}

/// The first `limit` problems of a catalog, each placed on its line.
fn problems(catalog: &Catalog, text: &str, path: &Path, limit: usize) -> Vec<StoreError> {
    catalog_check::check(catalog)
        .into_iter()
        .take(limit)
        .map(|p| {
            let (line, column) = yaml::locate(text, &p.path, p.token.as_deref());
            StoreError::Syntax {
                path: Shown(path.to_path_buf()),
                line,
                column,
                message: crate::domain::escape_controls(&p.message, false).into_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalog_is_sound() {
        let problems: Vec<String> = check_catalog(None)
            .unwrap()
            .0
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        default_catalog().unwrap();
    }
}
