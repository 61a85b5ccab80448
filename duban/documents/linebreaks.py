"""Breaking a 公文 title into lines (GB/T 9704-2012, 7.3.1), and measuring text in characters.

The standard sets the title in 2号 type, on one line or several, centred; where it runs onto more
lines, “回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形”: no word cut in
two, lines of balanced length, and three or more lines shaped as a trapezoid (each line longer, or
each shorter, than the one above) or a diamond (the middle longest), never an hourglass.

``title_lines(text, capacity)`` chooses the breaks: as few lines as the width needs, then the
breaks whose lines differ least in length, each break costed by what it would cut:

- never: inside a number or a Latin word, between a number and its unit (2020年, 6月), before
  punctuation that may not start a line (，。、”》）…) or after punctuation that may not end one
  (“《（), inside a short quoted term (“放管服”);
- free: after a closing quote, bracket or comma, before an opening one, before 关于, before a
  number (a date starts), after a date (2020年|深化);
- cheap: at the edge of a word the title vocabulary below knows (改革|工作|台账);
- dear: between two characters of which neither is known to end or start a word (准|东), or before
  的 (a line does not start with the particle), or inside a book title 《…》.

No dictionary of the whole language: duban's titles are made of a plan's title and a few fixed
words, which the vocabulary holds; an unknown name is only broken where nothing better fits.
Pure Python, no Django.
"""

from __future__ import annotations

import math
import unicodedata

#: Characters that may not begin a line (避头) and may not end one (避尾).
NO_LINE_START = set("，。、；：？！）》”’」』〕】…%·")
NO_LINE_END = set("（《“‘「『〔【")
CLOSING = set("，、；：）》”’」』〕】")
OPENING = set("（《“‘「『〔【")
#: What follows a number and belongs to it.
UNITS = set("年月日号期季度项个件次%")
#: A quoted term this short is one word: “放管服”, “最多跑一次”.
SHORT_QUOTE = 8

#: Words of the titles duban writes (and of plan titles), longest matched first.
VOCABULARY = frozenset("""
关于 印发 转发 开发区 高新区 新区 园区 管委会 领导小组 办公室 改革 深化 优化 营商 环境 放管服 工作 方案 实施
台账 报送 情况 进展 报告 通报 通知 意见 决定 批复 函 纪要 结果 绩效 考核 年度 季度 对账单 对账 销号 督办 催办
通知单 催办单 推进 落实 重点 任务 事项 部门 政务 服务 审批 制度 专项 行动 整改 检查 评估 评价 考评 监督
""".split())
_LONGEST_WORD = max(map(len, VOCABULARY))

NEVER = 1000.0
FREE = 0.0
CHEAP = 4.0
DEAR = 20.0
#: Balance: each line's difference from the mean length, squared, at this weight — a quarter, so
#: that lines two characters apart cost what a break at a mere word edge costs, and a break where a
#: date or a quote starts is worth lines a few characters less even.
UNEVEN = 0.25
BOOK = 6.0  # added for a break inside 《…》: a book title is a unit too, but often longer than a line
HOURGLASS = 1000.0  # a middle line shorter than both its neighbours
EXTRA_LINE = 12.0  # one line more than the width needs: less than cutting a word (DEAR)


def width_in_characters(text: str) -> float:
    """Width in full-width characters: Chinese characters and punctuation 1, Latin letters and digits ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


#: The space a word processor may add between a Chinese character and a Latin letter or digit
#: (Word's and WPS's “automatic spacing”, which the title switches off; LibreOffice adds it anyway).
AUTOMATIC_SPACE = 0.25


def title_lines(text: str, capacity: float) -> list[str]:
    """``text`` as the lines of a title at most ``capacity`` characters wide (see the module's rules).

    Widths are measured with the automatic space between Chinese and digits counted in, so a line
    fits whether or not the word processor adds it."""
    text = "".join(text.split())  # the caller's spaces and line breaks are not the title's
    total = sum(_set_widths(text))
    if total <= capacity or len(text) < 2:
        return [text] if text else []
    costs = break_costs(text)
    widths = _set_widths(text)
    fewest = math.ceil(total / capacity)
    best: tuple[float, list[int]] | None = None
    for lines in (fewest, fewest + 1):
        if lines > len(text):
            break
        found = _best_breaks(widths, costs, lines, capacity)
        if found is not None:
            cost = found[0] + EXTRA_LINE * (lines - fewest)
            if best is None or cost < best[0]:
                best = (cost, found[1])
    if best is None:  # nothing fits (a run no break may cut is wider than a line): cut where it must
        return _cut(text, widths, capacity)
    edges = [0, *best[1], len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:])]


def _set_widths(text: str) -> list[float]:
    """Each character's width, with the automatic space before it when it starts a change between
    Chinese and Latin letters or digits."""
    widths = []
    for i, c in enumerate(text):
        width = width_in_characters(c)
        if i and _latin(c) != _latin(text[i - 1]) and not (text[i - 1] in CLOSING | OPENING or c in CLOSING | OPENING):
            width += AUTOMATIC_SPACE
        widths.append(width)
    return widths


def break_costs(text: str) -> list[float]:
    """``costs[i]``: what breaking the line before ``text[i]`` costs (index 0 unused)."""
    words = _word_edges(text)
    inside_quote = _inside(text, "“", "”", SHORT_QUOTE)
    inside_book = _inside(text, "《", "》", None)
    costs = [NEVER] * len(text)
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if after in NO_LINE_START or before in NO_LINE_END or inside_quote[i]:
            cost = NEVER
        elif _latin(before) and _latin(after):
            cost = NEVER
        elif (before.isdigit() or _ends_number(text, i)) and (after in UNITS or after.isdigit()):
            cost = NEVER  # inside 2020年, 2020年6月, 2020年度
        elif before in CLOSING or after in OPENING or text.startswith("关于", i):
            cost = FREE
        elif text.endswith("关于", 0, i):
            cost = DEAR  # a line does not end with the preposition
        elif after.isdigit() or _ends_number(text, i):
            cost = FREE  # a number starts, or has ended: 工作|2020年6月|进展
        elif after == "的":
            cost = DEAR
        elif i in words:
            cost = CHEAP
        else:
            cost = DEAR
        if cost < NEVER and inside_book[i]:
            cost += BOOK
        costs[i] = cost
    return costs


def _best_breaks(widths: list[float], costs: list[float], lines: int, capacity: float):
    """The cheapest ``lines - 1`` breaks: (cost, positions), or None when the lines cannot fit."""
    n = len(widths)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    mean = prefix[-1] / lines
    best: list = [None]

    def search(start: int, left: int, chosen: list[int], spent: float, lengths: list[float]) -> None:
        if best[0] is not None and spent >= best[0][0]:
            return
        if left == 1:
            last = prefix[n] - prefix[start]
            if last > capacity:
                return
            shape = [*lengths, last]
            cost = spent + UNEVEN * (last - mean) ** 2 + _hourglass(shape)
            if best[0] is None or cost < best[0][0]:
                best[0] = (cost, list(chosen))
            return
        for end in range(start + 1, n - left + 2):
            length = prefix[end] - prefix[start]
            if length > capacity:
                break
            if prefix[n] - prefix[end] > capacity * (left - 1):
                continue
            chosen.append(end)
            search(end, left - 1, chosen, spent + costs[end] + UNEVEN * (length - mean) ** 2, [*lengths, length])
            chosen.pop()

    search(0, lines, [], 0.0, [])
    return best[0]


def _hourglass(lengths: list[float]) -> float:
    """Three lines or more: a middle line shorter than the lines on both sides is an hourglass."""
    return sum(HOURGLASS for a, b, c in zip(lengths, lengths[1:], lengths[2:]) if b < a and b < c)


def _cut(text: str, widths: list[float], capacity: float) -> list[str]:
    lines, start, width = [], 0, 0.0
    for i, w in enumerate(widths):
        if width + w > capacity and i > start:
            lines.append(text[start:i])
            start, width = i, 0.0
        width += w
    return [*lines, text[start:]]


def _word_edges(text: str) -> set[int]:
    """Positions where a vocabulary word starts or ends (forward longest match)."""
    edges: set[int] = set()
    i = 0
    while i < len(text):
        for size in range(min(_LONGEST_WORD, len(text) - i), 1, -1):
            if text[i:i + size] in VOCABULARY:
                edges.update((i, i + size))
                i += size
                break
        else:
            i += 1
    return edges


def _inside(text: str, opening: str, closing: str, longest: int | None) -> list[bool]:
    """``inside[i]``: position ``i`` lies between ``opening`` and ``closing`` (of at most ``longest``
    characters between them, when given), so a break there would cut the quoted text."""
    inside = [False] * (len(text) + 1)
    start = None
    for i, c in enumerate(text):
        if c == opening:
            start = i
        elif c == closing and start is not None:
            if longest is None or i - start - 1 <= longest:
                for k in range(start + 2, i):
                    inside[k] = True
            start = None
    return inside


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _ends_number(text: str, i: int) -> bool:
    """Does ``text[:i]`` end with a number and its units (2020年, 6月, 2020年度)?"""
    j = i
    while j > 0 and text[j - 1] in UNITS:
        j -= 1
    return j < i and j > 0 and text[j - 1].isdigit()
