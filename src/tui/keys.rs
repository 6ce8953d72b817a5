//! Keys are data: one table per context, resolving a key to an action. The footer, the `?`
//! help overlay and the dialogs' key lines are generated from the same tables, so they cannot
//! disagree with what the keys do.
//!
//! The input model: a letter is either text or a command, never both, and the footer's first
//! word says which (`FILTER` / `TYPING` / `KEYS`). The plan list is a search box: every
//! printable key filters, commands live on `Enter`, `Ctrl-…`, arrows and `F1`. In the editor,
//! a text field takes letters once the user has moved into it (Tab, arrows, a click); on a row
//! (suggestion, session, checkpoint, chosen action) the row's letters are commands, listed in
//! the footer. Dialogs have no letter keys at all: a choice is picked with the arrows and
//! confirmed with `Enter`, so a repeated letter never answers a question.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::Lang;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Save,
    Back,
    Up,
    Down,
    Open,
    New,
    Duplicate,
    Archive,
    Filter,
    CopyExamples,
    NextField,
    PrevField,
    NextStep,
    PrevStep,
    Left,
    Right,
    Toggle,
    Activate,
    Accept,
    Reject,
    /// Takes back the decision on a suggestion.
    Restore,
    SessionDone,
    SessionMove,
    SessionCancel,
    Add,
    Remove,
    Print,
    Home,
    End,
    Backspace,
    Delete,
    /// Empties the field being typed in.
    Clear,
    /// Shows the plan's summary (quote, eligibility, next sessions) in one key.
    Zoom,
    /// Syncs the plans folder through git.
    Sync,
    /// Shows the conflicts of the open plan, to choose between the two versions.
    Conflicts,
    /// Opens the settings dialog (practitioner, language, prices: `config.yaml`).
    Settings,
}

/// The contexts that have their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The plan list: a search box (every printable key filters).
    Home,
    Welcome,
    /// Editor, focus on a field that is not typed in (choice, yes/no, button), or on none.
    Editor,
    /// Editor, focus on a field that takes text.
    Typing,
    /// Editor, focus on a lab result's field (text, with the lab result's keys).
    LabTyping,
    /// Editor, focus on a pending or decided suggestion.
    SuggestionRow,
    /// Editor, focus on a session of the calendar.
    SessionRow,
    /// Editor, focus on a follow-up checkpoint.
    CheckpointRow,
    /// Editor, focus on a chosen action.
    ActionRow,
    Summary,
    Help,
    /// A dialog with choices.
    Dialog,
    /// A dialog with a small form.
    Prompt,
}

impl Context {
    /// True in a field of the editor that takes text.
    pub fn typing(self) -> bool {
        matches!(self, Context::Typing | Context::LabTyping)
    }

    /// Whether letters are text or commands here, as the footer shows it.
    pub fn mode(self, lang: Lang) -> &'static str {
        match self {
            Context::Home => lang.pick("FILTER", "FILTRE"),
            Context::Typing | Context::LabTyping | Context::Prompt => lang.pick("TYPING", "SAISIE"),
            _ => lang.pick("KEYS", "TOUCHES"),
        }
    }

    /// True where printable keys are text.
    pub fn letters_are_text(self) -> bool {
        matches!(
            self,
            Context::Home | Context::Typing | Context::LabTyping | Context::Prompt
        )
    }
}

/// One key binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the key is written in the footer and the help.
    pub label: &'static str,
    pub action: Action,
    pub en: &'static str,
    pub fr: &'static str,
    /// Shown in the footer (all bindings are in the help).
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! b {
    ($label:expr, [$(($code:expr, $mods:expr)),+], $action:expr, $en:expr, $fr:expr, $footer:expr) => {
        Binding {
            keys: &[$(($code, $mods)),+],
            label: $label,
            action: $action,
            en: $en,
            fr: $fr,
            footer: $footer,
        }
    };
}

use Action as A;
use KeyCode as K;

const SAVE: Binding = b!(
    "^S",
    [(K::Char('s'), CTRL)],
    A::Save,
    "save",
    "enregistrer",
    true
);
const HELP: Binding = b!(
    "?",
    [(K::Char('?'), NONE), (K::Char('?'), SHIFT), (K::F(1), NONE)],
    A::Help,
    "help",
    "aide",
    true
);
const HELP_F1: Binding = b!("F1", [(K::F(1), NONE)], A::Help, "help", "aide", true);
const QUIT: Binding = b!(
    "^Q",
    [(K::Char('q'), CTRL), (K::Char('c'), CTRL)],
    A::Quit,
    "quit (asks if unsaved)",
    "quitter (demande si non enregistré)",
    false
);
const NEXT_FIELD: Binding = b!(
    "Tab",
    [(K::Tab, NONE), (K::Down, NONE)],
    A::NextField,
    "next field (also ↓)",
    "champ suivant (aussi ↓)",
    false
);
const PREV_FIELD: Binding = b!(
    "⇧Tab",
    [(K::BackTab, SHIFT), (K::BackTab, NONE), (K::Up, NONE)],
    A::PrevField,
    "previous field (also ↑)",
    "champ précédent (aussi ↑)",
    false
);
const NEXT_STEP: Binding = b!(
    "PgDn",
    [(K::PageDown, NONE)],
    A::NextStep,
    "next step",
    "étape suivante",
    false
);
const PREV_STEP: Binding = b!(
    "PgUp",
    [(K::PageUp, NONE)],
    A::PrevStep,
    "previous step",
    "étape précédente",
    false
);
const ZOOM: Binding = b!("F2", [(K::F(2), NONE)], A::Zoom, "preview", "aperçu", true);
const BACK: Binding = b!(
    "Esc",
    [(K::Esc, NONE)],
    A::Back,
    "back to the plans (asks if unsaved)",
    "retour aux plans (demande si non enregistré)",
    false
);
const PRINT: Binding = b!(
    "p",
    [(K::Char('p'), NONE)],
    A::Print,
    "print (asks what and where)",
    "imprimer (demande quoi et où)",
    false
);

/// The footer's short line for moving around (the help lists each key on its own).
const MOVE: Binding = b!(
    "Tab/PgDn",
    [(K::Tab, NONE)],
    A::NextField,
    "field/step",
    "champ/étape",
    true
);

/// Moving around the editor and changing a choice: every editor context has these.
const EDITOR_NAV: &[Binding] = &[
    MOVE,
    NEXT_FIELD,
    PREV_FIELD,
    NEXT_STEP,
    PREV_STEP,
    b!(
        "Space",
        [(K::Char(' '), NONE), (K::Enter, NONE)],
        A::Toggle,
        "tick / change the choice (also Enter)",
        "cocher / changer le choix (aussi Entrée)",
        false
    ),
    b!(
        "←",
        [(K::Left, NONE)],
        A::Left,
        "previous choice",
        "choix précédent",
        false
    ),
    b!(
        "→",
        [(K::Right, NONE)],
        A::Right,
        "next choice",
        "choix suivant",
        false
    ),
    b!(
        "+",
        [(K::Char('+'), NONE), (K::Char('+'), SHIFT)],
        A::Add,
        "add a session / a measurement",
        "ajouter une séance / une mesure",
        false
    ),
    PRINT,
    ZOOM,
];

const CONFLICTS: Binding = b!(
    "F6",
    [(K::F(6), NONE)],
    A::Conflicts,
    "conflicts from a sync: choose",
    "conflits d'une synchronisation : choisir",
    false
);

/// The settings dialog: an F-key, so that it is never a letter of a name typed in the list.
const SETTINGS: Binding = b!(
    "F9",
    [(K::F(9), NONE)],
    A::Settings,
    "settings",
    "réglages",
    true
);
/// The same key, listed in the help but not in the footer.
const SETTINGS_HELP: Binding = Binding {
    footer: false,
    ..SETTINGS
};

const EDITOR_END: &[Binding] = &[SAVE, BACK, HELP, QUIT, CONFLICTS, SETTINGS_HELP];

const HOME: &[Binding] = &[
    b!("Enter", [(K::Enter, NONE)], A::Open, "open", "ouvrir", true),
    b!(
        "^N",
        [(K::Char('n'), CTRL)],
        A::New,
        "new plan",
        "nouveau plan",
        true
    ),
    b!(
        "^D",
        [(K::Char('d'), CTRL)],
        A::Duplicate,
        "duplicate (asks)",
        "dupliquer (demande)",
        true
    ),
    b!(
        "^X",
        [(K::Char('x'), CTRL)],
        A::Archive,
        "archive / restore (asks)",
        "archiver / restaurer (demande)",
        true
    ),
    b!(
        "F5",
        [(K::F(5), NONE)],
        A::Sync,
        "sync the plans folder through git (shown in the title when it is shared)",
        "synchroniser le dossier de plans par git (indiqué dans le titre s'il est partagé)",
        false
    ),
    b!(
        "/",
        [(K::Char('/'), NONE)],
        A::Filter,
        "filter (always on: just type)",
        "filtrer (toujours actif : tapez)",
        false
    ),
    b!("↑", [(K::Up, NONE)], A::Up, "move up", "monter", false),
    b!(
        "↓",
        [(K::Down, NONE)],
        A::Down,
        "move down",
        "descendre",
        false
    ),
    b!(
        "Esc",
        [(K::Esc, NONE)],
        A::Back,
        "empty the filter",
        "vider le filtre",
        false
    ),
    b!(
        "⌫",
        [(K::Backspace, NONE)],
        A::Backspace,
        "erase a letter of the filter",
        "effacer une lettre du filtre",
        false
    ),
    b!(
        "^U",
        [(K::Char('u'), CTRL)],
        A::Clear,
        "empty the filter",
        "vider le filtre",
        false
    ),
    HELP,
    b!(
        "^Q",
        [(K::Char('q'), CTRL), (K::Char('c'), CTRL)],
        A::Quit,
        "quit",
        "quitter",
        true
    ),
    // After quit: the footer shows it where there is room (the help always).
    SETTINGS,
];

const WELCOME: &[Binding] = &[
    b!(
        "n",
        [(K::Char('n'), NONE), (K::Enter, NONE), (K::Char('n'), CTRL)],
        A::New,
        "new plan",
        "nouveau plan",
        true
    ),
    b!(
        "e",
        [(K::Char('e'), NONE)],
        A::CopyExamples,
        "copy the example plans",
        "copier les plans d'exemple",
        true
    ),
    HELP,
    b!(
        "q",
        [
            (K::Char('q'), NONE),
            (K::Char('q'), CTRL),
            (K::Char('c'), CTRL)
        ],
        A::Quit,
        "quit",
        "quitter",
        true
    ),
    SETTINGS,
];

/// The keys that edit a line of text, in a step's field and in a dialog's form alike.
const EDIT_KEYS: [Binding; 5] = [
    b!(
        "Home",
        [(K::Home, NONE), (K::Char('a'), CTRL)],
        A::Home,
        "start of field",
        "début du champ",
        false
    ),
    b!(
        "End",
        [(K::End, NONE), (K::Char('e'), CTRL)],
        A::End,
        "end of field",
        "fin du champ",
        false
    ),
    b!(
        "⌫",
        [(K::Backspace, NONE)],
        A::Backspace,
        "erase",
        "effacer",
        false
    ),
    b!(
        "Del",
        [(K::Delete, NONE)],
        A::Delete,
        "delete",
        "supprimer",
        false
    ),
    b!(
        "^U",
        [(K::Char('u'), CTRL)],
        A::Clear,
        "empty the field",
        "vider le champ",
        true
    ),
];

/// In a lab result's field (value, unit, date, range): a new result, or remove this one.
const LAB: &[Binding] = &[
    b!(
        "^N",
        [(K::Char('n'), CTRL)],
        A::Add,
        "new lab result",
        "nouveau résultat",
        false
    ),
    b!(
        "^D",
        [(K::Char('d'), CTRL)],
        A::Remove,
        "remove this lab result (asks)",
        "retirer ce résultat (demande)",
        false
    ),
];

const TYPING: &[Binding] = &[
    MOVE,
    NEXT_FIELD,
    PREV_FIELD,
    b!(
        "Enter",
        [(K::Enter, NONE)],
        A::NextField,
        "next field",
        "champ suivant",
        false
    ),
    NEXT_STEP,
    PREV_STEP,
    b!(
        "←",
        [(K::Left, NONE)],
        A::Left,
        "cursor left",
        "curseur à gauche",
        false
    ),
    b!(
        "→",
        [(K::Right, NONE)],
        A::Right,
        "cursor right",
        "curseur à droite",
        false
    ),
    EDIT_KEYS[0],
    EDIT_KEYS[1],
    EDIT_KEYS[2],
    EDIT_KEYS[3],
    EDIT_KEYS[4],
    ZOOM,
    b!(
        "^P",
        [(K::Char('p'), CTRL)],
        A::Print,
        "print (asks what and where)",
        "imprimer (demande quoi et où)",
        false
    ),
    SAVE,
    b!(
        "Esc",
        [(K::Esc, NONE)],
        A::Back,
        "take back an invalid entry, else back",
        "annuler une saisie invalide, sinon retour",
        false
    ),
    HELP_F1,
    QUIT,
    SETTINGS_HELP,
];

const SUGGESTION: &[Binding] = &[
    b!(
        "a",
        [(K::Char('a'), NONE)],
        A::Accept,
        "accept",
        "accepter",
        true
    ),
    b!(
        "r",
        [(K::Char('r'), NONE)],
        A::Reject,
        "reject (asks a reason)",
        "refuser (demande un motif)",
        true
    ),
    b!(
        "u",
        [(K::Char('u'), NONE)],
        A::Restore,
        "undo the decision",
        "annuler la décision",
        true
    ),
];

const SESSION: &[Binding] = &[
    b!(
        "d",
        [(K::Char('d'), NONE)],
        A::SessionDone,
        "done…",
        "faite…",
        true
    ),
    b!(
        "m",
        [(K::Char('m'), NONE)],
        A::SessionMove,
        "move…",
        "déplacer…",
        true
    ),
    b!(
        "c",
        [(K::Char('c'), NONE)],
        A::SessionCancel,
        "cancel…",
        "annuler…",
        true
    ),
];

const CHECKPOINT: &[Binding] = &[b!(
    "d",
    [(K::Char('d'), NONE)],
    A::SessionDone,
    "done today / not done",
    "fait aujourd'hui / pas fait",
    true
)];

const ACTION: &[Binding] = &[b!(
    "x",
    [(K::Char('x'), NONE)],
    A::Remove,
    "remove (asks)",
    "retirer (demande)",
    true
)];

const SUMMARY: &[Binding] = &[
    b!("↑", [(K::Up, NONE)], A::Up, "scroll up", "remonter", false),
    b!(
        "↓",
        [(K::Down, NONE)],
        A::Down,
        "scroll down",
        "descendre",
        false
    ),
    b!(
        "Tab",
        [(K::Tab, NONE)],
        A::NextStep,
        "next step",
        "étape suivante",
        false
    ),
    b!(
        "⇧Tab",
        [(K::BackTab, SHIFT), (K::BackTab, NONE)],
        A::PrevStep,
        "previous step",
        "étape précédente",
        false
    ),
    NEXT_STEP,
    PREV_STEP,
    b!(
        "p",
        [(K::Char('p'), NONE)],
        A::Print,
        "print (asks what and where)",
        "imprimer (demande quoi et où)",
        true
    ),
];

const HELP_TABLE: &[Binding] = &[b!(
    "Esc",
    [
        (K::Esc, NONE),
        (K::Char('?'), NONE),
        (K::Char('?'), SHIFT),
        (K::F(1), NONE),
        (K::Enter, NONE)
    ],
    A::Back,
    "close",
    "fermer",
    true
)];

const DIALOG: &[Binding] = &[
    b!(
        "←→",
        [
            (K::Left, NONE),
            (K::Up, NONE),
            (K::BackTab, SHIFT),
            (K::BackTab, NONE)
        ],
        A::Left,
        "choose",
        "choisir",
        true
    ),
    b!(
        "Tab",
        [(K::Right, NONE), (K::Down, NONE), (K::Tab, NONE)],
        A::Right,
        "next choice",
        "choix suivant",
        false
    ),
    b!(
        "Enter",
        [(K::Enter, NONE)],
        A::Activate,
        "confirm the choice",
        "valider le choix",
        true
    ),
    b!("Esc", [(K::Esc, NONE)], A::Back, "cancel", "annuler", true),
];

const PROMPT: &[Binding] = &[
    b!(
        "Tab",
        [(K::Tab, NONE), (K::Down, NONE)],
        A::NextField,
        "next field",
        "champ suivant",
        true
    ),
    b!(
        "⇧Tab",
        [(K::BackTab, SHIFT), (K::BackTab, NONE), (K::Up, NONE)],
        A::PrevField,
        "previous field",
        "champ précédent",
        false
    ),
    b!(
        "Enter",
        [(K::Enter, NONE)],
        A::Activate,
        "confirm",
        "valider",
        true
    ),
    b!(
        "Space",
        [(K::Char(' '), NONE)],
        A::Toggle,
        "change a choice",
        "changer un choix",
        false
    ),
    b!(
        "←",
        [(K::Left, NONE)],
        A::Left,
        "cursor left / previous choice",
        "curseur à gauche / choix précédent",
        false
    ),
    b!(
        "→",
        [(K::Right, NONE)],
        A::Right,
        "cursor right / next choice",
        "curseur à droite / choix suivant",
        false
    ),
    EDIT_KEYS[0],
    EDIT_KEYS[1],
    EDIT_KEYS[2],
    EDIT_KEYS[3],
    EDIT_KEYS[4],
    b!(
        "Esc",
        [(K::Esc, NONE)],
        A::Back,
        "cancel (asks if something was typed)",
        "annuler (demande si une saisie est en cours)",
        true
    ),
];

/// The bindings of a context, in the order the help lists them.
pub fn table(ctx: Context) -> Vec<Binding> {
    let parts: &[&[Binding]] = match ctx {
        Context::Home => &[HOME],
        Context::Welcome => &[WELCOME],
        Context::Editor => &[EDITOR_NAV, EDITOR_END],
        Context::Typing => &[TYPING],
        Context::LabTyping => &[LAB, TYPING],
        Context::SuggestionRow => &[SUGGESTION, EDITOR_NAV, EDITOR_END],
        Context::SessionRow => &[SESSION, EDITOR_NAV, EDITOR_END],
        Context::CheckpointRow => &[CHECKPOINT, EDITOR_NAV, EDITOR_END],
        Context::ActionRow => &[ACTION, EDITOR_NAV, EDITOR_END],
        Context::Summary => &[SUMMARY, EDITOR_END],
        Context::Help => &[HELP_TABLE],
        Context::Dialog => &[DIALOG],
        Context::Prompt => &[PROMPT],
    };
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// The action bound to `key` in `ctx`, if any.
pub fn resolve(ctx: Context, key: &KeyEvent) -> Option<Action> {
    // Shift is implied by the character for printable keys ('?' is Shift-/ on most layouts).
    let mods = if matches!(key.code, KeyCode::Char(_)) {
        key.modifiers - KeyModifiers::SHIFT
    } else {
        key.modifiers
    };
    table(ctx)
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|&(code, m)| code == key.code && (m == mods || m == key.modifiers))
        })
        .map(|b| b.action)
}

/// How a key is written for a reader of `lang` (French keyboards say `Entrée`, `Échap`).
pub fn key_name(label: &'static str, lang: Lang) -> &'static str {
    match (lang, label) {
        (Lang::Fr, "Enter") => "Entrée",
        (Lang::Fr, "Esc") => "Échap",
        (Lang::Fr, "Space") => "Espace",
        (Lang::Fr, "Home") => "Début",
        (Lang::Fr, "End") => "Fin",
        (Lang::Fr, "Del") => "Suppr",
        (Lang::Fr, "PgDn") => "PgSuiv",
        (Lang::Fr, "PgUp") => "PgPréc",
        (Lang::Fr, "Tab/PgDn") => "Tab/PgSuiv",
        _ => label,
    }
}

/// The footer of a context: `key description` pairs.
pub fn footer(ctx: Context, lang: Lang) -> Vec<(&'static str, &'static str)> {
    table(ctx)
        .iter()
        .filter(|b| b.footer)
        .map(|b| (key_name(b.label, lang), lang.pick(b.en, b.fr)))
        .collect()
}

/// Every binding of a context for the help overlay, without duplicates.
pub fn help(ctx: Context, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in table(ctx) {
        let line = (key_name(b.label, lang), lang.pick(b.en, b.fr));
        if !out.iter().any(|(_, d)| *d == line.1) {
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn spec_keys_resolve_in_their_contexts() {
        let cases = [
            (Context::Home, key(K::Char('n'), CTRL), Some(A::New)),
            (Context::Home, key(K::Enter, NONE), Some(A::Open)),
            (Context::Home, key(K::Char('?'), SHIFT), Some(A::Help)),
            (Context::Home, key(K::F(1), NONE), Some(A::Help)),
            (Context::Home, key(K::Char('c'), CTRL), Some(A::Quit)),
            (Context::Editor, key(K::Tab, NONE), Some(A::NextField)),
            (Context::Editor, key(K::BackTab, SHIFT), Some(A::PrevField)),
            (Context::Editor, key(K::PageDown, NONE), Some(A::NextStep)),
            (Context::Editor, key(K::PageUp, NONE), Some(A::PrevStep)),
            (Context::Editor, key(K::Char('s'), CTRL), Some(A::Save)),
            (Context::Editor, key(K::Char('p'), NONE), Some(A::Print)),
            (Context::Editor, key(K::Esc, NONE), Some(A::Back)),
            (Context::Editor, key(K::Char('c'), CTRL), Some(A::Quit)),
            (Context::Editor, key(K::Char('d'), NONE), None),
            (
                Context::SessionRow,
                key(K::Char('d'), NONE),
                Some(A::SessionDone),
            ),
            (Context::SuggestionRow, key(K::Char('d'), NONE), None),
            // While typing, letters are text, but Ctrl-S, Esc, Tab and PgUp/PgDn still work.
            (Context::Typing, key(K::Char('q'), NONE), None),
            (Context::Typing, key(K::Char('p'), NONE), None),
            (Context::Typing, key(K::Char('?'), SHIFT), None),
            (Context::Typing, key(K::Char('s'), CTRL), Some(A::Save)),
            (Context::Typing, key(K::Esc, NONE), Some(A::Back)),
            (Context::Typing, key(K::Tab, NONE), Some(A::NextField)),
            (Context::Typing, key(K::PageDown, NONE), Some(A::NextStep)),
            (Context::Typing, key(K::F(1), NONE), Some(A::Help)),
            (Context::Prompt, key(K::Char('u'), CTRL), Some(A::Clear)),
            (Context::Home, key(K::F(9), NONE), Some(A::Settings)),
            (Context::Welcome, key(K::F(9), NONE), Some(A::Settings)),
            (Context::Typing, key(K::F(9), NONE), Some(A::Settings)),
            (Context::Editor, key(K::F(9), NONE), Some(A::Settings)),
            (Context::Prompt, key(K::F(9), NONE), None),
        ];
        for (ctx, k, want) in cases {
            assert_eq!(resolve(ctx, &k), want, "{ctx:?} {k:?}");
        }
    }

    #[test]
    fn letters_are_never_commands_where_they_are_text() {
        let all = [
            Context::Home,
            Context::Welcome,
            Context::Editor,
            Context::Typing,
            Context::SuggestionRow,
            Context::SessionRow,
            Context::CheckpointRow,
            Context::ActionRow,
            Context::Summary,
            Context::Help,
            Context::Dialog,
            Context::Prompt,
        ];
        for ctx in all {
            for c in ('a'..='z').chain('A'..='Z').chain("éèàçù-' ".chars()) {
                let bound = resolve(ctx, &key(K::Char(c), NONE));
                if ctx.letters_are_text() || ctx == Context::Dialog || ctx == Context::Help {
                    assert!(
                        bound.is_none() || (ctx == Context::Prompt && c == ' '),
                        "{ctx:?}: '{c}' is a command"
                    );
                }
            }
        }
    }

    #[test]
    fn footers_and_help_come_from_the_tables() {
        for ctx in [
            Context::Home,
            Context::Editor,
            Context::Typing,
            Context::Summary,
            Context::SessionRow,
            Context::Dialog,
            Context::Prompt,
        ] {
            let footer = footer(ctx, Lang::En);
            let help = help(ctx, Lang::En);
            assert!(!footer.is_empty());
            for item in &footer {
                assert!(
                    help.iter().any(|h| h.1 == item.1),
                    "{ctx:?}: {item:?} not in help"
                );
            }
        }
        assert!(footer(Context::Editor, Lang::Fr).contains(&("^S", "enregistrer")));
    }
}
