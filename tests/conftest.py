import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
DATA = Path(__file__).resolve().parent / "data"
XINHUA = CORPORA / "xinhua-2020-12-02-xi-ipr-protection.en-zhhant.txt"
CHINADAILY = CORPORA / "chinadaily-2020-12-02-xi-ipr-protection.en.txt"

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
