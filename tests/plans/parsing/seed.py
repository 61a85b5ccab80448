"""Where the seed plan lives: the demo's copy, which the lead's demo loads too."""

from pathlib import Path

SEED_PATH = Path(__file__).resolve().parents[3] / "duban" / "demo" / "data" / "zhundong-2020-fangguanfu-plan.txt"
