"""Recorded outputs stay the same unless a change means to move them (see tests/regression.py).

A failure here after a change that should keep behaviour is a bug; after one that should
not, re-record with ``python tests/regression.py NAME`` and commit the file with the reason.
"""

from __future__ import annotations

import pytest

from experiments.claims import CLAIMS
from tests import regression


def test_the_baseline_tables_are_as_recorded():
    assert regression.baseline_digest() == regression.recorded()["baseline"]


@pytest.mark.slow
def test_a_small_sweep_gathers_as_recorded():
    assert regression.sweep_digest() == regression.recorded()["sweep"]


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(CLAIMS))
def test_each_claims_quick_outcomes_are_as_recorded(claim_id, quick_claim_runs):
    """The runs made this session (shared with the claim's end-to-end test, tests/conftest.py)."""
    assert regression.claim_digest(claim_id, quick_claim_runs(claim_id)) == regression.recorded()["claims"][claim_id]
