//! What can go wrong with a plan file, phrased for the person at the keyboard.
//!
//! Every error names the file; YAML errors add line and column. Paths and quoted values are
//! escaped so that a hostile file name or value cannot drive the terminal.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::domain::escape_controls;

/// A path shown in a message: control characters escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown(pub PathBuf);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(&self.0.to_string_lossy(), false))
    }
}

impl From<&Path> for Shown {
    fn from(p: &Path) -> Self {
        Shown(p.to_path_buf())
    }
}

/// Why a save was refused because the file on disk is not the one that was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// The file was changed by someone else since it was opened.
    ChangedOnDisk,
    /// A new plan would replace a file that already exists.
    AlreadyExists,
    /// The file was deleted since it was opened.
    Deleted,
}

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {action}: {source}")]
    Io {
        path: Shown,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    #[error("{path}: no such file")]
    NotFound { path: Shown },
    #[error("{path}: not a regular file")]
    NotAFile { path: Shown },
    #[error("{path}: file is {size} bytes, above the {limit}-byte limit for a plan")]
    TooLarge { path: Shown, size: u64, limit: u64 },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: Shown,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: Shown, message: String },
    #[error("{path}: {}", conflict_message(*.kind))]
    Conflict { path: Shown, kind: ConflictKind },
    #[error("{path}: this plan is open in another trichoplan; close it there first")]
    Locked { path: Shown },
    #[error("{path}: is a symbolic link; trichoplan only saves over regular files")]
    Symlink { path: Shown },
    #[error(
        "{path}: the file on disk cannot be read as a plan, so it is left untouched ({reason}); save as a copy instead"
    )]
    Unparseable { path: Shown, reason: String },
    #[error("{path}: the plan's id `{id}` does not match the file name")]
    IdMismatch { path: Shown, id: String },
    #[error("{0}")]
    Usage(String),
}

fn conflict_message(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::ChangedOnDisk => {
            "changed on disk since it was opened; reload it, save as a copy, or overwrite"
        }
        ConflictKind::AlreadyExists => "a plan with this id already exists; save as a copy",
        ConflictKind::Deleted => "deleted on disk since it was opened; overwrite to write it back",
    }
}

impl StoreError {
    /// The message in the reader's language (the interface's). The system's own words for an
    /// input/output error and the YAML parser's are kept as they come.
    pub fn message(&self, lang: crate::domain::Lang) -> String {
        use crate::domain::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StoreError::Io {
                path,
                action,
                source,
            } => {
                let action = match *action {
                    "cannot read" => "lecture impossible",
                    "cannot write" => "écriture impossible",
                    other => other,
                };
                format!("{path}: {action} : {source}")
            }
            StoreError::NotFound { path } => format!("{path}: fichier introuvable"),
            StoreError::NotAFile { path } => format!("{path}: ce n'est pas un fichier ordinaire"),
            StoreError::TooLarge { path, size, limit } => format!(
                "{path}: le fichier fait {size} octets, au-delà de la limite de {limit} octets pour un plan"
            ),
            StoreError::Syntax {
                path,
                line,
                column,
                message,
            } => format!("{path}:{line}:{column}: plan invalide ({message})"),
            StoreError::Invalid { path, message } => format!("{path}: plan invalide ({message})"),
            StoreError::Conflict { path, kind } => {
                let what = match kind {
                    ConflictKind::ChangedOnDisk => {
                        "modifié sur le disque depuis son ouverture ; le recharger, l'enregistrer en copie ou l'écraser"
                    }
                    ConflictKind::AlreadyExists => {
                        "un plan de cet identifiant existe déjà ; l'enregistrer en copie"
                    }
                    ConflictKind::Deleted => {
                        "supprimé du disque depuis son ouverture ; l'écraser pour le réécrire"
                    }
                };
                format!("{path}: {what}")
            }
            StoreError::Locked { path } => format!(
                "{path}: ce plan est ouvert dans un autre trichoplan ; le fermer d'abord là-bas"
            ),
            StoreError::Symlink { path } => format!(
                "{path}: lien symbolique ; trichoplan n'enregistre que sur des fichiers ordinaires"
            ),
            StoreError::Unparseable { path, reason } => format!(
                "{path}: le fichier sur le disque ne se lit pas comme un plan, il est laissé intact ({reason}) ; enregistrer plutôt une copie"
            ),
            StoreError::IdMismatch { path, id } => {
                format!("{path}: l'identifiant du plan `{id}` ne correspond pas au nom du fichier")
            }
            StoreError::Usage(m) => m.clone(),
        }
    }

    pub(crate) fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::NotFound && action == "cannot read" {
            return StoreError::NotFound { path: path.into() };
        }
        StoreError::Io {
            path: path.into(),
            action,
            source,
        }
    }
}
