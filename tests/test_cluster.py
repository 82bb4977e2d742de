"""Sweeps beyond one machine: the same small sweep on a Ray cluster that the test starts on
127.0.0.1 (through Hydra's Ray launcher and through ``sim.sweep``'s Ray backend) and on
submitit's local executor (standing in for SLURM) gathers the very tables that Hydra's basic
launcher does, and leaves no process behind; the backends by name; ``--batches``; a machine
with other code runs nothing.

Where no cluster answers, or the extra is missing, every command that would use one ends in
one line saying what to do, before it writes anything.

The Ray and submitit tests run where the ``ray`` and ``slurm`` extras are installed (``make
test`` installs them); the tests of a missing extra hide its modules, so they run everywhere.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import sim
import sim.cli
from sim import runs
from sim.experiment import BACKENDS, LocalCores, backend_named
from sim.store import BATCHES, Store, outcome, run_batch, start_sweep
from tests import regression
from tests.conftest import small_config

SIM = [sys.executable, "-m", "sim"]
GATHER = [sys.executable, "-c", "from sim.cli import gather_main; gather_main()"]
SWEEP_SCENARIOS, SWEEP_SEEDS = ["baseline", "price_war"], [0, 1]
SWEEP_OVERRIDES = ["population=small", "run=smoke"]
"""The reference sweep of tests/regression.py (``SWEEP_ARGS``), as ``sim.sweep`` takes it."""
RAY_EXTRA = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason='the ray extra is not installed (pip install -e ".[ray]")')
SLURM_EXTRA = pytest.mark.skipif(importlib.util.find_spec("submitit") is None,
                                 reason='the slurm extra is not installed (pip install -e ".[slurm]")')
RAY_START_S = 300
"""How long a Ray head may take to start, in seconds (about 10 s on a quiet machine)."""
STOP_GRACE_S = 5
"""How long the test's Ray processes get to stop after SIGTERM before they are killed."""


CLAIMS = [sys.executable, "-m", "experiments.claims.cli"]
CALIBRATION = [sys.executable, "-m", "experiments.history"]
REFUSAL_S = 180
"""How long a command may take to refuse, in seconds (a few on a quiet machine); without the
check, Ray waits about 14 minutes at an address where nothing listens."""


def run(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 300) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def processes(session: int | None = None, mentioning: str | None = None) -> list[str]:
    """Live processes (not zombies) of a session, or whose command line mentions a path."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        state, sid = fields[0], int(fields[3])
        if state != "Z" and (sid == session or (mentioning is not None and mentioning in command)):
            found.append(f"{stat.parent.name}: {command[:120]}")
    return found


def signal_session(session: int, signum: int) -> None:
    """Signal every process of a session this test started (a session's id is its leader's)."""
    try:
        os.killpg(session, signum)
    except ProcessLookupError:
        pass  # every process of it has ended


def gathered_digest(sweep: Path, cwd: Path, env: dict | None = None) -> dict[str, str]:
    run([*GATHER, str(sweep)], cwd, env)
    return regression.tables_digest(sweep / "gathered")


@pytest.fixture(scope="module")
def basic_launcher_digest() -> dict[str, str]:
    """The reference sweep's gathered tables, run by Hydra's basic launcher in one process."""
    return regression.sweep_digest()


RAY_START_ATTEMPTS = 3
"""How many times the fixture starts a Ray head: under heavy load the raylet can miss Ray's
fixed 30 s to register with the head, and ``ray start --head`` fails."""


def start_ray_head(ray: Path, temp: Path, env: dict, attempt: int) -> tuple[subprocess.Popen, str, str]:
    """``ray start --head`` on a free port of 127.0.0.1, in a session of its own, logging to a file
    of this attempt: the head, its address once Ray says it started (else ""), and why it did
    not (it ended, or took longer than RAY_START_S: the end of its log)."""
    port = free_port()
    log = temp / f"ray-start-{attempt}.log"
    with open(log, "w") as out:
        head = subprocess.Popen(
            [str(ray), "start", "--head", "--block", "--node-ip-address", "127.0.0.1", "--port", str(port),
             "--num-cpus", "2", "--include-dashboard=false", "--disable-usage-stats",
             "--temp-dir", str(temp)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + RAY_START_S
    while "Ray runtime started" not in log.read_text():
        if head.poll() is not None or time.monotonic() > deadline:
            ended = f"exit code {head.poll()}" if head.poll() is not None else f"no start within {RAY_START_S} s"
            return head, "", f"{ended}:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)
    return head, f"127.0.0.1:{port}", ""


def stop_session(head: subprocess.Popen) -> None:
    """Stop every process of a head's session, by the session's id: SIGTERM, then SIGKILL for
    what remains after STOP_GRACE_S; reap the head."""
    signal_session(head.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    while processes(session=head.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    signal_session(head.pid, signal.SIGKILL)
    head.wait(timeout=30)


@pytest.fixture
def ray_head() -> Iterator[tuple[str, dict]]:
    """A Ray head of 2 CPUs on 127.0.0.1, in a session of its own: its address and the
    environment to reach it with (a home of its own, where Ray keeps its token). A head that
    fails to start is stopped, by its session, and started again, RAY_START_ATTEMPTS times at
    most (the last attempt's log is the failure). At teardown every process of the session is
    stopped, by the session's id.

    Stopping by session, not ``ray stop --force``: that stops every Ray process of this user on
    the machine, the heads of tests running beside this one among them."""
    ray = Path(sys.executable).with_name("ray")
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # short: Ray's socket paths have 107 characters
    (temp / "home").mkdir()
    env = {**os.environ, "HOME": str(temp / "home"), "RAY_USAGE_STATS_ENABLED": "0"}
    heads: list[subprocess.Popen] = []
    try:
        for attempt in range(1, RAY_START_ATTEMPTS + 1):
            head, address, failure = start_ray_head(ray, temp, env, attempt)
            heads.append(head)
            if address:
                break
            stop_session(head)  # a head half started, before the next attempt
        else:
            pytest.fail(f"the Ray head did not start in {RAY_START_ATTEMPTS} attempts; the last ended with "
                        f"{failure}")
        yield address, env
    finally:
        if heads:
            stop_session(heads[-1])
        time.sleep(1)
        for head in heads:
            assert not processes(session=head.pid, mentioning=str(temp)), "a Ray process survived its cluster"
        shutil.rmtree(temp, ignore_errors=True)


@RAY_EXTRA
def test_the_sweep_on_a_ray_cluster_gathers_what_the_basic_launcher_does(
        ray_head, basic_launcher_digest, tmp_path):
    """Both ways onto one cluster (one test, so that parallel test workers start one cluster):
    ``sim -m`` with Hydra's Ray launcher, and ``sim.sweep`` with the Ray backend."""
    address, env = ray_head
    sweep = tmp_path / "sweep"
    run([*SIM, *regression.SWEEP_ARGS, "hydra/launcher=ray_cluster",
         f"hydra.launcher.ray.init.address={address}", "--batches", "3", f"hydra.sweep.dir={sweep}"],
        tmp_path, env)
    assert gathered_digest(sweep, tmp_path, env) == basic_launcher_digest
    batches = [p for p in (sweep / BATCHES / Store(sweep).current()).iterdir() if p.is_dir()]
    assert len(batches) == 3, "--batches 3 cuts the sweep into three batch jobs"

    script = (
        "import json, sys\n"
        "from sim.experiment import ray_cluster, sweep\n"
        "from tests.regression import tables_digest\n"
        f"backend = ray_cluster({address!r})\n"
        f"swept, again = (sweep({SWEEP_SCENARIOS!r}, {SWEEP_SEEDS!r}, {SWEEP_OVERRIDES!r}, "
        "store=sys.argv[1], backend=backend, progress=False) for _ in range(2))\n"
        "print(json.dumps({'workers': backend.workers, 'ran': swept.outcome.ran, "
        "'batches': len(swept.outcome.sweep.batches), 'digest': tables_digest(swept.store / 'gathered'), "
        "'again': [again.outcome.ran, again.outcome.checked]}))\n"
    )
    root = Path(__file__).resolve().parents[1]  # where `tests.regression` imports from
    out = run([sys.executable, "-c", script, str(tmp_path / "store")], root, env).strip().splitlines()[-1]
    swept = json.loads(out)
    assert (swept["workers"], swept["batches"], swept["ran"]) == (2, 2, 4), (
        "one batch per CPU of the cluster; every run ran on it")
    assert swept["digest"] == basic_launcher_digest
    assert swept["again"] == [0, 4], "resumed on the cluster: every run checked, none redone"
    assert not processes(mentioning=str(tmp_path)), "a process of the sweeps survived them"


@SLURM_EXTRA
def test_a_sweep_on_submitits_local_executor_gathers_what_the_basic_launcher_does(
        basic_launcher_digest, tmp_path):
    sweep = tmp_path / "sweep"
    run([*SIM, *regression.SWEEP_ARGS, "hydra/launcher=submitit_local", f"hydra.sweep.dir={sweep}"], tmp_path)
    assert gathered_digest(sweep, tmp_path) == basic_launcher_digest
    assert not processes(mentioning=str(tmp_path)), "a submitit job survived the sweep"


def test_backends_by_name():
    assert backend_named("loky", workers=3) == LocalCores(3)
    assert backend_named("loky").workers == (os.cpu_count() or 1)
    assert set(BACKENDS) == {"loky", "ray"}
    with pytest.raises(ValueError, match="unknown backend 'dask': choose from loky, ray"):
        backend_named("dask")
    with pytest.raises(ValueError, match="takes no address"):
        backend_named("loky", address="127.0.0.1:6379")
    with pytest.raises(ValueError, match="takes no number of workers"):
        backend_named("ray", workers=4)


def test_local_cores_return_results_in_the_order_of_the_tasks():
    tasks = [(2, n) for n in range(7)]
    expected = [2**n for n in range(7)]
    assert sim.local_cores(2).map(pow, tasks) == sim.local_cores(1).map(pow, tasks) == expected
    assert sim.local_cores(2).map(pow, []) == []


@pytest.mark.parametrize("argv, message", [
    (["-m", "seed=0,1", "--batches", "0"], "--batches '0': a whole number of 1 or more"),
    (["-m", "seed=0,1", "--batches=two"], "--batches 'two': a whole number of 1 or more"),
    (["seed=0", "--batches", "2"], "--batches is for sweeps"),
])
def test_a_bad_batches_option_stops_before_any_run(tmp_path, argv, message):
    result = subprocess.run([*SIM, *argv, "run=smoke"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "outputs").exists()


def test_a_batch_on_a_machine_with_other_code_runs_nothing(tmp_path, monkeypatch):
    cfg = small_config(adopters=60, end="2023-06")
    store = Store(tmp_path)
    sweep = start_sweep(store, [(f"seed={seed}", cfg, seed) for seed in (0, 1)], batches=1)
    monkeypatch.setattr(runs, "code_version", lambda: "other code")
    run_batch(sweep.batches[0])
    result = outcome(sweep)
    assert result.ran == 0 and len(result.failed) == 2
    assert all("is not the code that defined the sweep" in error for error in result.failed.values())
    assert not list(tmp_path.glob(f"runs/*/{runs.STATUS_FILE}")), "no run was written"


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def refused_in_one_line(command: list[str], cwd: Path, env: dict | None = None) -> str:
    """Run a command that must refuse: exit 2, one line on stderr (returned), nothing written."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=REFUSAL_S)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, f"exit {result.returncode}, not one line:\n{result.stderr}"
    assert not any(cwd.iterdir()), f"written: {sorted(p.name for p in cwd.iterdir())}"
    return lines[0]


SWEEP_ON_RAY = [*SIM, "-m", "seed=0,1", "run=smoke", "population=small", "hydra/launcher=ray_cluster"]
UNREACHABLE = {
    "sim, the address": ([*SWEEP_ON_RAY, "hydra.launcher.ray.init.address={address}"], {},
                         "hydra.launcher.ray.init.address={address}"),
    "sim, RAY_ADDRESS": (SWEEP_ON_RAY, {"RAY_ADDRESS": "{address}"}, "RAY_ADDRESS={address}"),
    "sim-claims": ([*CLAIMS, "C1", "--quick", "--backend", "ray", "--address", "{address}", "--out", "claims"], {},
                   "--address={address}"),
    "calibration": ([*CALIBRATION, "--quick", "--backend", "ray", "--address", "{address}", "--out", "calibration",
                     "--no-repository"], {}, "--address={address}"),
}
"""Every command that takes a Ray cluster's address: its arguments and the environment's
additions, with ``{address}`` where the address goes, and how its message names the address."""


@RAY_EXTRA
@pytest.mark.parametrize("case", UNREACHABLE)
def test_no_ray_cluster_at_the_address_ends_in_one_line_before_anything_is_written(case, tmp_path):
    """Hydra's Ray launcher, ``sim-claims`` and the calibration would wait many minutes for the
    address (then end in a traceback); each says at once which address it tried and what to do."""
    address = f"127.0.0.1:{free_port()}"
    command, environment, named = UNREACHABLE[case]
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    env |= {key: value.format(address=address) for key, value in environment.items()}
    line = refused_in_one_line([argument.format(address=address) for argument in command], tmp_path, env)
    assert f"no Ray cluster answers at {named.format(address=address)}" in line, line
    assert "connection refused" in line and "start one with `ray start --head`" in line, line


def hiding(modules: list[str], entry: str) -> list[str]:
    """A command that runs ``entry`` (``module:function``) in a Python where ``modules`` cannot be
    imported, as where the extra that brings them is not installed: Hydra's plugin scan then
    finds no such plugin, and ``import ray`` fails."""
    module, function = entry.split(":")
    return [sys.executable, "-c", f"import sys; sys.modules.update(dict.fromkeys({modules!r})); "
                                  f"from {module} import {function}; {function}()"]


RAY_MODULES = ["ray", "hydra_plugins.hydra_ray_launcher"]
SLURM_MODULES = ["submitit", "hydra_plugins.hydra_submitit_launcher"]


def sweep_on(launcher: str, hidden: list[str]) -> tuple[list[str], str]:
    return ([*hiding(hidden, "sim.cli:main"), "-m", "seed=0,1", "run=smoke", f"hydra/launcher={launcher}"],
            f"sim: bad configuration: hydra/launcher='{launcher}' is not allowed: ")


WITHOUT_THE_EXTRA = {
    "ray_cluster": (*sweep_on("ray_cluster", RAY_MODULES), "ray"),
    "ray": (*sweep_on("ray", RAY_MODULES), "ray"),
    "submitit_slurm": (*sweep_on("submitit_slurm", SLURM_MODULES), "slurm"),
    "sim-claims": ([*hiding(RAY_MODULES, "experiments.claims.cli:main"), "C1", "--quick", "--backend", "ray",
                    "--out", "claims"], "sim-claims: ", "ray"),
    "calibration": ([*hiding(RAY_MODULES, "experiments.history:main"), "--quick", "--backend", "ray",
                     "--out", "calibration", "--no-repository"], "python -m experiments.history: ", "ray"),
}
"""Each command that chooses a launcher or backend of an extra, where the extra is missing: the
command, how its one line starts, and the extra it must name."""


@pytest.mark.parametrize("case", WITHOUT_THE_EXTRA)
def test_a_launcher_or_backend_whose_extra_is_missing_names_the_extra_and_its_pip_command(case, tmp_path):
    """Hydra said only ``Could not load 'hydra/launcher/ray'``; the backends ended in a traceback."""
    command, start, extra = WITHOUT_THE_EXTRA[case]
    line = refused_in_one_line(command, tmp_path)
    assert line.startswith(start), line
    assert f"the {extra} extra" in line and f'pip install -e ".[{extra}]"' in line, line


GCS_GONE = "Failed to connect to Ray cluster at 192.0.2.2:6379"
"""What ``ray.init`` raises, a ConnectionError, where no Ray head answers at the address it was
given (nothing listening, or something else), after 820 s of its retries on this machine."""


class StoppedRay:
    """Ray where the cluster stopped after the address check: ``ray.init`` cannot connect."""

    @staticmethod
    def is_initialized() -> bool:
        return False

    @staticmethod
    def init(*_, **__):
        raise ConnectionError(GCS_GONE)


@pytest.mark.parametrize("program", ["sim.experiment.ray_cluster", "sim-claims", "calibration"])
def test_a_ray_cluster_that_stops_after_the_check_ends_in_one_line(program, tmp_path, monkeypatch, capsys):
    """``sim-claims`` said it could not write into --out; the calibration and ``ray_cluster``
    ended in Ray's traceback."""
    from experiments import history
    from experiments.claims import cli as claims_cli
    from sim.cluster import ClusterUnavailable

    monkeypatch.setattr(sim.experiment, "ray_module", lambda: StoppedRay)
    monkeypatch.setattr(sim.experiment, "check_ray_address", lambda address, setting: None)  # it answered
    monkeypatch.chdir(tmp_path)
    address = "127.0.0.1:6379"
    if program == "sim.experiment.ray_cluster":
        with pytest.raises(ClusterUnavailable) as error:
            sim.experiment.ray_cluster(address)
        line = str(error.value)
    else:
        main, args = ((claims_cli.main, ["C1", "--quick", "--out", "claims"]) if program == "sim-claims" else
                      (history.main, ["--quick", "--out", "calibration", "--no-repository"]))
        with pytest.raises(SystemExit) as exit_:
            main([*args, "--backend", "ray", "--address", address])
        lines = capsys.readouterr().err.strip().splitlines()
        assert exit_.value.code == 2 and len(lines) == 1, lines
        line = lines[0]
        assert not any(tmp_path.iterdir()), "nothing written"
    assert f"the Ray cluster at {'address' if program.startswith('sim.') else '--address'}={address} answered, " \
           f"then Ray could not connect to it" in line and GCS_GONE in line, line


@RAY_EXTRA
def test_a_ray_cluster_that_stops_before_hydras_launcher_connects_ends_the_sweep_in_one_line(
        tmp_path, monkeypatch, capsys):
    """Hydra's Ray launcher calls ``ray.init`` after ``sim`` found the cluster answering; where the
    cluster stopped in between, the sweep ended in Hydra's traceback."""
    import ray
    from hydra.plugins.sweeper import Sweeper

    monkeypatch.setattr(sim.cli, "check_launcher_reaches_its_cluster", lambda launcher: None)  # it answered
    monkeypatch.setattr(ray, "init", StoppedRay.init)
    monkeypatch.setattr(Sweeper, "validate_batch_is_legal", Sweeper.validate_batch_is_legal)  # sim replaces it
    monkeypatch.setattr(sys, "argv", ["sim"])
    monkeypatch.chdir(tmp_path)
    address, sweep = "127.0.0.1:6379", tmp_path / "sweep"
    with pytest.raises(SystemExit) as exit_:
        sim.cli.main(["-m", "seed=0,1", "run=smoke", "population.adopters=60", "hydra/launcher=ray_cluster",
                      f"hydra.launcher.ray.init.address={address}", f"hydra.sweep.dir={sweep}"])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"sim: the sweep stopped: Ray could not connect to the cluster at "
                           f"hydra.launcher.ray.init.address={address}: {GCS_GONE}"), last
    assert f"rerun the same command to finish the sweep in {sweep}" in last, last
    store = Store(sweep)
    assert {store.check(spec).state for spec in store.specs()} == {runs.PENDING}
