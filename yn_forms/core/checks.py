"""Format checks for the identifiers and numbers the notices ask for.

Each check takes the text as typed and returns it normalised, or raises
``FieldError`` with the Chinese sentence the clerk will read. They lean on the
field's own libraries (python-stdnum, phonenumbers, email-validator) and only add
what those get wrong for Chinese forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from yn_forms.core.dates import parse_month

if TYPE_CHECKING:
    import phonenumbers

# The libraries are imported by the checks that use them, when first used: together they take
# ≈ 100 ms to import, which a start window, `list` or a draft without phones never needs.


class FieldError(ValueError):
    """A value the user typed that the form cannot accept; ``message`` is shown as is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# 登记管理部门码 of GB 32100: 1–9 and the letters used for 中央军委 (A), 农业 (N), 其他 (Y).
_USCC_AUTHORITIES = "123456789ANY"


def check_credit_code(value: str) -> str:
    """统一社会信用代码 per GB 32100-2015, including codes that start with A, N or Y.

    python-stdnum insists the first eight characters are digits, which refuses
    genuine codes of 农民专业合作社 (N…) and other registrars (Y…, A…); the format is
    checked here and the check digit is left to stdnum.
    """
    from stdnum.cn import uscc

    code = uscc.compact(unicodedata.normalize("NFKC", value))
    if len(code) != 18:
        raise FieldError("uscc_length", f"统一社会信用代码应为18位，现为{len(code)}位")
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        raise FieldError(
            "uscc_chars",
            "统一社会信用代码含有不允许的字符：" + "、".join(bad) + "（不使用I、O、S、V、Z）",
        )
    if code[0] not in _USCC_AUTHORITIES:
        raise FieldError("uscc_format", f"统一社会信用代码第1位（登记管理部门码）不能是“{code[0]}”")
    if not code[2:8].isdigit():
        raise FieldError("uscc_format", "统一社会信用代码第3–8位应为行政区划代码（6位数字）")
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise FieldError("uscc_checksum", "统一社会信用代码校验位不正确，请核对营业执照")
    return code


def division_code(credit_code: str) -> str:
    """The 6-digit 行政区划代码 inside a 统一社会信用代码 (positions 3–8)."""
    from stdnum.cn import uscc

    return uscc.compact(credit_code)[2:8]


@lru_cache(maxsize=4096)
def _cn_phone(value: str) -> phonenumbers.PhoneNumberType | None:
    """The kind of number *value* is, or None when it is no valid number. ``number_type`` is the same
    test ``is_valid_number`` makes (UNKNOWN: not valid); asked once, not twice per number. Remembered:
    an application gives one contact's mobile in several places, and a value blanked by validation is
    judged again with the rest of its part (≈ 40 µs a number through phonenumbers)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(number)
    return None if kind == phonenumbers.PhoneNumberType.UNKNOWN else kind


def _is_mobile(kind: phonenumbers.PhoneNumberType) -> bool:
    import phonenumbers

    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def check_mobile(value: str) -> str:
    text = value.strip()
    kind = _cn_phone(text)
    if kind is None or not _is_mobile(kind) or len(re.sub(r"\D", "", text)) < 11:
        raise FieldError("mobile", "手机号码不正确，应为11位，如 13888888888")
    return text


def check_landline(value: str) -> str:
    text = value.strip()
    kind = _cn_phone(text)
    if kind is None or _is_mobile(kind):
        raise FieldError("landline", "固定电话不正确，应带区号，如 0871-63513185")
    return text


def check_phone(value: str) -> str:
    """Either a mobile or a landline with area code, as forms labelled 电话/联系电话 accept both."""
    text = value.strip()
    if _cn_phone(text) is None:
        raise FieldError("phone", "电话号码不正确：手机为11位，固定电话应带区号，如 0871-63513185")
    return text


def check_email(value: str) -> str:
    text = value.strip()
    normalized = _email(text)
    if normalized is None:
        raise FieldError("email", f"电子邮箱格式不正确：{text}")
    return normalized


@lru_cache(maxsize=4096)
def _email(text: str) -> str | None:
    """*text* as email-validator normalises it, or None when it is no valid address; remembered, as
    ``_cn_phone`` is (≈ 50 µs an address)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def check_postcode(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[0-9]{6}", text):
        raise FieldError("postcode", "邮编应为6位数字，如 650000")
    return text


def check_qq(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[1-9][0-9]{4,11}", text):
        raise FieldError("qq", "QQ号码应为5–12位数字")
    return text


def check_year_month(value: str) -> str:
    """A month as the clerk types it (2026-11, 2026年11月, 2026.11, 202611), as ``YYYY-MM``."""
    month = parse_month(value)
    if month is None:
        raise FieldError("year_month", "请填写年和月，如 2026年11月")
    return month
