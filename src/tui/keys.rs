//! Keys are data: one table per context, resolving a key to an action. The footer and the
//! `?` help overlay are generated from the same tables, so they cannot disagree with what the
//! keys do.

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
    /// Answers in a dialog, by the letter shown next to each choice.
    Choose(char),
}

/// The contexts that have their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Filtering,
    Welcome,
    /// Editor, focus on a field that is not typed in (choice, yes/no, row, button).
    Editor,
    /// Editor, focus on a field that takes text.
    Typing,
    Summary,
    Help,
    /// A dialog with lettered choices.
    Dialog,
    /// A dialog with a small form.
    Prompt,
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
    "Ctrl-S",
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
    "q",
    [(K::Char('q'), NONE), (K::Char('c'), CTRL)],
    A::Quit,
    "quit",
    "quitter",
    true
);
const QUIT_CTRL: Binding = b!(
    "Ctrl-C",
    [(K::Char('c'), CTRL)],
    A::Quit,
    "quit",
    "quitter",
    false
);
const NEXT_FIELD: Binding = b!(
    "Tab",
    [(K::Tab, NONE), (K::Down, NONE)],
    A::NextField,
    "next field",
    "champ suivant",
    true
);
const PREV_FIELD: Binding = b!(
    "Shift-Tab",
    [(K::BackTab, SHIFT), (K::BackTab, NONE), (K::Up, NONE)],
    A::PrevField,
    "previous field",
    "champ précédent",
    false
);
const NEXT_STEP: Binding = b!(
    "PgDn",
    [(K::PageDown, NONE)],
    A::NextStep,
    "next step",
    "étape suivante",
    true
);
const PREV_STEP: Binding = b!(
    "PgUp",
    [(K::PageUp, NONE)],
    A::PrevStep,
    "previous step",
    "étape précédente",
    true
);
const BACK: Binding = b!("Esc", [(K::Esc, NONE)], A::Back, "back", "retour", true);

/// The bindings of a context, in the order the help lists them.
pub fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Home => &[
            b!("Enter", [(K::Enter, NONE)], A::Open, "open", "ouvrir", true),
            b!(
                "n",
                [(K::Char('n'), NONE)],
                A::New,
                "new plan",
                "nouveau plan",
                true
            ),
            b!(
                "/",
                [(K::Char('/'), NONE)],
                A::Filter,
                "filter (or just type)",
                "filtrer (ou tapez)",
                true
            ),
            b!(
                "d",
                [(K::Char('d'), NONE)],
                A::Duplicate,
                "duplicate",
                "dupliquer",
                true
            ),
            b!(
                "a",
                [(K::Char('a'), NONE)],
                A::Archive,
                "archive",
                "archiver",
                true
            ),
            b!(
                "↑",
                [(K::Up, NONE), (K::Char('k'), NONE)],
                A::Up,
                "move up",
                "monter",
                false
            ),
            b!(
                "↓",
                [(K::Down, NONE), (K::Char('j'), NONE)],
                A::Down,
                "move down",
                "descendre",
                false
            ),
            HELP,
            QUIT,
        ],
        Context::Filtering => &[
            b!("Enter", [(K::Enter, NONE)], A::Open, "open", "ouvrir", true),
            b!("↑", [(K::Up, NONE)], A::Up, "move up", "monter", true),
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
                "clear filter",
                "effacer le filtre",
                true
            ),
            b!(
                "Backspace",
                [(K::Backspace, NONE)],
                A::Backspace,
                "erase",
                "effacer",
                false
            ),
            HELP_F1,
            QUIT_CTRL,
        ],
        Context::Welcome => &[
            b!(
                "n",
                [(K::Char('n'), NONE), (K::Enter, NONE)],
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
            QUIT,
        ],
        Context::Editor => &[
            NEXT_FIELD,
            PREV_FIELD,
            NEXT_STEP,
            PREV_STEP,
            b!(
                "Space",
                [(K::Char(' '), NONE)],
                A::Toggle,
                "toggle / change",
                "cocher / changer",
                true
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
                "Enter",
                [(K::Enter, NONE)],
                A::Activate,
                "activate",
                "activer",
                false
            ),
            b!(
                "a",
                [(K::Char('a'), NONE)],
                A::Accept,
                "accept suggestion",
                "accepter la suggestion",
                false
            ),
            b!(
                "r",
                [(K::Char('r'), NONE)],
                A::Reject,
                "reject suggestion",
                "refuser la suggestion",
                false
            ),
            b!(
                "d",
                [(K::Char('d'), NONE)],
                A::SessionDone,
                "session/checkpoint done",
                "séance/contrôle fait",
                false
            ),
            b!(
                "m",
                [(K::Char('m'), NONE)],
                A::SessionMove,
                "move session",
                "déplacer la séance",
                false
            ),
            b!(
                "c",
                [(K::Char('c'), NONE)],
                A::SessionCancel,
                "cancel session",
                "annuler la séance",
                false
            ),
            b!(
                "+",
                [(K::Char('+'), NONE), (K::Char('+'), SHIFT)],
                A::Add,
                "add (result, session)",
                "ajouter (résultat, séance)",
                false
            ),
            b!(
                "x",
                [(K::Char('x'), NONE)],
                A::Remove,
                "remove action",
                "retirer l'action",
                false
            ),
            b!(
                "p",
                [(K::Char('p'), NONE)],
                A::Print,
                "print handout",
                "imprimer le document patient",
                false
            ),
            SAVE,
            BACK,
            HELP,
            QUIT,
            QUIT_CTRL,
        ],
        Context::Typing => &[
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
                "Backspace",
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
                "Ctrl-U",
                [(K::Char('u'), CTRL)],
                A::Clear,
                "empty the field",
                "vider le champ",
                false
            ),
            b!(
                "Ctrl-N",
                [(K::Char('n'), CTRL)],
                A::Add,
                "new lab result",
                "nouveau résultat",
                false
            ),
            b!(
                "Ctrl-D",
                [(K::Char('d'), CTRL)],
                A::Remove,
                "remove this lab result",
                "retirer ce résultat",
                false
            ),
            SAVE,
            BACK,
            HELP_F1,
            QUIT_CTRL,
        ],
        Context::Summary => &[
            b!("↑", [(K::Up, NONE)], A::Up, "scroll up", "remonter", true),
            b!(
                "↓",
                [(K::Down, NONE)],
                A::Down,
                "scroll down",
                "descendre",
                true
            ),
            b!(
                "p",
                [(K::Char('p'), NONE)],
                A::Print,
                "print handout",
                "imprimer le document patient",
                true
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
                "Shift-Tab",
                [(K::BackTab, SHIFT), (K::BackTab, NONE)],
                A::PrevStep,
                "previous step",
                "étape précédente",
                false
            ),
            NEXT_STEP,
            PREV_STEP,
            SAVE,
            BACK,
            HELP,
            QUIT,
            QUIT_CTRL,
        ],
        Context::Help => &[b!(
            "Esc",
            [
                (K::Esc, NONE),
                (K::Char('?'), NONE),
                (K::Char('?'), SHIFT),
                (K::Char('q'), NONE),
                (K::F(1), NONE),
                (K::Enter, NONE)
            ],
            A::Back,
            "close",
            "fermer",
            true
        )],
        Context::Dialog => &[b!(
            "Esc",
            [(K::Esc, NONE)],
            A::Back,
            "cancel",
            "annuler",
            true
        )],
        Context::Prompt => &[
            NEXT_FIELD,
            PREV_FIELD,
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
                "toggle",
                "cocher",
                false
            ),
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
            b!(
                "Backspace",
                [(K::Backspace, NONE)],
                A::Backspace,
                "erase",
                "effacer",
                false
            ),
            b!("Esc", [(K::Esc, NONE)], A::Back, "cancel", "annuler", true),
            QUIT_CTRL,
        ],
    }
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

/// The footer of a context: `key description` pairs.
pub fn footer(ctx: Context, lang: Lang) -> Vec<(&'static str, &'static str)> {
    table(ctx)
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.label, lang.pick(b.en, b.fr)))
        .collect()
}

/// Every binding of a context for the help overlay, without duplicates.
pub fn help(ctx: Context, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in table(ctx) {
        let line = (b.label, lang.pick(b.en, b.fr));
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
            (Context::Home, key(K::Char('n'), NONE), Some(A::New)),
            (Context::Home, key(K::Enter, NONE), Some(A::Open)),
            (Context::Home, key(K::Char('/'), NONE), Some(A::Filter)),
            (Context::Home, key(K::Char('?'), SHIFT), Some(A::Help)),
            (Context::Home, key(K::Char('q'), NONE), Some(A::Quit)),
            (Context::Editor, key(K::Tab, NONE), Some(A::NextField)),
            (Context::Editor, key(K::BackTab, SHIFT), Some(A::PrevField)),
            (Context::Editor, key(K::PageDown, NONE), Some(A::NextStep)),
            (Context::Editor, key(K::PageUp, NONE), Some(A::PrevStep)),
            (Context::Editor, key(K::Char('s'), CTRL), Some(A::Save)),
            (Context::Editor, key(K::Char('p'), NONE), Some(A::Print)),
            (Context::Editor, key(K::Esc, NONE), Some(A::Back)),
            (Context::Editor, key(K::Char('c'), CTRL), Some(A::Quit)),
            // While typing, letters are text, but Ctrl-S, Esc, Tab and PgUp/PgDn still work.
            (Context::Typing, key(K::Char('q'), NONE), None),
            (Context::Typing, key(K::Char('p'), NONE), None),
            (Context::Typing, key(K::Char('?'), SHIFT), None),
            (Context::Typing, key(K::Char('s'), CTRL), Some(A::Save)),
            (Context::Typing, key(K::Esc, NONE), Some(A::Back)),
            (Context::Typing, key(K::Tab, NONE), Some(A::NextField)),
            (Context::Typing, key(K::PageDown, NONE), Some(A::NextStep)),
            (Context::Typing, key(K::F(1), NONE), Some(A::Help)),
            (Context::Filtering, key(K::Char('n'), NONE), None),
        ];
        for (ctx, k, want) in cases {
            assert_eq!(resolve(ctx, &k), want, "{ctx:?} {k:?}");
        }
    }

    #[test]
    fn footers_and_help_come_from_the_tables() {
        for ctx in [
            Context::Home,
            Context::Editor,
            Context::Typing,
            Context::Summary,
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
        assert!(footer(Context::Editor, Lang::Fr).contains(&("Ctrl-S", "enregistrer")));
    }
}
