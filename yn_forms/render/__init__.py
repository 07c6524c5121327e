"""Qt-free rendering: Word via docxtpl, Excel via openpyxl, PDF via LibreOffice."""
