"""The nightly housekeeping: files no one will ask for again, removed.

An app registers a cleaner — a function that removes what is past keeping and says in one Chinese
line what it removed — from its ``AppConfig.ready()``; ``duban cleanup`` runs every cleaner
(``--enqueue``: in the worker, as the nightly timer ``deploy/duban-cleanup.timer`` does).  So the
export files and the plan uploads waiting for a confirmation are cleaned by one command, and
neither app needs to know the other.
"""

from __future__ import annotations

from collections.abc import Callable

from .interface import task

_CLEANERS: dict[str, Callable[[], str]] = {}


def register(name: str, clean: Callable[[], str]) -> None:
    """Have ``clean`` run by every cleanup; ``name`` keeps a second registration from doubling it."""
    _CLEANERS[name] = clean


def clean_all() -> str:
    """Run every registered cleaner; what each removed, one line each."""
    return "\n".join(clean() for clean in _CLEANERS.values())


@task()
def cleanup_task() -> str:
    return clean_all()
