"""The plan parser on long plans: seconds for a 300-page plan, and seconds per MB at two sizes.

``python -m benchmarks parser`` builds plans of four shapes from the seed plan's task part
(repeated until long enough), times ``parse_plan`` on each (best of a few runs), and prints per
shape the time of a 300-page plan, the time per MB of text at a small and a large size, and the
ratio large/small: about 1 when parsing time grows linearly with the text.  The last line is one
JSON object.

The shapes:
  typed   one paragraph per line, as typed or exported as text;
  pdf     the same cut into lines of 28 characters, as a PDF's text layer gives it, so every
          paragraph is joined again by the margin rule;
  pasted  the whole plan on one line, a space between paragraphs, as pasted from a web page;
  table   one tab-separated row per item, as the .docx/.xlsx readers write a 任务分工表;
  flattened  that table one cell per line, as a web page or a PDF's text layer gives it;
  item    one item whose text runs on for the whole plan (its clauses and targets all in one item).

A page of an official document holds 22 lines of 28 characters (GB/T 9704), so 300 pages are
184,800 characters.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from duban.plans.parsing import parse_plan

from .timing import best_of

SEED = Path(__file__).resolve().parents[1] / "duban" / "demo" / "data" / "zhundong-2020-fangguanfu-plan.txt"
PAGE_CHARACTERS = 22 * 28
LINE_WIDTH = 28
MB = 1_000_000


def _seed_parts() -> tuple[str, list[str]]:
    """The seed's lines before its task part, and the lines of its tasks."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(index for index, line in enumerate(lines) if line.startswith("二、"))
    end = next(index for index, line in enumerate(lines) if line.startswith("三、"))
    return "\n".join(lines[: start + 1]), lines[start + 1 : end]


def _repeated(lines: list[str], characters: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < characters:
        out += lines
        total += sum(len(line) + 1 for line in lines)
    return out


def typed(characters: int) -> str:
    head, tasks = _seed_parts()
    return head + "\n" + "\n".join(_repeated(tasks, characters))


def pdf(characters: int) -> str:
    cut = []
    for line in typed(characters).split("\n"):
        cut += [line[start : start + LINE_WIDTH] for start in range(0, len(line), LINE_WIDTH)]
    return "\n".join(cut)


def pasted(characters: int) -> str:
    return typed(characters).replace("\n", " ")


def table(characters: int) -> str:
    seed = parse_plan(SEED.read_text(encoding="utf-8"))
    rows = [
        "\t".join([str(number), task.title, item.text, "、".join(item.lead), "、".join(item.cooperating), "2020年底前"])
        for number, (task, item) in enumerate(((task, item) for task in seed.tasks for item in task.items), start=1)
    ]
    header = "\t".join(["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "完成时限"])
    body = _repeated(rows, characters)
    # Row numbers go on in sequence, as a long table's 序号 do.
    body = [str(number) + row[row.index("\t") :] for number, row in enumerate(body, start=1)]
    return "\n".join([seed.title, header, *body])


def flattened(characters: int) -> str:
    """The table flattened one cell per line, as a web page or a PDF gives it."""
    lines = table(characters).split("\n")
    return "\n".join([lines[0], *(cell for line in lines[1:] for cell in line.split("\t"))])


def item(characters: int) -> str:
    """One item whose text is every seed item's, over and over: thousands of clauses and targets."""
    seed = parse_plan(SEED.read_text(encoding="utf-8"))
    texts = _repeated([item.text for item in seed.items], characters)
    return "\n".join([seed.title, "二、主要任务", "（一）深化改革", "1." + "".join(texts), "牵头单位：经发局"])


SHAPES: dict[str, Callable[[int], str]] = {
    "typed": typed, "pdf": pdf, "pasted": pasted, "table": table, "flattened": flattened, "item": item,
}


def measure(shape: str, pages: int, small_mb: float, large_mb: float, repeats: int) -> dict:
    build = SHAPES[shape]
    result: dict = {}
    text = build(pages * PAGE_CHARACTERS)
    result["pages_s"] = best_of(repeats, lambda: parse_plan(text))
    for name, size in (("small", small_mb), ("large", large_mb)):
        # Characters of the seed are 3 bytes in UTF-8: size the text by its bytes.
        text = build(int(size * MB / 3))
        megabytes = len(text.encode("utf-8")) / MB
        seconds = best_of(repeats if name == "small" else max(1, repeats - 1), lambda: parse_plan(text))
        result[f"{name}_mb"] = round(megabytes, 2)
        result[f"{name}_s_per_mb"] = seconds / megabytes
    result["ratio"] = result["large_s_per_mb"] / result["small_s_per_mb"]
    print(
        f"{shape:7} {pages} pages in {result['pages_s']:.2f} s; "
        f"{result['small_mb']:.1f} MB: {result['small_s_per_mb']:.2f} s/MB; "
        f"{result['large_mb']:.1f} MB: {result['large_s_per_mb']:.2f} s/MB; "
        f"ratio large/small {result['ratio']:.2f}"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks parser", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--small-mb", type=float, default=1.0)
    parser.add_argument("--large-mb", type=float, default=4.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    args = parser.parse_args(argv)
    results = {shape: measure(shape, args.pages, args.small_mb, args.large_mb, args.repeats) for shape in args.shapes.split(",")}
    print(json.dumps(results))
    return 0
