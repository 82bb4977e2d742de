"""Digests of reference outputs, so that a change which should keep behaviour is seen to.

Three references: the baseline run's tables, a small sweep's gathered tables, and each
claim's quick-mode runs. A digest is a SHA-256 over each table's column names, dtypes and
values (pandas' row hashes, so one bit in one float changes it). The recorded values live
in ``tests/regression_digests.json``. When a change is meant to alter outputs, run

    python tests/regression.py            # every reference
    python tests/regression.py baseline   # or some of: baseline sweep C1 ... C8

and commit the new file on its own, saying why the numbers moved.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

DIGESTS = Path(__file__).with_name("regression_digests.json")
SWEEP_ARGS = ["-m", "seed=0,1", "scenario=baseline,price_war", "population=small", "run=smoke"]
"""The reference sweep: two scenarios by two seeds at smoke size (four runs)."""


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a table's columns, dtypes and every value, row order included."""
    digest = hashlib.sha256()
    digest.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def tables_digest(directory: Path) -> dict[str, str]:
    """Digests of every Parquet table in ``directory``, by table name."""
    return {p.stem: frame_digest(pd.read_parquet(p)) for p in sorted(Path(directory).glob("*.parquet"))}


def baseline_digest() -> dict[str, str]:
    """The baseline scenario at its default size and seed, every table."""
    import sim

    results = sim.run(sim.default_config())
    with tempfile.TemporaryDirectory() as tmp:
        results.to_parquet(tmp)
        return tables_digest(Path(tmp))


def sweep_digest() -> dict[str, str]:
    """The reference sweep, run by ``sim -m`` and gathered by ``sim-gather``."""
    with tempfile.TemporaryDirectory() as tmp:
        sweep = Path(tmp) / "sweep"
        command = [sys.executable, "-m", "sim", *SWEEP_ARGS, f"hydra.sweep.dir={sweep}"]
        subprocess.run(command, cwd=tmp, check=True, capture_output=True)
        gather = [sys.executable, "-c", "from sim.cli import gather_main; gather_main()", str(sweep)]
        subprocess.run(gather, cwd=tmp, check=True, capture_output=True)
        return tables_digest(sweep / "gathered")


def claim_digest(claim_id: str, directory: Path | None = None) -> str:
    """Digest of a claim's quick-mode outcomes (every arm at every point and seed); the run
    digests, which hash the claim's source and the config's layout, are left out."""
    from experiments.claims import CLAIMS
    from experiments.claims.engine import SIZES, run_claim

    with tempfile.TemporaryDirectory() as tmp:
        _, runs = run_claim(CLAIMS[claim_id], SIZES["quick"], Path(directory or tmp), progress=False)
    return frame_digest(runs.drop(columns="digest"))


def recorded() -> dict:
    return json.loads(DIGESTS.read_text())


def update(names: list[str]) -> None:
    from experiments.claims import CLAIMS

    digests = recorded() if DIGESTS.exists() else {"claims": {}}
    for name in names or ["baseline", "sweep", *CLAIMS]:
        if name == "baseline":
            digests["baseline"] = baseline_digest()
        elif name == "sweep":
            digests["sweep"] = sweep_digest()
        elif name in CLAIMS:
            digests["claims"][name] = claim_digest(name)
        else:
            raise SystemExit(f"unknown reference {name!r}: baseline, sweep or one of {', '.join(CLAIMS)}")
        print(f"recorded {name}", flush=True)
    DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    update(sys.argv[1:])
