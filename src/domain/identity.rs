//! Stable identities of sessions and checkpoints, and the record of removed ones.
//!
//! Calendars and FHIR servers recognise an item by its identifier, so an item's id must not
//! depend on its position: deleting the 3-month checkpoint must not turn the 6-month one into
//! "checkpoint 1". Each session and checkpoint carries an `id` in the plan file. Files written
//! before ids existed get them when read, in the same form the calendar UIDs had then
//! (`session-<number>`, `checkpoint-<template>-<ordinal>`), so calendars that imported them
//! keep their events. An item removed from the plan leaves a [`RemovedItem`] behind, so the
//! calendar export can cancel it and its id is never given to another item.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::ids::ItemId;
use super::plan::{Checkpoint, Plan, RemovedItem, Session};

impl Session {
    /// The day the session takes (or took) place: its actual date, else the planned one.
    pub fn day(&self) -> Date {
        self.date.unwrap_or(self.planned)
    }
}

impl Checkpoint {
    /// The day the checkpoint was done, else the day it is due.
    pub fn day(&self) -> Date {
        self.done.unwrap_or(self.due)
    }
}

impl Plan {
    /// Every id in use or retired (removed items), so none is given twice.
    fn taken_ids(&self) -> BTreeSet<String> {
        let sessions = self.injections.iter().flat_map(|i| &i.sessions);
        sessions
            .filter_map(|s| s.id.as_ref())
            .chain(
                self.followup
                    .checkpoints
                    .iter()
                    .filter_map(|c| c.id.as_ref()),
            )
            .chain(self.removed.iter().map(|r| &r.id))
            .map(|id| id.to_string())
            .collect()
    }

    /// Gives an id to every session and checkpoint that has none. Deterministic: a file
    /// without ids gets `session-<number>` and `checkpoint-<template>-<ordinal>` (the ordinal
    /// counting checkpoints of the same template in file order), skipping any id already
    /// taken or retired.
    pub fn assign_ids(&mut self) {
        let mut taken = self.taken_ids();
        let mut fresh = |base: String, mut n: usize, numbered: bool| -> Option<ItemId> {
            loop {
                let candidate = if numbered || n > 1 {
                    format!("{base}-{n}")
                } else {
                    base.clone()
                };
                if !taken.contains(&candidate) {
                    let id = ItemId::new(candidate.clone()).ok()?;
                    taken.insert(candidate);
                    return Some(id);
                }
                n += 1;
            }
        };
        if let Some(inj) = self.injections.as_mut() {
            for s in inj.sessions.iter_mut().filter(|s| s.id.is_none()) {
                s.id = fresh(format!("session-{}", s.number), 1, false);
            }
        }
        let mut ordinals: std::collections::BTreeMap<String, usize> = Default::default();
        for c in &mut self.followup.checkpoints {
            let n = ordinals.entry(c.what.to_string()).or_default();
            *n += 1;
            if c.id.is_none() {
                c.id = fresh(format!("checkpoint-{}", c.what), *n, true);
            }
        }
    }

    /// Records as removed every session and checkpoint of `before` (the plan as last saved)
    /// that this plan no longer has, at this plan's revision, and keeps the removals `before`
    /// had recorded. An id that is back in the plan is no longer removed.
    pub fn record_removals(&mut self, before: &Plan) {
        let present: BTreeSet<String> = self
            .injections
            .iter()
            .flat_map(|i| &i.sessions)
            .filter_map(|s| s.id.as_ref())
            .chain(
                self.followup
                    .checkpoints
                    .iter()
                    .filter_map(|c| c.id.as_ref()),
            )
            .map(|id| id.to_string())
            .collect();
        let gone_sessions = before
            .injections
            .iter()
            .flat_map(|i| &i.sessions)
            .filter_map(|s| Some((s.id.clone()?, s.day())));
        let gone_checkpoints = before
            .followup
            .checkpoints
            .iter()
            .filter_map(|c| Some((c.id.clone()?, c.day())));
        let revision = self.revision;
        let earlier = before.removed.iter().cloned();
        let newly = gone_sessions
            .chain(gone_checkpoints)
            .map(|(id, date)| RemovedItem { id, date, revision });
        for item in earlier.chain(newly) {
            if present.contains(item.id.as_str()) || self.removed.iter().any(|r| r.id == item.id) {
                continue;
            }
            self.removed.push(item);
        }
        self.removed.retain(|r| !present.contains(r.id.as_str()));
    }
}
