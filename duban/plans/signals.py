"""Signals the plans app sends, so that apps built on plans can follow them without plans importing them."""

from django.dispatch import Signal

#: Sent when ``importing.import_plan`` has written a new plan with all its tasks, items and
#: assignments (keyword argument ``plan``).  Plan's own post_save comes too early for that: the
#: plan row is saved before its items.
plan_imported = Signal()
