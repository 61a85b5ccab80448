"""Working days (工作日): the layered calendar of national, regional and zone rest days.

The pure engine lives in ``duban.workdays.engine`` (no Django import); the data it
reads lives in ``duban/workdays/data/``.  See docs/workdays.md.
"""
