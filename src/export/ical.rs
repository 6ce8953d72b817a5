//! iCalendar (RFC 5545) for the agenda: one all-day VEVENT per session or checkpoint.
//!
//! UIDs are stable (plan id + the item's id in the plan), and SEQUENCE is the plan's
//! revision, so re-importing an updated agenda updates events instead of duplicating them.
//! Text is escaped (§3.3.11), lines end in CRLF and are folded at 75 octets without splitting
//! a UTF-8 character (§3.1).

use jiff::civil::Date;

use crate::domain::Lang;
use crate::domain::agenda::{AgendaItem, ItemKind};
use crate::domain::plan::SessionStatus;

/// What event titles show of the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Titles {
    /// Initials only (`C. D.`), the default: calendars sync to third-party clouds.
    #[default]
    Initials,
    /// The patient's full name.
    Full,
}

/// The agenda as an iCalendar document.
///
/// A cancelled session and an item removed from its plan are sent as `STATUS:CANCELLED`;
/// SEQUENCE is the plan's revision, which the save that cancelled or removed it raised, so a
/// calendar that imported the event drops it.
pub fn to_ics(items: &[AgendaItem], lang: Lang, titles: Titles) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!(
        "PRODID:-//trichoplan//trichoplan {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for item in items {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&item.uid())));
        line(&format!("DTSTAMP:{}T000000Z", ymd(item.updated)));
        line(&format!("SEQUENCE:{}", item.revision));
        line(&format!("DTSTART;VALUE=DATE:{}", ymd(item.date)));
        let next = item.date.tomorrow().unwrap_or(item.date);
        line(&format!("DTEND;VALUE=DATE:{}", ymd(next)));
        let title = match titles {
            Titles::Initials => item.summary_initials(lang),
            Titles::Full => item.summary(lang),
        };
        line(&format!("SUMMARY:{}", escape(&title)));
        let mut description = vec![format!("{}: {}", lang.pick("Plan", "Plan"), item.plan)];
        let status = match &item.kind {
            ItemKind::Session { zones, status, .. } => {
                if !zones.is_empty() {
                    description.push(format!(
                        "{}: {}",
                        lang.pick("Zones", "Zones"),
                        zones.join(", ")
                    ));
                }
                match status {
                    SessionStatus::Cancelled => "CANCELLED",
                    // A draft plan's sessions are not agreed yet.
                    SessionStatus::Planned if item.draft => "TENTATIVE",
                    SessionStatus::Planned | SessionStatus::Done => "CONFIRMED",
                }
            }
            ItemKind::Checkpoint { .. } if item.draft => "TENTATIVE",
            ItemKind::Checkpoint { .. } => "CONFIRMED",
            ItemKind::Removed => "CANCELLED",
        };
        line(&format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        line(&format!("STATUS:{status}"));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Escapes a TEXT value (RFC 5545 §3.3.11); other control characters are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no physical line exceeds 75 octets.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\u{1b}"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        fold_into(&mut out, &format!("SUMMARY:{}", "é".repeat(100)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(100)));
    }
}
