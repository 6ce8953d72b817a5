//! File-system primitives: capped reads, private folders, and atomic durable writes.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use super::error::StoreError;

/// Prefix and suffix of the temporary files a save writes before renaming them into place.
pub const TEMP_PREFIX: &str = ".trichoplan-";
pub const TEMP_SUFFIX: &str = ".partial";

/// Reads a regular file of at most `limit` bytes, following a symbolic link (configuration and
/// catalog files, and paths typed by the user for output checks).
///
/// The file is opened without blocking, so a FIFO or a device cannot stall the read; whatever
/// is not a regular file is refused before a byte is read, and the read is bounded even if the
/// file grows while it is read.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let file = open_regular(path, false)?;
    read_file_capped(file, path, limit)
}

/// Reads a regular file of at most `limit` bytes, refusing a symbolic link: every file of the
/// plans folder (plans, index, drafts, history) is read this way.
pub fn read_capped_nofollow(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let file = open_regular(path, true)?;
    read_file_capped(file, path, limit)
}

/// Opens `path` for reading without blocking, and checks that it is a regular file.
pub fn open_regular(path: &Path, nofollow: bool) -> Result<File, StoreError> {
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY;
    if nofollow {
        flags |= libc::O_NOFOLLOW;
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| {
            if nofollow && e.raw_os_error() == Some(libc::ELOOP) {
                StoreError::Symlink { path: path.into() }
            } else {
                StoreError::io(path, "cannot read", e)
            }
        })?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, "cannot read", e))?;
    if !meta.is_file() {
        return Err(StoreError::NotAFile { path: path.into() });
    }
    Ok(file)
}

fn read_file_capped(file: File, path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let size = file
        .metadata()
        .map_err(|e| StoreError::io(path, "cannot read", e))?
        .len();
    if size > limit {
        return Err(StoreError::TooLarge {
            path: path.into(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, "cannot read", e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.into(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::io(dir, "cannot create folder", e))
}

/// Creates a folder inside the plans folder (`.locks`, `.drafts`, `history/<id>`) with mode
/// 0700, and checks that it is a real folder: a symbolic link there would lead trichoplan's
/// writes outside the plans folder, so it is refused.
pub fn create_private_subdir(dir: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(StoreError::Symlink { path: dir.into() });
        }
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => return Err(StoreError::NotAFile { path: dir.into() }),
        Err(_) => {}
    }
    create_private_dir(dir)?;
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() && !meta.file_type().is_symlink() => Ok(()),
        Ok(meta) if meta.file_type().is_symlink() => Err(StoreError::Symlink { path: dir.into() }),
        Ok(_) => Err(StoreError::NotAFile { path: dir.into() }),
        Err(e) => Err(StoreError::io(dir, "cannot create folder", e)),
    }
}

/// True for the name of a temporary file written by [`write_atomic`] or a save.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Removes the temporary files in `dir` left by writes that were killed halfway, if they have
/// not been touched for `min_age` (a live write touches its file as it goes). Housekeeping
/// only: what cannot be removed stays.
pub fn remove_stale_temps(dir: &Path, min_age: Duration) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if is_temp_name(&entry.file_name().to_string_lossy()) {
            remove_if_stale(&entry.path(), min_age);
        }
    }
}

/// Removes one leftover temporary file (never following a link) once it is `min_age` old.
pub fn remove_if_stale(path: &Path, min_age: Duration) {
    let stale = fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age >= min_age);
    if stale {
        let _ = fs::remove_file(path);
    }
}

/// Replaces `target` with `bytes` so that a crash at any instant leaves either the old file or
/// the new one, complete, with mode 0600.
///
/// The bytes go to a temporary file in the same folder, which is flushed to disk, renamed over
/// the target (atomic on POSIX), and the folder is flushed so the rename itself survives a power
/// loss. A symbolic link at `target` is refused rather than replaced. On failure the temporary
/// file is removed.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(StoreError::Symlink {
            path: target.into(),
        });
    }
    let tmp = write_temp(target, parent_of(target), bytes)?;
    let dir = parent_of(target);
    tmp.persist(target)
        .map_err(|e| StoreError::io(target, "cannot save", std::io::Error::from(e.error.kind())))?;
    sync_dir(dir).map_err(|e| StoreError::io(dir, "cannot flush folder", e))
}

/// A file written as a stream and put in place atomically on [`AtomicWriter::commit`]: for
/// caches such as the list index, which trichoplan owns and rebuilds, so whatever is at the
/// target that is not a folder (a link, a FIFO, a device) is replaced, never followed.
/// Dropped without a commit, the temporary file is removed.
pub struct AtomicWriter {
    target: std::path::PathBuf,
    out: std::io::BufWriter<NamedTempFile>,
}

impl AtomicWriter {
    pub fn new(target: &Path) -> Result<Self, StoreError> {
        let tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .permissions(fs::Permissions::from_mode(0o600))
            .tempfile_in(parent_of(target))
            .map_err(|e| StoreError::io(target, "cannot save", write_error(e)))?;
        Ok(AtomicWriter {
            target: target.to_path_buf(),
            out: std::io::BufWriter::with_capacity(256 * 1024, tmp),
        })
    }

    /// Flushes the file to disk and renames it over the target (replacing, not following,
    /// whatever non-folder entry is there).
    pub fn commit(self) -> Result<(), StoreError> {
        let target = self.target;
        let fail = |e: std::io::Error| StoreError::io(&target, "cannot save", write_error(e));
        let tmp = self.out.into_inner().map_err(|e| fail(e.into_error()))?;
        tmp.as_file().sync_all().map_err(fail)?;
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(StoreError::NotAFile {
                path: target.as_path().into(),
            });
        }
        tmp.persist(&target).map_err(|e| fail(e.error))?;
        let dir = parent_of(&target);
        sync_dir(dir).map_err(|e| StoreError::io(dir, "cannot flush folder", e))
    }
}

impl Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The folder of `path` (`.` for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `bytes` to a new temporary file (0600) in `dir` and flushes it to disk. Errors name
/// `target`, the file being saved. The file is removed when the handle is dropped unless it is
/// persisted.
pub fn write_temp(target: &Path, dir: &Path, bytes: &[u8]) -> Result<NamedTempFile, StoreError> {
    // tempfile's errors name the temporary file; keep only what went wrong.
    let fail = |e: std::io::Error| StoreError::io(target, "cannot save", write_error(e));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(tmp)
}

/// An I/O error without the temporary file's name, keeping what the user can act on.
fn write_error(e: std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::from(e.kind()),
    }
}

/// Flushes a folder, so that a rename in it survives a power loss.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// How [`rename_exchange`] failed.
#[derive(Debug)]
pub enum ExchangeError {
    /// The file system (or the system) cannot exchange two names atomically.
    Unsupported,
    /// One of the two names does not exist.
    Missing,
    Other(std::io::Error),
}

/// Swaps the files at `a` and `b` in one atomic step (`renameat2(RENAME_EXCHANGE)`): at no
/// instant is either name missing, and whatever was at `b` is now at `a`, whole.
#[cfg(target_os = "linux")]
pub fn rename_exchange(a: &Path, b: &Path) -> Result<(), ExchangeError> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|_| {
            ExchangeError::Other(std::io::Error::from(std::io::ErrorKind::InvalidInput))
        })
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; the
    // syscall only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    Err(match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => ExchangeError::Unsupported,
        Some(libc::ENOENT) => ExchangeError::Missing,
        _ => ExchangeError::Other(e),
    })
}

/// Elsewhere, no atomic exchange: callers fall back to a compare-then-rename.
#[cfg(not(target_os = "linux"))]
pub fn rename_exchange(_a: &Path, _b: &Path) -> Result<(), ExchangeError> {
    Err(ExchangeError::Unsupported)
}
