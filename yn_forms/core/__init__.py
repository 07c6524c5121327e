"""Qt-free core: field types, validation, rules, drafts. Never import PySide6 here."""
