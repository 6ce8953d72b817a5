//! The plans folder as a git repository: commits, sync with a remote, and the structural merge.
//!
//! Everything here runs the system's `git` (so the user's ssh keys, credential helpers and
//! configuration apply; trichoplan holds no credentials). Only [`sync`] talks to a network,
//! and only through `git fetch` and `git push` to the remote the clinic chose (`origin`).
//!
//! What is local to a machine is ignored (`.gitignore`): locks, drafts, index files,
//! temporary files, the `history/` copies, printed PDFs. Plan files are merged by trichoplan's
//! merge driver (`.gitattributes`, `merge.trichoplan.driver` in the repository's own config,
//! registered again by every sync so that it points at this machine's trichoplan). Commits
//! are authored by the practitioner of the settings.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::fsio;
use crate::domain::config::Config;
use crate::domain::merge;
use crate::domain::plan::Plan;

/// What a machine keeps to itself.
pub const GITIGNORE: &str = "\
# trichoplan: what is local to each machine (never shared)
.locks/
.drafts/
.index.json
.index-head.json
.trichoplan-*
*.partial
history/
printouts/
*.pdf
";

/// Plans are merged by structure, never by lines.
pub const GITATTRIBUTES: &str = "\
# trichoplan: plans are merged by trichoplan's merge driver (see `trichoplan sync`)
*.yaml merge=trichoplan
";

/// The name of the remote a sync talks to.
pub const REMOTE: &str = "origin";

/// Who commits: the practitioner of the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl Identity {
    /// The practitioner of `config.yaml`; `None` when the settings name no one (git's own
    /// `user.name` then applies, or a neutral name).
    pub fn from_config(config: &Config) -> Option<Identity> {
        let p = config.practitioner.as_ref()?;
        let name = match &p.title {
            Some(t) => format!("{} {}", t.as_str(), p.name.as_str()),
            None => p.name.as_str().to_owned(),
        };
        Some(Identity {
            name,
            email: p
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        })
    }
}

/// True when `dir` is the top of a git repository.
pub fn is_repo(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(".git")).is_ok_and(|m| m.is_dir())
}

/// Makes files created from now on private (0600 files, 0700 folders), git's included: git
/// checks files out with the process's umask.
pub fn private_umask() {
    // SAFETY: umask only changes the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Runs git in one repository.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    identity: Option<Identity>,
    /// May git ask for a password on the terminal (`trichoplan sync` in a shell) or not (the
    /// interface, where nobody could answer)?
    prompt: bool,
}

fn fail(dir: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        path: dir.into(),
        message: message.into(),
    }
}

/// The last meaningful line git printed on stderr, for a one-line message.
fn last_line(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with("hint:"))
        .unwrap_or("git failed");
    crate::domain::escape_controls(line, false).into_owned()
}

impl Git {
    /// git in `dir`, committing as `identity`.
    pub fn new(dir: &Path, identity: Option<Identity>, prompt: bool) -> Git {
        Git {
            dir: dir.to_path_buf(),
            identity,
            prompt,
        }
    }

    /// The plans folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.current_dir(&self.dir)
            .args(args)
            .env("LC_ALL", "C")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.prompt {
            c.env("GIT_TERMINAL_PROMPT", "0").stdin(Stdio::null());
            c.env("GIT_SSH_COMMAND", ssh_batch_command());
        }
        if let Some(id) = &self.identity {
            c.env("GIT_AUTHOR_NAME", &id.name)
                .env("GIT_AUTHOR_EMAIL", &id.email)
                .env("GIT_COMMITTER_NAME", &id.name)
                .env("GIT_COMMITTER_EMAIL", &id.email);
        }
        c
    }

    fn output(&self, args: &[&str]) -> Result<Output, StoreError> {
        self.command(args).output().map_err(|e| {
            fail(
                &self.dir,
                format!("cannot run git ({e}); install git to share plans"),
            )
        })
    }

    /// Runs git and returns its stdout, or its last error line.
    fn ok(&self, args: &[&str]) -> Result<String, StoreError> {
        let out = self.output(args)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
        } else {
            Err(fail(
                &self.dir,
                format!("git {}: {}", args.first().unwrap_or(&""), last_line(&out)),
            ))
        }
    }

    fn succeeds(&self, args: &[&str]) -> bool {
        self.output(args).is_ok_and(|o| o.status.success())
    }

    fn with_stdin(&self, args: &[&str], input: &[u8]) -> Result<String, StoreError> {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| fail(&self.dir, format!("cannot run git ({e})")))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input)
                .map_err(|e| fail(&self.dir, format!("cannot talk to git ({e})")))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| fail(&self.dir, format!("cannot run git ({e})")))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(fail(&self.dir, format!("git: {}", last_line(&out))))
        }
    }

    /// Without a practitioner in the settings and without git's own `user.name`, commits
    /// still need a name.
    fn ensure_identity(&mut self) {
        if self.identity.is_none() && self.ok(&["config", "user.name"]).is_err() {
            self.identity = Some(Identity {
                name: "trichoplan".to_owned(),
                email: "trichoplan@localhost".to_owned(),
            });
        }
    }

    fn head(&self) -> Option<String> {
        self.ok(&["rev-parse", "-q", "--verify", "HEAD^{commit}"])
            .ok()
            .filter(|s| !s.is_empty())
    }

    /// The current branch (`main` in a repository trichoplan made).
    pub fn branch(&self) -> String {
        self.ok(&["symbolic-ref", "--short", "-q", "HEAD"])
            .ok()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "main".to_owned())
    }

    fn remote_ref(&self) -> String {
        format!("refs/remotes/{REMOTE}/{}", self.branch())
    }

    fn has_remote(&self) -> bool {
        self.succeeds(&["remote", "get-url", REMOTE])
    }

    /// Commits `names` (plan files, relative to the folder; a missing file is a deletion) in
    /// one commit with `message`, with git's plumbing: no hook, no editor, no full status.
    /// Returns the new commit, or `None` when nothing changed.
    pub fn commit_files(
        &self,
        names: &[String],
        message: &str,
    ) -> Result<Option<String>, StoreError> {
        if fs::symlink_metadata(self.dir.join(".git/MERGE_HEAD")).is_ok() {
            return Err(fail(
                &self.dir,
                "a merge is under way; the next sync commits this",
            ));
        }
        let mut args = vec!["update-index", "--add", "--remove", "--"];
        args.extend(names.iter().map(String::as_str));
        self.ok(&args)?;
        let tree = self.ok(&["write-tree"])?;
        let parent = self.head();
        if let Some(p) = &parent
            && self.ok(&["rev-parse", &format!("{p}^{{tree}}")])? == tree
        {
            return Ok(None);
        }
        let mut args = vec!["commit-tree", tree.as_str()];
        if let Some(p) = &parent {
            args.extend(["-p", p.as_str()]);
        }
        args.extend(["-F", "-"]);
        let commit = self.with_stdin(&args, message.as_bytes())?;
        // Compare-and-swap on HEAD: a sync that moved it meanwhile wins, and this change is
        // committed by the next sync instead.
        let old = parent.unwrap_or_else(|| "0".repeat(40));
        self.ok(&[
            "update-ref",
            "-m",
            "trichoplan: save",
            "HEAD",
            &commit,
            &old,
        ])?;
        Ok(Some(commit))
    }

    /// Files changed since the last commit (plan files, and the two files trichoplan shares),
    /// relative names.
    fn uncommitted(&self) -> Result<Vec<String>, StoreError> {
        let _ = self.output(&["update-index", "-q", "--refresh"]);
        let specs = [
            ":(top,glob)*.yaml",
            ":(top).gitignore",
            ":(top).gitattributes",
        ];
        let mut args = vec![
            "ls-files",
            "-z",
            "--modified",
            "--deleted",
            "--others",
            "--exclude-standard",
            "--",
        ];
        args.extend(specs);
        let mut names: Vec<String> = self
            .ok(&args)?
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if self.head().is_some() {
            let mut args = vec!["diff", "--cached", "--name-only", "-z", "HEAD", "--"];
            args.extend(specs);
            names.extend(
                self.ok(&args)?
                    .split('\0')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
        }
        names.sort();
        names.dedup();
        Ok(names)
    }
}

/// `ssh` that never asks on the terminal (the interface has no one to answer): keys from an
/// agent or without passphrase still work. Keeps a user's own `GIT_SSH_COMMAND`.
fn ssh_batch_command() -> String {
    std::env::var("GIT_SSH_COMMAND")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "ssh -o BatchMode=yes".to_owned())
}

/// The commit message of one save: the revision's change, then its reason.
pub fn save_message(plan: &Plan) -> String {
    let mut msg = match plan.revisions.last() {
        Some(r) => format!("{}: {}", plan.id, r.change.as_str()),
        None => format!("{}: saved", plan.id),
    };
    msg.push_str("\n\n");
    if let Some(reason) = plan.revisions.last().and_then(|r| r.reason.as_ref()) {
        msg.push_str(&format!("Reason: {}\n", reason.as_str()));
    }
    msg.push_str(&format!("Revision: {}\n", plan.revision));
    msg
}

/// Commits one saved plan (called after the atomic save, off the keystroke path).
pub fn commit_saved(
    dir: &Path,
    identity: Option<Identity>,
    plan: &Plan,
) -> Result<Option<String>, StoreError> {
    let mut git = Git::new(dir, identity, false);
    git.ensure_identity();
    git.commit_files(&[format!("{}.yaml", plan.id)], &save_message(plan))
}

/// Registers the merge driver and writes the ignore and attribute files (adding only the
/// lines they lack, so a clinic's own lines stay).
pub fn register(git: &Git, exe: &Path) -> Result<(), StoreError> {
    let exe = exe.to_string_lossy();
    let quoted = format!("'{}'", exe.replace('\'', r"'\''"));
    git.ok(&["config", "merge.trichoplan.name", "trichoplan plan merge"])?;
    git.ok(&[
        "config",
        "merge.trichoplan.driver",
        &format!("{quoted} merge-driver %O %A %B %P"),
    ])?;
    git.ok(&["config", "core.sharedRepository", "0600"])?;
    for (name, content) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        let path = git.dir.join(name);
        let now = match fsio::read_capped_nofollow(&path, 1024 * 1024) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(StoreError::NotFound { .. }) => String::new(),
            Err(e) => return Err(e),
        };
        let missing: Vec<&str> = content
            .lines()
            .filter(|l| !l.starts_with('#') && !now.lines().any(|n| n.trim() == *l))
            .collect();
        if missing.is_empty() && !now.is_empty() {
            continue;
        }
        let text = if now.is_empty() {
            content.to_owned()
        } else {
            let mut t = now.clone();
            if !t.ends_with('\n') {
                t.push('\n');
            }
            for l in missing {
                t.push_str(l);
                t.push('\n');
            }
            t
        };
        fsio::write_atomic(&path, text.as_bytes())?;
    }
    Ok(())
}

/// What `sync --init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// The folder was already a git repository (a clone, or an earlier init).
    pub adopted: bool,
    pub committed: usize,
    pub invalid: Vec<StoreError>,
}

/// Makes `dir` a git repository shared through `remote` (or adopts the one it is), and
/// commits the plans it holds.
pub fn init(
    dir: &Path,
    remote: Option<&str>,
    identity: Option<Identity>,
    exe: &Path,
) -> Result<InitReport, StoreError> {
    fsio::create_private_dir(dir)?;
    // Health data: the folder is the practitioner's alone.
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    let mut git = Git::new(dir, identity, true);
    let mut report = InitReport {
        adopted: is_repo(dir),
        ..InitReport::default()
    };
    if !report.adopted {
        git.ok(&["init", "-q"])?;
        git.ok(&["symbolic-ref", "HEAD", "refs/heads/main"])?;
    }
    git.ensure_identity();
    register(&git, exe)?;
    if let Some(url) = remote {
        if git.has_remote() {
            git.ok(&["remote", "set-url", REMOTE, url])?;
        } else {
            git.ok(&["remote", "add", REMOTE, url])?;
        }
    }
    let (committed, invalid) = commit_pending(&git)?;
    report.committed = committed;
    report.invalid = invalid;
    fix_modes(dir);
    Ok(report)
}

/// Commits every changed file that may be shared: each plan that reads as a valid plan (an
/// invalid one is reported and left out), deletions, and trichoplan's two git files. Returns
/// the number of commits and the invalid files.
pub fn commit_pending(git: &Git) -> Result<(usize, Vec<StoreError>), StoreError> {
    let names = git.uncommitted()?;
    let (yaml, others): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| n.ends_with(".yaml"));
    // Every changed plan is read and checked, on every core.
    let dir = git.dir.clone();
    let checked = super::on_every_core(yaml, |name| {
        let path = dir.join(&name);
        let result = match fs::symlink_metadata(&path) {
            Err(_) => Ok(None),
            Ok(_) => match super::read_plan(&path) {
                // Only what the commit message needs is kept (10,000 plans would weigh).
                Ok(file) if format!("{}.yaml", file.plan.id) == name => {
                    Ok(Some((save_message(&file.plan), file.plan.revision)))
                }
                Ok(file) => Err(StoreError::IdMismatch {
                    path: path.as_path().into(),
                    id: file.plan.id.to_string(),
                }),
                Err(e) => Err(e),
            },
        };
        (name, result)
    });
    let mut invalid = Vec::new();
    let mut plans: Vec<(String, Option<(String, u32)>)> = Vec::new();
    for (name, result) in checked {
        match result {
            Ok(plan) => plans.push((name, plan)),
            Err(e) => invalid.push(e),
        }
    }
    let message = |name: &str, plan: &Option<(String, u32)>, each: bool| match plan {
        None => format!("{}: removed\n", name.trim_end_matches(".yaml")),
        Some((m, revision)) if each => {
            hand_edit_message(git, name, *revision).unwrap_or_else(|| m.clone())
        }
        Some((m, _)) => m.clone(),
    };
    let mut commits = 0;
    if !others.is_empty()
        && git
            .commit_files(&others, "trichoplan: share the plans folder through git\n")?
            .is_some()
    {
        commits += 1;
    }
    if plans.len() <= 50 {
        for (name, plan) in &plans {
            let m = message(name, plan, true);
            if git.commit_files(std::slice::from_ref(name), &m)?.is_some() {
                commits += 1;
            }
        }
    } else {
        let names: Vec<String> = plans.iter().map(|(n, _)| n.clone()).collect();
        let mut all = format!("{} plans committed together\n\n", plans.len());
        for (name, plan) in plans.iter().take(1000) {
            all.push_str(message(name, plan, false).lines().next().unwrap_or(""));
            all.push('\n');
        }
        if git.commit_files(&names, &all)?.is_some() {
            commits += 1;
        }
    }
    Ok((commits, invalid))
}

/// The message of a plan changed without a new revision (a hand edit, or a save that was not
/// committed): said as such, since the last revision's change is not what changed.
fn hand_edit_message(git: &Git, name: &str, revision: u32) -> Option<String> {
    let out = git
        .output(&["cat-file", "blob", &format!("HEAD:{name}")])
        .ok()?;
    let before = super::parse_plan(&out.stdout, Path::new(name)).ok()?;
    (out.status.success() && before.revision == revision).then(|| {
        format!(
            "{}: edited outside trichoplan (revision {revision})\n",
            name.trim_end_matches(".yaml")
        )
    })
}

/// Plan files (and the shared git files) are 0600 whatever wrote them.
pub fn fix_modes(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let Ok(meta) = entry.metadata() else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.ends_with(".yaml") || name == ".gitignore" || name == ".gitattributes";
        if ours && meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
            let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o600));
        }
    }
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Commits made of what was uncommitted.
    pub committed: usize,
    /// Files left out because they are not valid plans.
    pub invalid: Vec<StoreError>,
    /// Commits received from the remote.
    pub received: usize,
    /// Commits sent to the remote.
    pub sent: usize,
    /// No remote is set: everything stays committed here.
    pub no_remote: bool,
    /// Plans that now hold conflicts to settle.
    pub conflicted: Vec<String>,
    /// A merge interrupted by an earlier sync that was cleaned up first.
    pub recovered: bool,
}

/// The state shown by the interface: commits waiting to be sent and received (as last
/// fetched), and whether a remote is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncState {
    pub ahead: usize,
    pub behind: usize,
    pub remote: bool,
    pub uncommitted: bool,
}

/// Counts commits ahead and behind the remote branch as last fetched (no network).
pub fn state(dir: &Path) -> Option<SyncState> {
    if !is_repo(dir) {
        return None;
    }
    let git = Git::new(dir, None, false);
    let remote = git.has_remote();
    let head = git.head();
    let (ahead, behind) = match (
        &head,
        git.ok(&["rev-parse", "-q", "--verify", &git.remote_ref()]),
    ) {
        (Some(_), Ok(r)) if !r.is_empty() => {
            let counts = git
                .ok(&[
                    "rev-list",
                    "--left-right",
                    "--count",
                    &format!("HEAD...{r}"),
                ])
                .unwrap_or_default();
            let mut it = counts.split_whitespace().map(|n| n.parse().unwrap_or(0));
            (it.next().unwrap_or(0), it.next().unwrap_or(0))
        }
        (Some(_), _) => (
            git.ok(&["rev-list", "--count", "HEAD"])
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
            0,
        ),
        _ => (0, 0),
    };
    let uncommitted = git.uncommitted().is_ok_and(|n| !n.is_empty());
    Some(SyncState {
        ahead,
        behind,
        remote,
        uncommitted,
    })
}

/// Only one sync at a time per plans folder.
fn sync_lock(dir: &Path) -> Result<File, StoreError> {
    let locks = dir.join(".locks");
    fsio::create_private_subdir(&locks)?;
    let path = locks.join("sync.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::io(&path, "cannot create lock", e))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock)
                if started.elapsed() < Duration::from_secs(30) =>
            {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(fail(dir, "another sync of this folder is still running"));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(StoreError::io(&path, "cannot lock", e));
            }
        }
    }
}

/// Cleans up after a sync that was killed: a lock file git left (once no git is seen using it
/// for a while) and a merge left halfway (undone: what was committed before it is intact, and
/// the next merge starts again from there).
fn recover(git: &Git) -> bool {
    let mut recovered = false;
    let index_lock = git.dir.join(".git/index.lock");
    let started = Instant::now();
    while fs::symlink_metadata(&index_lock).is_ok() {
        if started.elapsed() > Duration::from_secs(3) {
            let _ = fs::remove_file(&index_lock);
            recovered = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if fs::symlink_metadata(git.dir.join(".git/MERGE_HEAD")).is_ok() {
        let _ = git.output(&["merge", "--abort"]);
        if fs::symlink_metadata(git.dir.join(".git/MERGE_HEAD")).is_ok() {
            let _ = git.output(&["reset", "-q", "--merge"]);
        }
        recovered = true;
    }
    recovered
}

/// Commits what is uncommitted, fetches, merges the remote's changes (plans by structure) and
/// pushes. Works offline: the commits wait, and the failure to reach the remote is the error.
/// What was done before a failure is in the report either way.
pub fn sync(
    dir: &Path,
    identity: Option<Identity>,
    exe: &Path,
    prompt: bool,
    refresh: &dyn Fn(&mut Plan),
    report: &mut SyncReport,
) -> Result<(), StoreError> {
    if !is_repo(dir) {
        return Err(fail(
            dir,
            "not shared through git yet: run `trichoplan sync --init [REMOTE]` first",
        ));
    }
    let _lock = sync_lock(dir)?;
    let mut git = Git::new(dir, identity, prompt);
    git.ensure_identity();
    report.recovered = recover(&git);
    register(&git, exe)?;
    let (committed, invalid) = commit_pending(&git)?;
    report.committed = committed;
    report.invalid = invalid;
    if !git.has_remote() {
        report.no_remote = true;
        return Ok(());
    }
    let branch = git.branch();
    for round in 0..3 {
        let fetched = git.output(&["fetch", "-q", REMOTE])?;
        if !fetched.status.success() {
            let waiting = ahead_count(&git);
            return Err(fail(
                dir,
                format!(
                    "cannot reach the remote `{REMOTE}` ({}); {waiting} commit(s) wait here for the next sync",
                    last_line(&fetched)
                ),
            ));
        }
        report.received += integrate(&git, &mut report.conflicted, refresh)?;
        let sent = ahead_count(&git);
        if sent == 0 && git.succeeds(&["rev-parse", "-q", "--verify", &git.remote_ref()]) {
            break;
        }
        let pushed = git.output(&["push", "-q", REMOTE, &format!("HEAD:refs/heads/{branch}")])?;
        if pushed.status.success() {
            report.sent += sent;
            let _ = git.output(&["fetch", "-q", REMOTE]);
            break;
        }
        let why = last_line(&pushed);
        let raced = String::from_utf8_lossy(&pushed.stderr).contains("rejected");
        if !raced || round == 2 {
            return Err(fail(
                dir,
                format!(
                    "the remote `{REMOTE}` refused the push ({why}); {sent} commit(s) wait here for the next sync"
                ),
            ));
        }
    }
    fix_modes(dir);
    report.conflicted.sort();
    report.conflicted.dedup();
    Ok(())
}

/// Commits this machine has that the remote (as last fetched) has not.
fn ahead_count(git: &Git) -> usize {
    let remote = git.remote_ref();
    let range = if git.succeeds(&["rev-parse", "-q", "--verify", &remote]) {
        format!("{remote}..HEAD")
    } else {
        "HEAD".to_owned()
    };
    git.ok(&["rev-list", "--count", &range])
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Merges the remote branch into this one; returns the number of commits received.
fn integrate(
    git: &Git,
    conflicted: &mut Vec<String>,
    refresh: &dyn Fn(&mut Plan),
) -> Result<usize, StoreError> {
    let remote = git.remote_ref();
    if !git.succeeds(&["rev-parse", "-q", "--verify", &remote]) {
        return Ok(0);
    }
    if git.head().is_some() && git.succeeds(&["merge-base", "--is-ancestor", &remote, "HEAD"]) {
        return Ok(0);
    }
    let received: usize = git
        .ok(&["rev-list", "--count", &format!("HEAD..{remote}")])
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let old_head = git.head();
    let message = format!("Merge the plans of `{REMOTE}` (trichoplan sync)");
    let merged = git.output(&[
        "merge",
        "-q",
        "--no-edit",
        "--allow-unrelated-histories",
        "-m",
        &message,
        &remote,
    ])?;
    let before: Vec<String> = conflicted.clone();
    if !merged.status.success() {
        let unmerged: Vec<String> = git
            .ok(&["diff", "--name-only", "-z", "--diff-filter=U"])?
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if unmerged.is_empty() {
            let why = last_line(&merged);
            let _ = git.output(&["merge", "--abort"]);
            return Err(fail(
                &git.dir,
                format!(
                    "cannot merge the remote's changes ({why}); nothing was lost, fix the file named and sync again"
                ),
            ));
        }
        for name in &unmerged {
            settle(git, name, refresh)?;
        }
        git.ok(&["commit", "-q", "--no-edit", "--no-verify"])?;
    }
    // Plans the merge marked as conflicted (by the driver or here).
    let changed = match &old_head {
        Some(old) => git
            .ok(&["diff", "--name-only", "-z", old, "HEAD"])
            .unwrap_or_default(),
        None => git.ok(&["ls-files", "-z"]).unwrap_or_default(),
    };
    for name in changed
        .split('\0')
        .filter(|n| n.ends_with(".yaml") && !n.contains('/'))
    {
        if let Ok(file) = super::read_plan(&git.dir.join(name))
            && !file.plan.conflicts.is_empty()
            && !before.contains(&file.plan.id.to_string())
        {
            conflicted.push(file.plan.id.to_string());
        }
    }
    fix_modes(&git.dir);
    Ok(received)
}

/// Settles one path git could not merge: a plan through the structural merge (whatever git
/// did), trichoplan's own files by joining their lines, anything else by keeping this side.
fn settle(git: &Git, name: &str, refresh: &dyn Fn(&mut Plan)) -> Result<(), StoreError> {
    let path = git.dir.join(name);
    let stage = |n: u8| -> Option<Vec<u8>> {
        let out = git
            .output(&["cat-file", "blob", &format!(":{n}:{name}")])
            .ok()?;
        out.status.success().then_some(out.stdout)
    };
    let (base, ours, theirs) = (stage(1), stage(2), stage(3));
    let is_plan = name.ends_with(".yaml") && !name.contains('/');
    let bytes: Option<Vec<u8>> = if is_plan {
        match (&ours, &theirs) {
            (Some(o), Some(t)) => Some(match merge_bytes(base.as_deref(), o, t, &path, refresh) {
                Ok((b, _)) => b,
                // Neither side reads as a plan: this side's bytes, never conflict markers.
                Err(_) => o.clone(),
            }),
            // Removed on one side, changed on the other: the changed plan stays.
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        }
    } else if name == ".gitignore" || name == ".gitattributes" {
        let mut lines: Vec<String> = Vec::new();
        for side in [&ours, &theirs].into_iter().flatten() {
            for l in String::from_utf8_lossy(side).lines() {
                if !lines.iter().any(|x| x == l) {
                    lines.push(l.to_owned());
                }
            }
        }
        Some((lines.join("\n") + "\n").into_bytes())
    } else {
        ours.or(theirs)
    };
    match bytes {
        Some(b) => {
            fsio::write_atomic(&path, &b)?;
            git.ok(&["add", "--", name])?;
        }
        None => {
            git.ok(&["rm", "-q", "--cached", "--ignore-unmatch", "--", name])?;
        }
    }
    Ok(())
}

/// The structural merge of three versions of a plan file, as bytes written by the store's
/// encoder. Returns the merged file and whether it holds new conflicts. A side that does not
/// read as a plan is kept whole as a conflict of the other (as text); when neither side reads,
/// this is an error and the caller keeps this side's bytes.
pub fn merge_bytes(
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
    path: &Path,
    refresh: &dyn Fn(&mut Plan),
) -> Result<(Vec<u8>, bool), StoreError> {
    let parse = |b: &[u8]| super::parse_plan(b, path);
    let base = base.filter(|b| !b.is_empty()).and_then(|b| parse(b).ok());
    let (mut plan, conflicted) = match (parse(ours), parse(theirs)) {
        (Ok(o), Ok(t)) => {
            let merged = merge::merge(base.as_ref(), &o, &t).map_err(|m| fail(path, m))?;
            (merged.plan, merged.new_conflicts > 0)
        }
        (Ok(kept), Err(e)) | (Err(e), Ok(kept)) => {
            let other = if parse(ours).is_ok() { theirs } else { ours };
            let mut plan = kept;
            let field = crate::domain::Text::new(".").map_err(|e| fail(path, e.to_string()))?;
            let text = String::from_utf8_lossy(other).into_owned();
            let (o, t) = (
                serde_json::Value::String(format!(
                    "the plan as it is, whole (the other version does not read as a plan: {e})"
                )),
                serde_json::Value::String(text),
            );
            plan.conflicts.push(crate::domain::plan::MergeConflict {
                field,
                ours: o,
                theirs: t,
            });
            (plan, true)
        }
        (Err(e), Err(_)) => return Err(e),
    };
    refresh(&mut plan);
    let bytes = super::encode_plan(&plan, path)?;
    // What trichoplan writes must read back; otherwise this side stays as it was.
    super::parse_plan(&bytes, path)?;
    Ok((bytes, conflicted))
}

/// Commits saved plans on a thread of its own, one after the other, so that a save never
/// waits for git: the atomic save is the durable step, and a commit that fails (a sync holding
/// git's index at that instant) is made by the next sync, which commits what is uncommitted.
#[derive(Debug)]
pub struct Committer {
    tx: Option<std::sync::mpsc::Sender<Plan>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Committer {
    /// A committer for `dir`, if it is a git repository; `after` runs after each commit.
    pub fn start(
        dir: &Path,
        identity: Option<Identity>,
        after: impl Fn() + Send + 'static,
    ) -> Option<Committer> {
        if !is_repo(dir) {
            return None;
        }
        let (tx, rx) = std::sync::mpsc::channel::<Plan>();
        let dir = dir.to_path_buf();
        let worker = std::thread::spawn(move || {
            while let Ok(plan) = rx.recv() {
                let _ = commit_saved(&dir, identity.clone(), &plan);
                after();
            }
        });
        Some(Committer {
            tx: Some(tx),
            worker: Some(worker),
        })
    }

    /// Queues the commit of a plan just saved.
    pub fn commit(&self, plan: &Plan) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(plan.clone());
        }
    }

    /// Lets the queued commits finish, for at most `limit` (what is left is committed by the
    /// next sync).
    pub fn finish(mut self, limit: Duration) {
        self.tx = None;
        let started = Instant::now();
        while let Some(w) = &self.worker {
            if w.is_finished() {
                if let Some(w) = self.worker.take() {
                    let _ = w.join();
                }
                break;
            }
            if started.elapsed() > limit {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
