"""Format checks (统一社会信用代码, phones, email, 邮编, 身份证号, 年月) and how they reach the user.

Every refusal is asserted with the exact Chinese sentence the clerk reads, because
that sentence is the whole user interface of a check.
"""

from __future__ import annotations

import dataclasses
import socket

import pytest
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from yn_forms.core import checks
from yn_forms.core.checks import FieldError
from yn_forms.core.fields import CreditCode, Mobile, Section, field
from yn_forms.core.problems import Problem
from yn_forms.core.rules import RuleSet
from yn_forms.core.validation import lenient_model, validate
from yn_forms.forms.innovation_centre import DEFINITION


def with_check_digit(first17: str) -> str:
    """A code with a correct check digit, computed independently of the code under test."""
    assert len(first17) == 17
    return first17 + uscc.calc_check_digit(first17)


# 9 = 工商 (market regulation), 1 = 企业, 530102 = 昆明市五华区
KUNMING_COMPANY = with_check_digit("91530102MA6K1A2B3")


def refusal(check, value: str) -> FieldError:
    with pytest.raises(FieldError) as info:
        check(value)
    return info.value


# ---------------------------------------------------------------- 统一社会信用代码


def test_ordinary_company_code_is_accepted_as_typed():
    assert checks.check_credit_code(KUNMING_COMPANY) == KUNMING_COMPANY
    # sanity: the reference implementation agrees on an ordinary code
    assert uscc.validate(KUNMING_COMPANY) == KUNMING_COMPANY


@pytest.mark.parametrize(
    "first17",
    [
        "N2530102MA6K12X34",  # N 农业: 农民专业合作社
        "Y1530102MA6K12345",  # Y 其他登记管理部门
        "A1530102MA6K12345",  # A 中央军委改革和编制办公室
        "N3530102MA6K1P7Q8",
    ],
)
def test_codes_of_other_registrars_are_accepted_although_stdnum_refuses_them(first17):
    code = with_check_digit(first17)
    with pytest.raises(StdnumError):
        uscc.validate(code)
    assert checks.check_credit_code(code) == code


def test_wrong_check_digit_is_refused():
    right = KUNMING_COMPANY[-1]
    wrong = "0" if right != "0" else "1"
    error = refusal(checks.check_credit_code, KUNMING_COMPANY[:17] + wrong)
    assert error.code == "uscc_checksum"
    assert error.message == "统一社会信用代码校验位不正确，请核对营业执照"


def test_wrong_check_digit_is_refused_for_a_cooperative_code_too():
    code = with_check_digit("N2530102MA6K12X34")
    wrong = "0" if code[-1] != "0" else "1"
    assert refusal(checks.check_credit_code, code[:17] + wrong).message == (
        "统一社会信用代码校验位不正确，请核对营业执照")


@pytest.mark.parametrize("value, length", [
    (KUNMING_COMPANY[:17], 17),
    (KUNMING_COMPANY + "1", 19),
    ("91530102", 8),
])
def test_wrong_length_is_refused_with_the_length_found(value, length):
    error = refusal(checks.check_credit_code, value)
    assert error.code == "uscc_length"
    assert error.message == f"统一社会信用代码应为18位，现为{length}位"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z", "i", "o"])
def test_letters_the_standard_leaves_out_are_refused(letter):
    code = "91530102" + letter + "A6K1A2B30"
    error = refusal(checks.check_credit_code, code)
    assert error.code == "uscc_chars"
    assert error.message == f"统一社会信用代码含有不允许的字符：{letter.upper()}（不使用I、O、S、V、Z）"


def test_lowercase_spaces_and_hyphens_are_normalised():
    typed = " " + KUNMING_COMPANY[:4] + " " + KUNMING_COMPANY[4:8] + "-" + KUNMING_COMPANY[8:].lower() + " "
    assert checks.check_credit_code(typed) == KUNMING_COMPANY


def test_unknown_registrar_code_is_refused():
    error = refusal(checks.check_credit_code, with_check_digit("01530102MA6K1A2B3"))
    assert error.code == "uscc_format"
    assert error.message == "统一社会信用代码第1位（登记管理部门码）不能是“0”"


def test_letters_in_the_division_code_are_refused():
    error = refusal(checks.check_credit_code, with_check_digit("91A30102MA6K1A2B3"))
    assert error.message == "统一社会信用代码第3–8位应为行政区划代码（6位数字）"


def test_division_code_is_the_six_digit_area_code():
    assert checks.division_code(KUNMING_COMPANY) == "530102"
    assert checks.division_code(" " + KUNMING_COMPANY.lower()) == "530102"
    assert checks.division_code(with_check_digit("N2532301MA6K12X34")) == "532301"


def test_full_width_code_is_normalised():
    full_width = KUNMING_COMPANY.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert checks.check_credit_code(full_width) == KUNMING_COMPANY


# ---------------------------------------------------------------- phones


MOBILE_MESSAGE = "手机号码不正确，应为11位，如 13888888888"
LANDLINE_MESSAGE = "固定电话不正确，应带区号，如 0871-63513185"
PHONE_MESSAGE = "电话号码不正确：手机为11位，固定电话应带区号，如 0871-63513185"


@pytest.mark.parametrize("typed, kept", [
    ("13888888888", "13888888888"),
    (" 13888888888 ", "13888888888"),
    ("+86 138 8888 8888", "+86 138 8888 8888"),
])
def test_mobile_is_accepted(typed, kept):
    assert checks.check_mobile(typed) == kept
    assert checks.check_phone(typed) == kept


@pytest.mark.parametrize("typed", ["0871-63513185", "0871 6351 3185", "(0871)63513185"])
def test_landline_with_area_code_is_accepted_as_landline_and_as_phone(typed):
    assert checks.check_landline(typed) == typed
    assert checks.check_phone(typed) == typed


def test_landline_is_refused_where_a_mobile_is_asked_for():
    error = refusal(checks.check_mobile, "0871-63513185")
    assert error.code == "mobile"
    assert error.message == MOBILE_MESSAGE


def test_mobile_is_refused_where_a_landline_is_asked_for():
    error = refusal(checks.check_landline, "13888888888")
    assert error.code == "landline"
    assert error.message == LANDLINE_MESSAGE


@pytest.mark.parametrize("typed", ["12345678901", "1388888888", "138888888888"])
def test_eleven_digits_that_are_no_mobile_number_are_refused(typed):
    assert refusal(checks.check_mobile, typed).message == MOBILE_MESSAGE
    assert refusal(checks.check_phone, typed).message == PHONE_MESSAGE


@pytest.mark.parametrize("typed", ["6351318", "63513185"])
def test_local_number_without_area_code_is_refused(typed):
    assert refusal(checks.check_mobile, typed).message == MOBILE_MESSAGE
    assert refusal(checks.check_landline, typed).message == LANDLINE_MESSAGE
    error = refusal(checks.check_phone, typed)
    assert error.code == "phone"
    assert error.message == PHONE_MESSAGE


# ---------------------------------------------------------------- email


@pytest.fixture
def network_attempts(monkeypatch):
    """Records (and refuses) every attempt to resolve a name or send a packet: the tool works offline."""
    attempts: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(name)
            raise OSError("network is not available in this test")

        return call

    for name in ("getaddrinfo", "gethostbyname", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    for name in ("connect", "connect_ex", "send", "sendall", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse("socket." + name))
    return attempts


@pytest.mark.parametrize("typed, normalised", [
    ("zhangmy@example.com.cn", "zhangmy@example.com.cn"),
    (" Zhang.MY@Example.COM.cn ", "Zhang.MY@example.com.cn"),
    ("sunlh@yn.gov.cn", "sunlh@yn.gov.cn"),
    ("nobody@no-such-domain-yn-forms.cn", "nobody@no-such-domain-yn-forms.cn"),  # not looked up
])
def test_email_is_accepted_without_network(network_attempts, typed, normalised):
    assert checks.check_email(typed) == normalised
    assert network_attempts == []


@pytest.mark.parametrize("typed", ["zhangmy", "zhangmy@", "zhangmy@@example.com", "zhang my@example.com",
                                   "zhangmy@example"])
def test_malformed_email_is_refused_without_network(network_attempts, typed):
    error = refusal(checks.check_email, typed)
    assert error.code == "email"
    assert error.message == f"电子邮箱格式不正确：{typed.strip()}"
    assert network_attempts == []


# ---------------------------------------------------------------- 邮编, QQ


def test_postcode_of_six_digits_is_accepted():
    assert checks.check_postcode("650000") == "650000"
    assert checks.check_postcode(" 650503 ") == "650503"


@pytest.mark.parametrize("typed", ["65000", "6500001", "65000A", "650 000"])
def test_postcode_that_is_not_six_digits_is_refused(typed):
    error = refusal(checks.check_postcode, typed)
    assert error.code == "postcode"
    assert error.message == "邮编应为6位数字，如 650000"


@pytest.mark.parametrize("typed", ["６５００００", "٦٥٠٠٠٠"])
def test_postcode_in_other_digits_is_printed_with_ascii_digits_or_refused(typed):
    try:
        kept = checks.check_postcode(typed)
    except FieldError:
        return
    assert kept == "650000"


def test_qq_number():
    assert checks.check_qq("1234567890") == "1234567890"
    assert refusal(checks.check_qq, "0123456").message == "QQ号码应为5–12位数字"
    assert refusal(checks.check_qq, "1234").message == "QQ号码应为5–12位数字"


# ---------------------------------------------------------------- 年月


@pytest.mark.parametrize("typed, normalised", [
    ("2026-1", "2026-01"),
    ("2026-01", "2026-01"),
    (" 2026-12 ", "2026-12"),
])
def test_year_month_is_normalised(typed, normalised):
    assert checks.check_year_month(typed) == normalised


@pytest.mark.parametrize("typed", ["2026年1月", "2026.1", "2026/01", "202601", "２０２６年１月"])
def test_a_month_typed_the_paper_way_is_understood(typed):
    assert checks.check_year_month(typed) == "2026-01"


@pytest.mark.parametrize("typed", ["2026-13", "2026-0", "2026-00", "2026年13月", "26-01", "二〇二六年一月", "2026"])
def test_impossible_year_month_is_refused(typed):
    error = refusal(checks.check_year_month, typed)
    assert error.code == "year_month"
    assert error.message == "请填写年和月，如 2026年11月"


# ---------------------------------------------------------------- through the form's validate()


@pytest.mark.parametrize("section, key, typed, title, rule, message", [
    ("cover", "mobile", "0871-63513185", "手机", "field.mobile", MOBILE_MESSAGE),
    ("basic", "fax", "13888888888", "传真", "field.landline", LANDLINE_MESSAGE),
    ("lead", "head_phone", "12345678901", "电话（企业负责人）", "field.phone", PHONE_MESSAGE),
    ("cover", "email", "zhangmy@", "Email", "field.email", "电子邮箱格式不正确：zhangmy@"),
    ("basic", "postcode", "65000", "邮编", "field.postcode", "邮编应为6位数字，如 650000"),
    ("cover", "fill_month", "2026-13", "填报年月", "field.year_month",
     "请填写年和月，如 2026年11月"),
    ("lead", "qq", "0123", "QQ号码", "field.qq", "QQ号码应为5–12位数字"),
])
def test_wrong_value_in_a_typed_field_is_one_problem_with_the_chinese_message(
        section, key, typed, title, rule, message):
    data = DEFINITION.example()
    data[section][key] = typed
    assert validate(DEFINITION, data) == [Problem(f"/{section}/{key}", title, "error", message, rule)]


def test_nested_typed_field_reports_its_full_path():
    data = DEFINITION.example()
    data["members"][2]["contact_mobile"] = "6351318"
    assert validate(DEFINITION, data) == [
        Problem("/members/2/contact_mobile", "手机", "error", MOBILE_MESSAGE, "field.mobile")]


def test_empty_typed_field_asks_to_be_filled_instead_of_calling_it_wrong():
    data = DEFINITION.example()
    data["cover"]["mobile"] = "   "
    data["basic"]["lead_head"]["mobile"] = ""  # the same fact in 表1: asked for once, on the cover
    assert validate(DEFINITION, data) == [
        Problem("/cover/mobile", "手机", "error", "请填写手机", "field.required")]


class Registration(Section):
    credit_code: CreditCode = field("统一社会信用代码")
    mobile: Mobile = field("手机")


REGISTRATION = dataclasses.replace(DEFINITION, id="test-registration", name="登记信息", model=Registration,
                                   rules=RuleSet(), summary=None, derived=None)


def test_credit_code_and_mobile_fields_report_through_validate():
    wrong = KUNMING_COMPANY[:17] + ("0" if KUNMING_COMPANY[-1] != "0" else "1")
    problems = validate(REGISTRATION, {"credit_code": wrong, "mobile": "1388888888"})
    assert problems == [
        Problem("/credit_code", "统一社会信用代码", "error", "统一社会信用代码校验位不正确，请核对营业执照",
                "field.uscc_checksum"),
        Problem("/mobile", "手机", "error", MOBILE_MESSAGE, "field.mobile"),
    ]


def test_valid_codes_pass_validate_and_are_normalised_in_the_model_only():
    data = {"credit_code": KUNMING_COMPANY.lower(), "mobile": " 13888888888 "}
    assert validate(REGISTRATION, data) == []
    model, errors = lenient_model(REGISTRATION, data)
    assert errors == []
    assert model.credit_code == KUNMING_COMPANY
    assert model.mobile == "13888888888"
    assert data == {"credit_code": KUNMING_COMPANY.lower(), "mobile": " 13888888888 "}
