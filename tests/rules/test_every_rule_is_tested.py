"""Each rule in the pipeline has its own tests in this folder, calling it by name."""
from pathlib import Path

from cleaners.pipeline import ORDER, _rules

REGISTRY = _rules()  # (the rules register when imported, which the pipeline does on first use)


def test_every_rule_in_the_pipeline_is_registered_and_tested():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py") if p.name != Path(__file__).name)
    assert set(ORDER) == set(REGISTRY)
    untested = [name for name in ORDER if f"apply({REGISTRY[name].__name__}," not in tests]
    assert untested == []
