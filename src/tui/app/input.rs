//! A line of text being typed.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::keys::Action;

/// Text being typed into a field, kept even when it is not valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Input {
    pub text: String,
    /// Cursor position, in characters.
    pub cursor: usize,
    pub error: Option<String>,
    /// Not edited since the field got the focus: the first character typed replaces the text.
    pub fresh: bool,
}

impl Input {
    pub(super) fn new(text: String) -> Self {
        Input {
            cursor: text.chars().count(),
            text,
            error: None,
            fresh: true,
        }
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Applies an editing key; true when the text changed.
    pub(super) fn edit(&mut self, action: Option<Action>, key: &KeyEvent) -> bool {
        let fresh = std::mem::replace(&mut self.fresh, false);
        if fresh && action.is_none() && matches!(key.code, KeyCode::Char(_)) {
            self.text.clear();
            self.cursor = 0;
        }
        let len = self.text.chars().count();
        match action {
            Some(Action::Left) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Right) => self.cursor = (self.cursor + 1).min(len),
            Some(Action::Home) => self.cursor = 0,
            Some(Action::End) => self.cursor = len,
            Some(Action::Backspace) if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                return true;
            }
            Some(Action::Delete) if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
                return true;
            }
            None => {
                if let KeyCode::Char(c) = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_control()
                    && len < crate::domain::text::TEXT_MAX_CHARS
                {
                    let at = self.byte(self.cursor);
                    self.text.insert(at, c);
                    self.cursor += 1;
                    return true;
                }
            }
            _ => {}
        }
        false
    }
}
