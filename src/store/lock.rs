//! One editor per plan: an advisory lock on a sidecar file, released when the process ends.
//!
//! The lock is taken on `.locks/<id>.lock`, never on the plan itself (a save replaces the plan's
//! inode). `flock` locks die with their process, so a crash leaves no stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::fsio::create_private_subdir;
use crate::domain::PlanId;

/// Proof that this process holds the edit lock of one plan. Dropping it releases the lock.
#[derive(Debug)]
pub struct PlanLock {
    id: PlanId,
    dir: PathBuf,
    _file: File,
}

impl PlanLock {
    /// The plan this lock is for.
    pub fn id(&self) -> &PlanId {
        &self.id
    }

    /// The plans folder this lock belongs to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Takes the lock of `id` in the plans folder `dir`, or says who holds it.
pub fn acquire(dir: &Path, id: &PlanId, plan_path: &Path) -> Result<PlanLock, StoreError> {
    let locks = dir.join(".locks");
    create_private_subdir(&locks)?;
    let path = locks.join(format!("{id}.lock"));
    // Never through a link, never blocking on a FIFO: the lock file must be a regular file.
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(&path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                StoreError::Symlink {
                    path: path.as_path().into(),
                }
            } else {
                StoreError::io(&path, "cannot create lock", e)
            }
        })?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(StoreError::NotAFile {
            path: path.as_path().into(),
        });
    }
    match file.try_lock() {
        Ok(()) => Ok(PlanLock {
            id: id.clone(),
            dir: dir.to_path_buf(),
            _file: file,
        }),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: plan_path.into(),
        }),
        Err(TryLockError::Error(e)) => Err(StoreError::io(&path, "cannot lock", e)),
    }
}
