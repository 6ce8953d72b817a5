//! Drawing the interface from borrowed state. Rendering never changes the plan; it only
//! records where steps, fields and plans are on screen, for mouse clicks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Editor, Hit, Home, Overlay, Screen};
use super::form::{self, Ctx, Field, FieldId, Kind, Step, show_date};
use super::keys;
use crate::domain::escape_controls;
use crate::domain::evaluate::{EligibilityVerdict, RangeState, SuggestionStatus};
use crate::domain::format_money;
use crate::domain::plan::SessionStatus;
use crate::domain::pricing::quote;

/// The smallest terminal the interface draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

const ACCENT: Color = Color::Cyan;
const WARN: Color = Color::Yellow;
const BAD: Color = Color::Red;
const GOOD: Color = Color::Green;

/// Text from a plan, made safe for the terminal.
fn safe(s: &str) -> String {
    escape_controls(&s.replace(['\n', '\t'], " "), false).into_owned()
}

/// Draws the whole interface.
pub fn draw(frame: &mut Frame, app: &App) {
    app.hits.borrow_mut().clear();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = app.lang.pick(
            "Terminal too small: trichoplan needs at least 80×24.",
            "Terminal trop petit : trichoplan demande au moins 80×24.",
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [title, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match &app.screen {
        Screen::Home(home) if home.loaded && home.rows.is_empty() => {
            title_bar(frame, title, "trichoplan".to_owned());
            welcome(frame, body, app);
        }
        Screen::Home(home) => home_screen(frame, title, body, app, home),
        Screen::Editor(e) => editor_screen(frame, title, body, app, e),
    }
    status_line(frame, status, app);
    footer_line(frame, footer, app);
    if let Some(overlay) = &app.overlay {
        overlay_box(frame, area, app, overlay);
    }
}

fn title_bar(frame: &mut Frame, area: Rect, text: String) {
    frame.render_widget(
        Paragraph::new(Line::from(safe(&text)))
            .style(Style::new().bg(ACCENT).fg(Color::Black).bold()),
        area,
    );
}

fn status_line(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(s) = &app.status {
        let style = if s.error {
            Style::new().fg(BAD).bold()
        } else {
            Style::new().fg(GOOD)
        };
        frame.render_widget(Paragraph::new(safe(&s.text)).style(style), area);
    }
}

fn footer_line(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    // The mode first (whether letters are text or commands), then help, then the keys of
    // the context while they fit; `?` (or F1) lists the rest.
    let ctx = app.context();
    let mut items = keys::footer(ctx, app.lang);
    items.sort_by_key(|(key, _)| !matches!(*key, "?" | "F1"));
    let mode = format!(" {} ", ctx.mode(app.lang));
    let mut used = mode.width();
    spans.push(Span::styled(
        mode,
        if ctx.letters_are_text() {
            Style::new().fg(Color::Black).bg(GOOD).bold()
        } else {
            Style::new().fg(Color::Black).bg(ACCENT).bold()
        },
    ));
    for (key, desc) in items {
        let w = 2 + key.width() + 1 + desc.width();
        if used + w > area.width as usize {
            continue;
        }
        used += w;
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            key,
            Style::new().fg(Color::Black).bg(Color::Gray),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(desc));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn welcome(frame: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let text = vec![
        Line::from(l.pick("Welcome to trichoplan", "Bienvenue dans trichoplan").bold()),
        Line::from(""),
        Line::from(l.pick(
            "trichoplan guides a hair-loss consultation: an assessment with an eligibility gate, four terrain modules (deficiencies, inflammation & gut, microcirculation, hormones) and one care plan around a series of scalp micro-injections (exosomes, PRP or both), with its calendar, follow-up, quote, limits and consent.",
            "trichoplan guide une consultation pour la chute de cheveux : un bilan avec une étape d'éligibilité, quatre modules de terrain (carences, inflammation et intestin, microcirculation, hormones) et un plan de soins autour d'une série de micro-injections du cuir chevelu (exosomes, PRP ou les deux), avec son calendrier, son suivi, son devis, ses limites et le consentement.",
        )),
        Line::from(""),
        Line::from(l.pick(
            "The tool suggests; you decide. Plans are saved as YAML files in:",
            "L'outil suggère ; vous décidez. Les plans sont enregistrés en YAML dans :",
        )),
        Line::from(format!("  {}", safe(&app.plans_dir))),
        Line::from(""),
        Line::from(vec![Span::styled(" n ", Style::new().bg(Color::Gray).fg(Color::Black)), Span::raw(l.pick(" create a first plan", " créer un premier plan"))]),
        Line::from(vec![Span::styled(" e ", Style::new().bg(Color::Gray).fg(Color::Black)), Span::raw(l.pick(" copy the five example plans in, to explore", " copier les cinq plans d'exemple, pour découvrir"))]),
    ];
    let inner = Block::bordered().title(l.pick(" Welcome ", " Bienvenue "));
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(inner),
        area,
    );
}

fn home_screen(frame: &mut Frame, title: Rect, body: Rect, app: &App, home: &Home) {
    let l = app.lang;
    title_bar(
        frame,
        title,
        format!(
            "trichoplan — {} {}{}",
            home.rows.len(),
            if home.rows.len() == 1 {
                "plan"
            } else {
                "plans"
            },
            sync_state(app, home)
        ),
    );
    let [filter, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    // The list is a search box: the prompt and its cursor are always shown.
    let mut spans = vec![
        Span::styled(l.pick("Filter: ", "Filtre : "), Style::new().bold()),
        Span::raw(safe(&home.filter)),
        Span::styled("█", Style::new().fg(ACCENT)),
    ];
    if home.filter.is_empty() {
        spans.push(Span::raw(
            l.pick(
                " type a name, plan or status · commands: Enter, Ctrl-…",
                " tapez un nom, un plan ou un statut · commandes : Entrée, Ctrl-…",
            )
            .to_owned(),
        ));
    } else {
        spans.push(Span::raw(format!(
            "  ({} / {})",
            home.visible.len(),
            home.rows.len()
        )));
    }
    let filter_text = Line::from(spans);
    frame.render_widget(Paragraph::new(filter_text), filter);

    // At 80 columns the plan id keeps 19 columns.
    let widths = [24u16, 11, 14, 12];
    let header = Line::from(vec![
        Span::raw(pad(l.pick("PATIENT", "PATIENT"), widths[0])),
        Span::raw(pad(l.pick("STATUS", "STATUT"), widths[1])),
        Span::raw(pad(l.pick("NEXT SESSION", "PROCH. SÉANCE"), widths[2])),
        Span::raw(pad(l.pick("UPDATED", "MODIFIÉ"), widths[3])),
        Span::raw(l.pick("PLAN", "PLAN")),
    ])
    .bold();
    let rows_area = Rect {
        y: list.y + 1,
        height: list.height.saturating_sub(1),
        ..list
    };
    frame.render_widget(
        Paragraph::new(header),
        Rect {
            height: 1.min(list.height),
            ..list
        },
    );
    let height = rows_area.height as usize;
    let offset = home.selected.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    for (pos, &i) in home.visible.iter().enumerate().skip(offset).take(height) {
        let r = &home.rows[i];
        // A next session already past is late: marked, and in the warning colour.
        let late = r.next.is_some_and(|d| d < app.today);
        let next = r.next.map_or_else(
            || "—".to_owned(),
            |d| {
                let d = crate::domain::dates::short(d, l);
                if late { format!("{d} !") } else { d }
            },
        );
        let patient = if r.conflicts > 0 {
            format!("⚠ {}", safe(&r.patient))
        } else {
            safe(&r.patient)
        };
        let text = format!(
            "{}{}{}{}{}",
            pad(&patient, widths[0]),
            pad(r.status.label(l), widths[1]),
            pad(&next, widths[2]),
            pad(&crate::domain::dates::short(r.updated, l), widths[3]),
            r.id
        );
        let style = if pos == home.selected {
            Style::new().bg(ACCENT).fg(Color::Black)
        } else if late {
            Style::new().fg(WARN)
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
        let y = rows_area.y + (pos - offset) as u16;
        app.hits.borrow_mut().push((
            Rect {
                y,
                height: 1,
                ..rows_area
            },
            Hit::Plan(pos),
        ));
    }
    if home.visible.is_empty() {
        lines.push(Line::from(
            l.pick(
                "No plan matches the filter.",
                "Aucun plan ne correspond au filtre.",
            )
            .dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// The git state of the plans folder, for the home screen's title: what waits to be sent and
/// received, and the plans with conflicts to settle.
fn sync_state(app: &App, home: &Home) -> String {
    let l = app.lang;
    let Some(s) = app.sync else {
        return String::new();
    };
    let conflicted = home.rows.iter().filter(|r| r.conflicts > 0).count();
    let mut parts = Vec::new();
    if s.running {
        parts.push(l.pick("syncing…", "synchronisation…").to_owned());
    } else if !s.remote {
        parts.push(l.pick("no remote", "pas de dépôt distant").to_owned());
    }
    parts.push(format!("↑{} ↓{}", s.ahead, s.behind));
    if conflicted > 0 {
        parts.push(format!(
            "{conflicted} {}",
            l.pick("conflicted", "en conflit")
        ));
    }
    format!(" · git: {} · F5 sync", parts.join(", "))
}

/// Pads or cuts `s` to `width` columns, with one space after.
fn pad(s: &str, width: u16) -> String {
    let width = width as usize;
    let mut out = String::new();
    let mut w = 0;
    let fits = s.width() < width;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true) {
        let gw = g.width();
        if !fits && w + gw + 1 >= width {
            out.push('…');
            w += 1;
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

fn editor_screen(frame: &mut Frame, title: Rect, body: Rect, app: &App, e: &Editor) {
    let l = app.lang;
    let dirty = if e.dirty() {
        l.pick(" · unsaved ●", " · non enregistré ●")
    } else {
        ""
    };
    let saved = if e.saved.is_some() {
        format!(" · {} {}", l.pick("revision", "révision"), e.plan.revision)
    } else if crate::domain::lifecycle::is_placeholder(e.plan.patient.name.as_str()) {
        l.pick(" · new plan", " · nouveau plan").to_owned()
    } else {
        let id =
            crate::domain::PlanId::from_name(e.plan.patient.name.as_str(), e.plan.created.year());
        format!(
            " · {} {id}",
            l.pick("new plan, to be saved as", "nouveau plan, enregistré sous")
        )
    };
    // A plan never saved has only a provisional id: its name and the id it will get say enough.
    let id = if e.saved.is_some() {
        format!(" — {}", e.plan.id)
    } else {
        String::new()
    };
    title_bar(
        frame,
        title,
        format!("{}{id}{saved}{dirty}", e.plan.patient.name),
    );
    if e.zoom {
        preview_view(frame, body, app, e);
        return;
    }
    let wide = body.width >= 110;
    // Below 100 columns the steps are one line above the form, which then gets the width.
    let rest = if body.width >= 100 {
        let [s, r] = Layout::horizontal([Constraint::Length(27), Constraint::Min(1)]).areas(body);
        steps_list(frame, s, app, e);
        r
    } else {
        let [s, r] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        steps_bar(frame, s, app, e);
        r
    };
    let (form, preview) = if wide {
        let [f, p] = Layout::horizontal([Constraint::Min(1), Constraint::Length(38)]).areas(rest);
        (f, p)
    } else {
        let [f, p] = Layout::vertical([Constraint::Min(1), Constraint::Length(8)]).areas(rest);
        (f, p)
    };
    if e.step == Step::Summary {
        let block = Block::bordered().title(format!(" {} ", Step::Summary.label(l)));
        let inner = block.inner(form);
        let text = e
            .summary
            .as_ref()
            .map(|doc| crate::report::text::render_width(doc, inner.width as usize))
            .unwrap_or_default();
        let lines: Vec<Line> = text
            .lines()
            .skip(e.scroll as usize)
            .map(|s| Line::from(safe(s)))
            .collect();
        frame.render_widget(Paragraph::new(lines).block(block), form);
    } else {
        form_view(frame, form, app, e);
    }
    preview_view(frame, preview, app, e);
}

/// The steps on one line: a mark and a number each, the current one with its name.
fn steps_bar(frame: &mut Frame, area: Rect, app: &App, e: &Editor) {
    let l = app.lang;
    let marks: Vec<(&str, Color)> = Step::ALL
        .iter()
        .map(|step| {
            if form::incomplete(*step, &e.plan, &ctx(app, e)) {
                ("○", WARN)
            } else {
                ("✓", GOOD)
            }
        })
        .collect();
    // The richest bar that fits: every step named in a few letters (the current one in
    // full), else numbers with only the current step named.
    let text_of = |i: usize, step: Step, named: bool| {
        if step == e.step {
            format!("{} {} ", i + 1, step.label(l))
        } else if named {
            format!("{} {} ", i + 1, step.short(l))
        } else {
            format!("{} ", i + 1)
        }
    };
    let width_of = |named: bool| -> usize {
        Step::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| 2 + text_of(i, *s, named).width())
            .sum()
    };
    let named = width_of(true) <= usize::from(area.width);
    let mut spans = Vec::new();
    let mut x = area.x;
    for (i, step) in Step::ALL.iter().enumerate() {
        let (mark, color) = marks[i];
        let current = *step == e.step;
        let text = text_of(i, *step, named);
        let width = (mark.width() + text.width()) as u16;
        app.hits.borrow_mut().push((
            Rect {
                x,
                width: width.min(area.right().saturating_sub(x)),
                ..area
            },
            Hit::Step(*step),
        ));
        x = x.saturating_add(width + 1);
        spans.push(Span::styled(mark, Style::new().fg(color)));
        spans.push(Span::styled(
            text,
            if current {
                Style::new().bg(ACCENT).fg(Color::Black).bold()
            } else {
                Style::new()
            },
        ));
        spans.push(Span::raw(" "));
    }
    // Numbers only: the steps PgUp and PgDn lead to are named after the bar, when they fit.
    if !named {
        let at = Step::ALL.iter().position(|s| *s == e.step).unwrap_or(0);
        let n = Step::ALL.len();
        let around = format!(
            " ◂ {} · {} ▸",
            Step::ALL[(at + n - 1) % n].short(l),
            Step::ALL[(at + 1) % n].short(l)
        );
        if width_of(false) + around.width() <= usize::from(area.width) {
            spans.push(Span::styled(around, Style::new().dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What the fields need to read the plan.
fn ctx<'a>(app: &'a App, e: &'a Editor) -> Ctx<'a> {
    Ctx {
        catalog: &app.catalog,
        eval: &e.eval,
        config: &app.config,
        lang: app.lang,
        today: app.today,
    }
}

fn steps_list(frame: &mut Frame, area: Rect, app: &App, e: &Editor) {
    let block = Block::bordered().title(app.lang.pick(" Steps ", " Étapes "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for (i, step) in Step::ALL.iter().enumerate() {
        let incomplete = form::incomplete(*step, &e.plan, &ctx(app, e));
        let mark = if incomplete {
            Span::styled("○ ", Style::new().fg(WARN))
        } else {
            Span::styled("✓ ", Style::new().fg(GOOD))
        };
        let label = format!("{} {}", i + 1, step.label(app.lang));
        let style = if *step == e.step {
            Style::new().bg(ACCENT).fg(Color::Black).bold()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![mark, Span::styled(label, style)]));
        if (i as u16) < inner.height {
            app.hits.borrow_mut().push((
                Rect {
                    y: inner.y + i as u16,
                    height: 1,
                    ..inner
                },
                Hit::Step(*step),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The text shown for a field's value (not while it is being typed).
fn shown_value(app: &App, e: &Editor, f: &Field, c: &Ctx) -> String {
    if f.kind == Kind::Row {
        return row_text(app, e, &f.id);
    }
    let v = f.read(&e.plan, c);
    f.kind.shown(&v, app.lang).unwrap_or(v)
}

fn row_text(app: &App, e: &Editor, id: &FieldId) -> String {
    let l = app.lang;
    match id {
        FieldId::Suggestion(i) => {
            let Some(s) = e.eval.suggestions.get(*i) else {
                return String::new();
            };
            let what = match (&s.action, app.catalog.rules.get(&s.rule)) {
                (Some(a), _) => {
                    let text = app
                        .catalog
                        .actions
                        .get(a)
                        .map_or_else(|| a.to_string(), |x| x.text.get(l).to_owned());
                    match &s.analyte {
                        Some(an) => text.replace(
                            "{analyte}",
                            app.catalog
                                .analytes
                                .get(an)
                                .map_or(an.as_str(), |x| x.name.get(l)),
                        ),
                        None => text,
                    }
                }
                (None, Some(rule)) => format!("⚠ {}", rule.warn.as_ref().map_or("", |w| w.get(l))),
                _ => s.rule.to_string(),
            };
            let status = match s.status {
                SuggestionStatus::Pending => "?",
                SuggestionStatus::Accepted => "✓",
                SuggestionStatus::Rejected => "✗",
            };
            let reason = match (s.status, s.reason(&e.plan).map(str::to_owned)) {
                (SuggestionStatus::Rejected, Some(r)) => {
                    format!(" — {} {r}", l.pick("rejected:", "refusée :"))
                }
                (SuggestionStatus::Rejected, None) => {
                    format!(" — {}", l.pick("rejected", "refusée"))
                }
                _ => String::new(),
            };
            format!(
                "[{status}] {what} — {} ({}){reason}",
                crate::domain::evaluate::finding_words(&s.finding, &app.catalog, l),
                s.evidence.label(l)
            )
        }
        FieldId::ActionRow(section, i) => {
            form::actions_of(&e.plan, *section)
                .get(*i)
                .map_or_else(String::new, |a| {
                    let name = a.label.as_ref().map_or_else(
                        || {
                            app.catalog
                                .actions
                                .get(&a.action)
                                .map_or_else(|| a.action.to_string(), |x| x.text.get(l).to_owned())
                        },
                        |t| t.to_string(),
                    );
                    format!("• {name}")
                })
        }
        FieldId::Session(n) => e
            .plan
            .injections
            .as_ref()
            .and_then(|i| i.sessions.iter().find(|s| s.number == *n))
            .map_or_else(String::new, |s| {
                let date = s.date.unwrap_or(s.planned);
                let extra = [
                    s.lot.as_ref().map(|x| x.to_string()),
                    s.reaction.as_ref().map(|x| x.to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
                let overdue = if s.status == SessionStatus::Planned && s.planned < app.today {
                    l.pick(" (overdue)", " (en retard)")
                } else {
                    ""
                };
                format!(
                    "{:>2}  {}  {:<9}{overdue} {extra}",
                    s.number,
                    show_date(date, l),
                    s.status.label(l)
                )
            }),
        FieldId::Checkpoint(i) => {
            e.plan
                .followup
                .checkpoints
                .get(*i)
                .map_or_else(String::new, |c| {
                    let what = c.label.as_ref().map_or_else(
                        || {
                            app.catalog
                                .followup
                                .get(&c.what)
                                .map_or_else(|| c.what.to_string(), |t| t.text.get(l).to_owned())
                        },
                        |t| t.to_string(),
                    );
                    let done = c.done.map_or_else(String::new, |d| {
                        format!("  [{} {}]", l.pick("done", "fait le"), show_date(d, l))
                    });
                    format!("{}  {what}{done}", show_date(c.due, l))
                })
        }
        _ => String::new(),
    }
}

fn form_view(frame: &mut Frame, area: Rect, app: &App, e: &Editor) {
    let l = app.lang;
    let mut block = Block::bordered().title(format!(" {} ", e.step.label(l)));
    // An incomplete step says what it lacks, on its bottom border.
    let c = ctx(app, e);
    let missing = form::missing(e.step, &e.plan, &c);
    let to_complete = l.pick("To complete:", "À compléter :");
    let all_missing = format!(" {to_complete} {} ", safe(&missing.join(" · ")));
    // When the whole list does not fit on the border, the border says how many more there
    // are, and the list opens the form.
    let fits = all_missing.width() + 2 <= area.width as usize;
    if !missing.is_empty() {
        let title = if fits {
            all_missing.clone()
        } else {
            let more = format!(" {} ", l.pick("(see above)", "(voir en haut)"));
            let mut text = format!(" {to_complete} ");
            let mut shown = 0;
            for m in &missing {
                let m = safe(m);
                let sep = if shown == 0 { "" } else { " · " };
                let rest = format!(" +{}", missing.len() - shown - 1);
                if text.width() + sep.width() + m.width() + rest.width() + more.width() + 2
                    > area.width as usize
                {
                    break;
                }
                text.push_str(sep);
                text.push_str(&m);
                shown += 1;
            }
            format!("{} +{}{more}", text.trim_end(), missing.len() - shown)
        };
        block = block.title_bottom(Line::from(title).style(Style::new().fg(BAD)));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if e.fields.is_empty() {
        let text = match e.step {
            Step::Injections => l.pick(
                "No injection protocol. Choose a product above to plan one.",
                "Pas de protocole d'injections. Choisir un produit pour en prévoir un.",
            ),
            _ => l.pick("Nothing to fill in here.", "Rien à remplir ici."),
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    }
    // Labels get the width of the longest one, within reason; longer ones get their own line.
    let longest = e
        .fields
        .iter()
        .filter(|f| f.kind != Kind::Row)
        .map(|f| f.label.width() as u16 + 1)
        .max()
        .unwrap_or(14);
    let label_w = longest.clamp(14, (inner.width / 2).clamp(14, 28));
    // Lines of the form, with the field each belongs to.
    let mut rows: Vec<(Line, Option<usize>)> = Vec::new();
    if !fits && !missing.is_empty() {
        rows.push((
            Line::from(to_complete).style(Style::new().fg(BAD).bold()),
            None,
        ));
        for m in &missing {
            for (_, part) in wrap_width(&format!("• {}", safe(m)), inner.width.max(4) as usize) {
                rows.push((Line::from(part).style(Style::new().fg(BAD)), None));
            }
        }
    }
    let mut focus_line = 0;
    let mut cursor_at: Option<(usize, u16)> = None;
    for (i, f) in e.fields.iter().enumerate() {
        let width = inner.width.max(4) as usize;
        if let Some(h) = &f.heading {
            for (_, part) in wrap_width(&safe(h), width) {
                rows.push((Line::from(part).style(Style::new().fg(ACCENT).bold()), None));
            }
        }
        let focused = e.entered && i == e.focus;
        if focused {
            focus_line = rows.len();
        }
        let input = e.inputs.get(&f.id);
        let value = match input {
            Some(inp) => safe(&inp.text),
            None => safe(&shown_value(app, e, f, &c)),
        };
        let style = if focused {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new()
        };
        let label = safe(&f.label);
        let long = f.kind != Kind::Row && label.width() + 1 > label_w as usize;
        if long {
            // A long label (a question) gets its own line; the value goes under it.
            let label_style = if focused {
                Style::new().bold()
            } else {
                Style::new().dim()
            };
            for (_, part) in wrap_width(&label, width) {
                rows.push((Line::from(part).style(label_style), Some(i)));
            }
            if focused {
                focus_line = rows.len();
            }
        }
        let shown = if value.is_empty() && !focused {
            "·".to_owned()
        } else {
            value
        };
        // A long value wraps inside its field, under itself; the hint follows the last line.
        let (indent, avail) = if f.kind == Kind::Row {
            (0, inner.width as usize)
        } else {
            (
                label_w as usize,
                (inner.width as usize).saturating_sub(label_w as usize),
            )
        };
        let avail = avail.max(4);
        let mut chunks = wrap_width(&shown, avail);
        if focused && f.kind.typed() {
            // Where the cursor goes: its line of the value, and its column.
            let cursor = input.map_or(shown.chars().count(), |i| i.cursor);
            let line = chunks
                .iter()
                .rposition(|(start, _)| *start <= cursor)
                .unwrap_or(0);
            let (start, text) = &chunks[line];
            let col: usize = text
                .chars()
                .take(cursor - start)
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            // At the end of a full line, the cursor goes to the start of the next one.
            let (line, col) = if col >= avail {
                (line + 1, 0)
            } else {
                (line, col)
            };
            while chunks.len() <= line {
                chunks.push((shown.chars().count(), String::new()));
            }
            cursor_at = Some((rows.len() + line, indent as u16 + col as u16));
        }
        let last = chunks.len() - 1;
        for (n, (_, chunk)) in chunks.into_iter().enumerate() {
            let lead = if n == 0 && f.kind != Kind::Row && !long {
                Span::styled(
                    pad(&label, label_w),
                    if focused {
                        Style::new().bold()
                    } else {
                        Style::new().dim()
                    },
                )
            } else {
                Span::raw(" ".repeat(indent))
            };
            let mut spans = vec![lead, Span::styled(chunk, style)];
            if n == last
                && let Some(h) = &f.hint
            {
                spans.push(Span::styled(format!("  {}", safe(h)), Style::new().dim()));
            }
            rows.push((Line::from(spans), Some(i)));
        }
        if let Some(err) = input.and_then(|i| i.error.as_ref()) {
            rows.push((
                Line::from(format!("{}↳ {}", " ".repeat(label_w as usize), safe(err)))
                    .style(Style::new().fg(BAD)),
                Some(i),
            ));
        }
    }
    let height = inner.height as usize;
    // The focused field's last line (where the cursor may be) and one more stay visible.
    let focus_end = cursor_at.map_or(focus_line, |(line, _)| line.max(focus_line));
    let last_start = rows.len().saturating_sub(height);
    let offset = if e.wheel {
        usize::from(e.scroll).min(last_start)
    } else {
        (focus_end + 2).saturating_sub(height).min(last_start)
    };
    app.form_lines.set((
        u16::try_from(offset).unwrap_or(u16::MAX),
        u16::try_from(last_start).unwrap_or(u16::MAX),
    ));
    let visible: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|(line, _)| line.clone())
        .collect();
    for (n, (_, field)) in rows.iter().skip(offset).take(height).enumerate() {
        if let Some(i) = field {
            app.hits.borrow_mut().push((
                Rect {
                    y: inner.y + n as u16,
                    height: 1,
                    ..inner
                },
                Hit::Field(*i),
            ));
        }
    }
    frame.render_widget(Paragraph::new(visible), inner);
    // The cursor of the field being typed in, always on screen: the form scrolls to it.
    if let Some((line, col)) = cursor_at
        && app.overlay.is_none()
    {
        let x = inner.x + col;
        let y = inner.y + line.saturating_sub(offset) as u16;
        if line >= offset && x < inner.right() && y < inner.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}

/// Cuts `s` into lines of at most `width` columns, between words when it can (at least one
/// line, maybe empty): each line with the index of its first character in `s`.
fn wrap_width(s: &str, width: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = vec![(0, String::new())];
    let mut w = 0;
    let mut at = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true) {
        let gw = g.width();
        let n = g.chars().count();
        if w + gw > width && w > 0 && g == " " {
            // A space at the end of a full line is where it breaks: it is not drawn.
            out.push((at + 1, String::new()));
            w = 0;
            at += 1;
            continue;
        }
        if w + gw > width && w > 0 {
            let (start, line) = out.pop().unwrap_or_default();
            // Break after the last space of the line, unless that leaves it nearly empty.
            let cut = line
                .char_indices()
                .filter(|(_, c)| *c == ' ')
                .map(|(b, _)| b + 1)
                .next_back()
                .filter(|b| line[..*b].width() > width / 3);
            match cut {
                Some(b) => {
                    let tail = line[b..].to_owned();
                    let head = line[..b].to_owned();
                    out.push((start, head));
                    w = tail.width();
                    out.push((start + line[..b].chars().count(), tail));
                }
                None => {
                    out.push((start, line));
                    out.push((at, String::new()));
                    w = 0;
                }
            }
        }
        if let Some((_, last)) = out.last_mut() {
            last.push_str(g);
        }
        w += gw;
        at += n;
    }
    out
}

fn preview_view(frame: &mut Frame, area: Rect, app: &App, e: &Editor) {
    let l = app.lang;
    let block = Block::bordered().title(l.pick(" Plan preview ", " Aperçu du plan "));
    let mut lines: Vec<Line> = Vec::new();
    let verdict = e.eval.eligibility.verdict;
    let color = match verdict {
        EligibilityVerdict::Eligible => GOOD,
        EligibilityVerdict::EligibleWithCautions => WARN,
        EligibilityVerdict::ReferFirst | EligibilityVerdict::NotEligible => BAD,
    };
    lines.push(Line::from(vec![
        Span::raw(l.pick("Injections: ", "Injections : ")),
        Span::styled(verdict.label(l), Style::new().fg(color).bold()),
    ]));
    for r in &e.eval.eligibility.reasons {
        if let Some(g) = app.catalog.gate.rules.get(&r.rule) {
            lines.push(Line::from(format!("• {}", g.text.get(l))).style(Style::new().fg(color)));
        }
    }
    // Worth a look before going on (sessions closer than the product's minimum interval).
    for w in &e.eval.warnings {
        lines.push(Line::from(format!("⚠ {}", w.text(l))).style(Style::new().fg(WARN)));
    }
    for r in &e.eval.referrals {
        let urgent = if r.urgent {
            l.pick(" (urgent)", " (urgent)")
        } else {
            ""
        };
        lines.push(
            Line::from(format!(
                "→ {} {}{urgent}",
                l.pick("Refer to:", "Adresser à :"),
                r.to.label(l)
            ))
            .style(Style::new().fg(BAD)),
        );
    }
    if !e.eval.unanswered.is_empty() {
        lines.push(
            Line::from(format!(
                "{} {}",
                l.pick(
                    "Contraindication screen: questions unanswered:",
                    "Contre-indications : questions sans réponse :"
                ),
                e.eval.unanswered.len()
            ))
            .style(Style::new().fg(WARN)),
        );
    }
    for m in e.eval.mentions.iter().filter(|m| !m.confirmed) {
        let what = app
            .catalog
            .terms
            .get(&m.list)
            .map_or(m.list.as_str(), |t| t.name.get(l));
        lines.push(
            Line::from(format!(
                "? « {} » : {what} — {}",
                m.entry,
                l.pick("confirm the answer", "confirmer la réponse")
            ))
            .style(Style::new().fg(WARN)),
        );
    }
    let findings: Vec<String> = e
        .eval
        .findings
        .iter()
        .filter(|f| f.needs_attention())
        .map(|f| {
            let name = app
                .catalog
                .analytes
                .get(&f.analyte)
                .map_or(f.analyte.as_str(), |a| a.name.get(l));
            let arrow = match (f.state, f.target) {
                (RangeState::Low, _) => l.pick("low", "bas"),
                (RangeState::High, _) => l.pick("high", "haut"),
                _ => l.pick("below target", "sous la cible"),
            };
            format!("{name} {} {} — {arrow}", l.number(f.value), f.unit)
        })
        .collect();
    if !findings.is_empty() {
        lines.push(Line::from(l.pick("Findings", "Constats").bold()));
        lines.extend(findings.into_iter().map(|f| Line::from(format!("• {f}"))));
    }
    let trends = crate::domain::trends::trends(&e.plan, &app.catalog, l);
    if !trends.is_empty() {
        lines.push(Line::from(l.pick("Trends", "Évolutions").bold()));
        for t in &trends {
            let values: Vec<f64> = t.points.iter().map(|p| p.1).collect();
            let first = values.first().copied().unwrap_or_default();
            let last = values.last().copied().unwrap_or_default();
            lines.push(Line::from(format!(
                "• {} {} {}→{} {}",
                t.label,
                crate::domain::trends::sparkline(&values),
                l.number(first),
                l.number(last),
                t.unit
            )));
        }
    }
    let pending = e
        .eval
        .suggestions
        .iter()
        .filter(|s| s.status == SuggestionStatus::Pending)
        .count();
    let chosen = e.plan.assessment.actions.len()
        + e.plan
            .modules
            .iter()
            .into_iter()
            .map(|(_, m)| m.actions.len())
            .sum::<usize>();
    lines.push(Line::from(format!(
        "{} {chosen} · {} {pending}",
        l.pick("Actions chosen:", "Actions retenues :"),
        l.pick("suggestions to decide:", "suggestions à décider :")
    )));
    if let Some(inj) = &e.plan.injections {
        let done = inj
            .sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Done)
            .count();
        lines.push(
            Line::from(format!(
                "{} · {done}/{} {}",
                inj.product.short_label(l),
                inj.sessions.len(),
                l.pick("sessions done", "séances faites")
            ))
            .bold(),
        );
        for s in inj
            .sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Planned)
            .take(3)
        {
            lines.push(Line::from(format!(
                "  {} {} — {}",
                l.pick("session", "séance"),
                s.number,
                crate::domain::dates::short(s.planned, l)
            )));
        }
    }
    if let Some(q) = quote(&e.plan) {
        lines.push(Line::from(format!(
            "{} {} ({} {})",
            l.pick("Quote:", "Devis :"),
            format_money(q.total, &q.currency, l),
            l.pick("done", "réalisé"),
            format_money(q.done_value, &q.currency, l)
        )));
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            if text.chars().any(|c| c.is_control()) {
                Line::from(safe(&text)).style(line.style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((if e.zoom { e.scroll } else { 0 }, 0))
            .block(block),
        area,
    );
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The keys of a dialog, from its key table.
fn keys_line(ctx: keys::Context, l: crate::domain::Lang) -> Line<'static> {
    let text = keys::footer(ctx, l)
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect::<Vec<_>>()
        .join(" · ");
    Line::from(text).dim()
}

/// The width of the labels of a dialog's form.
const PROMPT_LABEL: u16 = 34;

fn overlay_box(frame: &mut Frame, area: Rect, app: &App, overlay: &Overlay) {
    let l = app.lang;
    let (title, mut lines, width): (String, Vec<Line>, u16) = match overlay {
        Overlay::Help(ctx) => {
            let mut lines: Vec<Line> = vec![Line::from(format!("{} — {}", ctx.mode(l), if ctx.letters_are_text() {
                l.pick("letters are text here", "ici les lettres sont du texte")
            } else {
                l.pick("letters are commands here", "ici les lettres sont des commandes")
            }).bold())];
            lines.extend(keys::help(*ctx, l)
                .into_iter()
                .map(|(k, d)| Line::from(vec![Span::styled(format!("{k:>10}  "), Style::new().bold()), Span::raw(d)])));
            lines.push(Line::from(""));
            lines.push(Line::from(l.pick(
                "Mouse: click a step, a field or a plan. Esc closes this help.",
                "Souris : cliquer une étape, un champ ou un plan. Échap ferme cette aide.",
            ).dim()));
            (l.pick(" Keys ", " Touches ").to_owned(), lines, 76)
        }
        Overlay::ConfirmQuit | Overlay::ConfirmLeave => (
            l.pick(" Unsaved changes ", " Modifications non enregistrées ").to_owned(),
            vec![Line::from(l.pick("This plan has changes that are not saved.", "Ce plan a des modifications non enregistrées."))],
            64,
        ),
        Overlay::Conflict => (
            l.pick(" Changed on disk ", " Modifié sur le disque ").to_owned(),
            vec![
                Line::from(l.pick(
                    "The plan file changed since you opened it (another window or a text editor).",
                    "Le fichier du plan a changé depuis son ouverture (autre fenêtre ou éditeur de texte).",
                )),
                Line::from(l.pick(
                    "Reloading drops your changes here; overwriting keeps their version in history.",
                    "Recharger abandonne vos modifications ici ; écraser garde leur version dans l'historique.",
                )),
            ],
            78,
        ),
        Overlay::Recover(drafts) => {
            let mut lines = vec![Line::from(l.pick("Unsaved work was found:", "Un travail non enregistré a été retrouvé :"))];
            for d in drafts.iter().take(5) {
                let local = d.saved_at;
                let when = format!(
                    "{} {} {}",
                    crate::domain::dates::short(local.date(), l),
                    l.pick("at", "à"),
                    local.strftime("%H:%M")
                );
                lines.push(Line::from(format!("• {} ({when})", safe(&d.patient))));
            }
            (l.pick(" Recover ", " Récupération ").to_owned(), lines, 64)
        }
        Overlay::DiscardPrompt(_) => (
            l.pick(" Cancel ", " Annuler ").to_owned(),
            vec![Line::from(l.pick("Throw away what was typed in this dialog?", "Jeter ce qui a été saisi dans cette fenêtre ?"))],
            60,
        ),
        Overlay::Confirm { question, .. } => (
            l.pick(" Confirm ", " Confirmer ").to_owned(),
            vec![Line::from(safe(question))],
            70,
        ),
        Overlay::Print { .. } => (
            l.pick(" Print ", " Imprimer ").to_owned(),
            vec![Line::from(l.pick(
                "Which document? Then: to a file or to the printer.",
                "Quel document ? Ensuite : dans un fichier ou à l'imprimante.",
            ))],
            78,
        ),
        Overlay::PrintTo { doc, printer } => {
            let mut lines = vec![Line::from(format!(
                "{} — {}",
                doc.label(l),
                l.pick("where to?", "où ?")
            ))];
            lines.push(Line::from(format!(
                "{} {}",
                l.pick("Files go to", "Les fichiers vont dans"),
                safe(&format!("{}/printouts", app.plans_dir))
            )));
            lines.push(Line::from(match printer {
                Some(p) => format!("{} {}", l.pick("Printer:", "Imprimante :"), safe(p)),
                None => l
                    .pick(
                        "No printer is set up (lpstat -d): files only.",
                        "Aucune imprimante configurée (lpstat -d) : fichiers seulement.",
                    )
                    .to_owned(),
            }));
            (l.pick(" Print ", " Imprimer ").to_owned(), lines, 78)
        }
        Overlay::Prompt(p) => {
            let title = match p.kind {
                super::app::PromptKind::SessionDone(n) => format!(" {} {n} {} ", l.pick("Session", "Séance"), l.pick("done", "faite")),
                super::app::PromptKind::SessionMove(n) => format!(" {} {n} ", l.pick("Move session", "Déplacer la séance")),
                super::app::PromptKind::SessionCancel(n) => format!(" {} {n} ", l.pick("Cancel session", "Annuler la séance")),
                super::app::PromptKind::Reject(_) => format!(" {} ", l.pick("Reject the suggestion", "Refuser la suggestion")),
                super::app::PromptKind::Settings => format!(" {} ", l.pick("Settings (config.yaml)", "Réglages (config.yaml)")),
            };
            // Each field on its line: label, value (the focused one highlighted), hint; a
            // refused value has its reason under it, as in the steps.
            let mut lines: Vec<Line> = Vec::new();
            for (i, f) in p.fields.iter().enumerate() {
                let focused = i == p.focus;
                let style = if focused { Style::new().bg(Color::DarkGray).fg(Color::White) } else { Style::new() };
                let mut spans = vec![Span::raw(pad(f.label(), PROMPT_LABEL)), Span::styled(format!("{} ", safe(&f.shown(l))), style)];
                if let Some(h) = &f.field.hint {
                    spans.push(Span::styled(format!(" {}", safe(h)), Style::new().dim()));
                }
                lines.push(Line::from(spans));
                if let Some(err) = &f.input.error {
                    lines.push(Line::from(format!("{}↳ {}", " ".repeat(PROMPT_LABEL as usize), safe(err))).style(Style::new().fg(BAD)));
                }
            }
            if let Some(err) = &p.error {
                lines.push(Line::from(format!("↳ {}", safe(err))).style(Style::new().fg(BAD)));
            }
            lines.push(Line::from(""));
            lines.push(keys_line(keys::Context::Prompt, l));
            (title, lines, 78)
        }
        Overlay::Message(text) => (String::new(), vec![Line::from(safe(text))], 60),
        Overlay::Conflicts => {
            let conflicts = app.editor().map(|e| e.plan.conflicts.as_slice()).unwrap_or_default();
            let mut lines = vec![Line::from(l.pick(
                "This plan was changed on two machines and both versions of these fields are kept:",
                "Ce plan a été modifié sur deux postes, et les deux versions de ces champs sont gardées :",
            ))];
            for (i, c) in conflicts.iter().enumerate().take(6) {
                let mark = if i == 0 { "▶" } else { " " };
                lines.push(Line::from(format!("{mark} {}", safe(c.field.as_str()))));
            }
            if conflicts.len() > 6 {
                lines.push(Line::from(format!("  … {}", conflicts.len() - 6)));
            }
            if let Some(c) = conflicts.first() {
                let cut = |v: &serde_json::Value| -> String {
                    let t = safe(&crate::domain::merge::show_value(v));
                    if t.chars().count() > 300 {
                        format!("{}…", t.chars().take(300).collect::<String>())
                    } else {
                        t
                    }
                };
                lines.push(Line::from(""));
                lines.push(Line::from(vec![
                    Span::styled(l.pick("In the plan now: ", "Dans le plan : "), Style::new().bold()),
                    Span::raw(cut(&c.ours)),
                ]));
                lines.push(Line::from(vec![
                    Span::styled(l.pick("Other version:   ", "Autre version : "), Style::new().bold()),
                    Span::raw(cut(&c.theirs)),
                ]));
            }
            (
                format!(
                    " {} ({}) ",
                    l.pick("Conflicts", "Conflits"),
                    conflicts.len()
                ),
                lines,
                78,
            )
        }
        Overlay::ConfirmPlan { action, id, patient } => {
            let question = match action {
                super::app::PlanAction::Duplicate => l.pick("Duplicate the plan of", "Dupliquer le plan de"),
                super::app::PlanAction::Archive => l.pick("Archive the plan of", "Archiver le plan de"),
                super::app::PlanAction::Restore => l.pick("Restore the archived plan of", "Restaurer le plan archivé de"),
            };
            (
                l.pick(" Confirm ", " Confirmer ").to_owned(),
                vec![Line::from(format!("{question} {} ({id}){}", safe(patient), l.pick("?", " ?")))],
                64,
            )
        }
    };
    let (choices, _) = overlay.choices();
    if !choices.is_empty() {
        lines.push(Line::from(""));
        let mut spans = Vec::new();
        for (i, c) in choices.iter().enumerate() {
            let label = format!(" {} ", c.label(l, overlay));
            let style = if i == app.choice {
                Style::new().bg(ACCENT).fg(Color::Black).bold()
            } else {
                Style::new().fg(Color::Gray)
            };
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(format!("[{label}]"), style));
        }
        lines.push(Line::from(spans));
        lines.push(keys_line(keys::Context::Dialog, l));
    }
    // Lines wrap inside the box: count the rows they take.
    let inner_w = width.min(area.width).saturating_sub(2).max(1) as usize;
    let rows: usize = lines
        .iter()
        .map(|line| {
            let w: usize = line.spans.iter().map(|s| s.content.width()).sum();
            w.div_ceil(inner_w).max(1)
        })
        .sum();
    let height = rows as u16 + 2;
    let rect = centered(area, width, height.max(3));
    frame.render_widget(Clear, rect);
    // The cursor of the dialog's field being typed in.
    if let Overlay::Prompt(p) = overlay
        && let Some(f) = p.fields.get(p.focus)
        && f.field.kind.typed()
    {
        // Rows above the focused field: the fields before it and their refusals.
        let above: usize = p.fields[..p.focus]
            .iter()
            .map(|f| 1 + usize::from(f.input.error.is_some()))
            .sum();
        let before: String = f.input.text.chars().take(f.input.cursor).collect();
        let x = rect.x + 1 + PROMPT_LABEL + safe(&before).width() as u16;
        let y = rect.y + 1 + above as u16;
        if x < rect.right().saturating_sub(1) && y < rect.bottom().saturating_sub(1) {
            frame.set_cursor_position((x, y));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(title)
                .border_style(Style::new().fg(ACCENT)),
        ),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::wrap_width;

    #[test]
    fn long_values_wrap_between_words_and_keep_every_character() {
        let text = "levothyroxine 75 µg; oral contraceptive (desogestrel 75 µg)";
        let lines = wrap_width(text, 20);
        assert!(lines.len() > 2);
        assert!(
            lines
                .iter()
                .all(|(_, l)| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 20)
        );
        let joined: String = lines.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        for (start, line) in &lines {
            let from: String = text
                .chars()
                .skip(*start)
                .take(line.chars().count())
                .collect();
            assert_eq!(&from, line);
        }
        assert_eq!(wrap_width("", 10), vec![(0, String::new())]);
        assert_eq!(wrap_width("abcdefghij", 4).len(), 3);
    }
}
