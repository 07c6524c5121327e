"""yn-forms — 云南申报材料填报助手.

The package is split so that everything except drawing widgets runs without Qt:
``core`` (fields, validation, drafts), ``forms`` (one declarative definition per
official form), ``render`` (Word/Excel output) and ``gui`` (the only Qt user).
"""

__version__ = "0.1.0"
