"""Re-record the `regress/reference` suite from the reference model server (hand-written
reference answers, not a model's output) and accept its outputs as golden.

    .venv/bin/python -m tests.record_reference
"""

from __future__ import annotations

from summarizer import ModelConfig
from summarizer.testing.regress import run_suite
from tests.conftest import ROOT
from tests.model.test_model_path import GOOD_SUMMARY, REFERENCE
from tests.reference_server import MODEL, ReferenceServer

SUITE = ROOT / "regress" / "reference"


def main() -> None:
    with ReferenceServer(REFERENCE, summary=GOOD_SUMMARY) as server:
        live = ModelConfig(base_url=server.base_url, api_key="reference", model=MODEL, provider="openai")
        for result in run_suite(SUITE, record=True, update=True, live=live, echo=print):
            assert result.passed, result


if __name__ == "__main__":
    main()
