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


def anniversary(day: date, years: int) -> date:
    """The same day *years* later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def founded_long_enough(founded: date, on: date, years: int = 3) -> bool:
    """Whether a unit founded on *founded* has existed *years* full years by *on* (“近3年经营”)."""
    return anniversary(founded, years) <= on


def recent_years_problem(label: str, years: list[int | None], expected: list[int], term: str = "近三年") -> str | None:
    """What is wrong with the years of a 近三年 figure, in the clerk's words, or None.

    *term* is the notice's own way of saying it (近三年 or 近3年)."""
    if len(years) != 3 or any(y is None for y in years):
        return f"{label}应填写3个年度"
    if years != expected:
        got, want = ("、".join(str(y) for y in ys) for ys in (years, expected))
        return f"{label}的年度为{got}，{term}应为{want}"
    return None
