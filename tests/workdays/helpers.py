"""Small helpers shared by the working-day tests."""

import datetime as dt


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every date from first to last, both included."""
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def table_rows(html: str, table_class: str) -> list[list[str]]:
    """The text of each body cell, row by row, of the page's <table class="{table_class}">."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.rows, self.in_body = 0, [], False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and table_class in (dict(attrs).get("class") or "").split():
                self.depth = 1
            elif self.depth and tag == "tbody":
                self.in_body = True
            elif self.in_body and tag == "tr":
                self.rows.append([])
            elif self.in_body and tag == "td":
                self.rows[-1].append("")

        def handle_endtag(self, tag):
            if tag == "table" and self.depth:
                self.depth, self.in_body = 0, False

        def handle_data(self, data):
            if self.in_body and self.rows and self.rows[-1]:
                self.rows[-1][-1] += data.strip()

    parser = Rows()
    parser.feed(html)
    return parser.rows
