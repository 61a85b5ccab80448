"""Numbers written in Arabic digits or in Chinese numerals (三, 十五, 二十, 两)."""

from __future__ import annotations

# "〇" (U+3007) is the Chinese zero; "○" (U+25CB, a white circle) is typed for it as often.
_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral_value(text: str) -> float:
    """The value of "20", "0.5", "三", "十五" or "一百二十"; ValueError for anything else."""
    if not text:
        raise ValueError("empty number")
    if text[0] in "0123456789":
        return float(text)
    total = current = 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _MULTIPLIERS:
            total += (current or 1) * _MULTIPLIERS[char]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return float(total + current)
