"""The bound 申报材料: the 目录, the documents and the 证明材料 in one numbered, bookmarked PDF.

``parts`` says what is bound after the documents (and reads it: ``render.enclosures``),
``step`` is the production path's step that binds (``PackStep``); ``footers``, ``contents``,
``pictures``, ``cleaning``, ``numbers`` and ``binder`` each do one part of it.
"""

#: the bound PDF's name in a folder (``yn-forms pack -o FOLDER/``, 生成申报材料): the form's name, then what it is
PACK_NAME = "{name}-申报材料（装订版）.pdf"
#: the smaller copy for an online system's size limit, beside it (生成申报材料 when the clerk asks for one)
UPLOAD_NAME = "{name}-申报材料（网上提交版）.pdf"
#: the 目录 and the first document's pages, written beside the pack while the rest converts (预览 shows them)
FIRST_NAME = "{stem}（先行页）.pdf"
#: the 目录's page label and bookmark in the bound PDF (the pages after it are labelled with their printed numbers)
CONTENTS_LABEL = "目录"
