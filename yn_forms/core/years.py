"""近三年: the last three complete calendar years before the declaration."""

from __future__ import annotations

from datetime import date


def last_three_years(reference: date | None = None) -> list[int]:
    """The three complete years before *reference* (today by default), ascending."""
    year = (reference or date.today()).year
    return [year - 3, year - 2, year - 1]


def reference_date(year_month: str | None) -> date:
    """The first day of a ``YYYY-MM`` declaration month, or today when it is not filled."""
    if year_month:
        try:
            y, m = (int(p) for p in year_month.split("-"))
            return date(y, m, 1)
        except ValueError:
            pass
    return date.today()
