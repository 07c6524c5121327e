"""The bound 申报材料: the 目录, the documents and the 证明材料 in one numbered, bookmarked PDF.

``parts`` says what is bound after the documents (and reads it: ``render.enclosures``),
``step`` is the production path's step that binds (``PackStep``); ``footers``, ``contents``,
``pictures``, ``cleaning``, ``numbers`` and ``binder`` each do one part of it.
"""
