"""Passwords: at least 8 characters, from at least 3 of uppercase, lowercase, digits and symbols."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from duban.demo.loading import DEMO_ACCOUNTS
from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize("password", [
    "Kqzvwmr7",        # upper, lower, digit
    "kqzvw7mr!",       # lower, digit, symbol
    "KQZVW-7MR",       # upper, symbol, digit
    "Kqzvwmr!",        # upper, lower, symbol
    "督办kqzv2020",     # 汉字 count as symbols: outside every dictionary of Latin passwords
    TEST_PASSWORD,
    *(account.password for account in DEMO_ACCOUNTS),
])
def test_accepted(password):
    validate_password(password)


@pytest.mark.parametrize(("password", "message"), [
    ("Ab1!", "至少需要 8 个字符"),
    ("kqzvwmrtx", "至少 3 类（当前只有 1 类）"),
    ("kqzv71425", "至少 3 类（当前只有 2 类）"),
    ("KQZVWMRTX", "至少 3 类"),
    ("7142583690", "至少 3 类"),
    ("Kqzvwmrtx", "至少 3 类（当前只有 2 类）"),
])
def test_refused_with_a_chinese_reason(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(message in m for m in refused.value.messages), refused.value.messages


def test_a_short_simple_password_gets_both_reasons():
    with pytest.raises(ValidationError) as refused:
        validate_password("abc")
    assert len([m for m in refused.value.messages if "至少" in m]) >= 2


def test_the_rule_is_explained_in_chinese():
    assert any("大写字母、小写字母、数字、符号中的至少 3 类" in text for text in password_validators_help_texts())
