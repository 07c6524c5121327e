"""The desktop wizard: the only package that imports PySide6.

Every page is generated from a form's definition (``yn_forms.core.formdef``), so a
new form gets its wizard without GUI code of its own.
"""
