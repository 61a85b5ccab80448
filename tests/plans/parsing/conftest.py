import pytest

from duban.plans.parsing import parse_plan

from .seed import SEED_PATH


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def seed_plan(seed_text):
    return parse_plan(seed_text)
