"""What a window opened on a draft cannot paint without, imported before Qt.

PySide6, once imported, reads the source of every module imported after it (looking for its
``__feature__`` switches): pydantic, the form's models and validation — most of the modules a
draft's first page needs — are imported, and the form built, before Qt is, so it never reads them.
The start window builds no form before its first paint, and imports none of them here.
"""

from __future__ import annotations


def before_qt(form_id: str | None, opening: bool) -> None:
    """*form_id*: the form of a new draft (``--form``); *opening*: a draft file to open (``--open``)."""
    if not (form_id or opening):
        return
    # the modules of a draft's pages that do without Qt (gui.wizard, gui.pages, gui.window)
    import yn_forms.core.conditions
    import yn_forms.core.document
    import yn_forms.core.draft
    import yn_forms.core.operations
    import yn_forms.core.progress
    import yn_forms.core.validation  # noqa: F401
    from yn_forms.forms import FORMS

    if form_id in FORMS:
        FORMS.get(form_id)  # its models built: the form's first use, with nothing of Qt loaded yet
