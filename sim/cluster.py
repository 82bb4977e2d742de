"""Reaching beyond one machine: the optional extras that bring the cluster launchers, and the
check that a Ray cluster answers before a command starts work on it.

Ray and Hydra's cluster launchers are optional extras of the package (``pyproject.toml``:
``ray``, ``slurm``). A command that chooses a launcher, or the Ray backend, where its extra is
not installed is refused naming the extra and the pip command that installs it. A command
that would connect to a Ray cluster (``hydra/launcher=ray_cluster``, ``sim-claims --backend
ray``, the calibration's ``--backend ray``, :func:`sim.experiment.ray_cluster`) first finds the
head's address as ``ray.init`` would and opens a connection to it: where none answers it is
refused in one line naming the address tried and what to do, before any run is written.
Ray itself would retry such an address for about 14 minutes, and Hydra's Ray launcher then
ends in a traceback.

A leaf module; Ray is imported only where a cluster is to be reached (it is optional).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from types import ModuleType

LAUNCHER_EXTRAS = {"ray": "ray", "ray_aws": "ray", "submitit_local": "slurm", "submitit_slurm": "slurm"}
"""Hydra's launcher options that a plugin registers (``hydra/launcher=ray``), by the extra of
``pyproject.toml`` that installs the plugin (``hydra-ray-launcher``, ``hydra-submitit-launcher``)."""

RAY_EXTRA = "ray"
"""The extra that brings Ray (with Hydra's Ray launcher)."""

RAY_LAUNCHER = "hydra_plugins.hydra_ray_launcher.ray_launcher.RayLauncher"
"""The class of Hydra's Ray launcher (``hydra/launcher=ray`` and ``ray_cluster``), which calls
``ray.init`` with ``hydra.launcher.ray.init`` in the sweep's own process."""

RAY_ADDRESS_KEY = "hydra.launcher.ray.init.address"
"""The key that gives Hydra's Ray launcher the cluster's address."""

CONNECT_TIMEOUT_S = 5.0
"""How long the check waits for a Ray head to accept a connection, in seconds (Ray waits as long
for each of its attempts)."""


class ClusterUnavailable(RuntimeError):
    """No Ray cluster to work on here: the extra is not installed, or no cluster answers at the
    address. The message is one line saying what was tried and what to do."""


def install_command(extra: str) -> str:
    """The pip command that installs one of the package's extras into an editable checkout."""
    return f'pip install -e ".[{extra}]"'


def ray_module() -> ModuleType:
    """The ``ray`` module, or ClusterUnavailable naming the extra that brings it."""
    try:
        import ray
    except ImportError:
        raise ClusterUnavailable(f"Ray is not installed here: it comes with the {RAY_EXTRA} extra "
                                 f"({install_command(RAY_EXTRA)})") from None
    return ray


def check_ray_address(address: str | None, setting: str) -> None:
    """Refuse a Ray cluster's address where no cluster answers, before any work.

    Args:
        address: as ``ray.init`` takes it: ``"HOST:PORT"`` (the head's port), ``"ray://HOST:PORT"``
            (Ray Client), ``"auto"`` (``RAY_ADDRESS``, else the cluster last started on this
            machine with ``ray start``), None (the same, but a Ray of its own is started when
            there is none: nothing to check then), ``"local"`` (a Ray of its own).
        setting: the key that sets the address, for the message (``--address``,
            :data:`RAY_ADDRESS_KEY`).

    Raises ClusterUnavailable: Ray is not installed, the address is not one, no cluster is found
    for ``"auto"``, or nothing accepts a connection at the head's host and port.
    """
    remedy = f"start one with `ray start --head`, or give a running cluster's head with {setting}=HOST:PORT"
    given = address_given(address, setting)
    head = _head(address, given, remedy)
    if head is None:
        return  # ray.init starts a Ray of its own on this machine
    host, _, port = head.rpartition(":")
    if not host or not port.isdigit():
        raise ClusterUnavailable(f"{given} is {ADDRESS_FORMS}")
    resolved = "" if given.endswith(f"={head}") else f" (Ray connects to {head})"
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as error:
        reason = (error.strerror or str(error) or type(error).__name__).lower()
        raise ClusterUnavailable(f"no Ray cluster answers at {given}{resolved}: {reason}; {remedy}") from None


def address_given(address: str | None, setting: str) -> str:
    """What gave a Ray cluster's address, as a message names it: ``RAY_ADDRESS=...`` where
    ``ray.init`` takes it from there (no address, or ``auto``), else ``SETTING=ADDRESS``."""
    from_environment = address in (None, "auto") and os.environ.get("RAY_ADDRESS")
    return f"RAY_ADDRESS={from_environment}" if from_environment else f"{setting}={address}"


ADDRESS_FORMS = "no Ray address (HOST:PORT, ray://HOST:PORT or auto)"


def _head(address: str | None, given: str, remedy: str) -> str | None:
    """The ``HOST:PORT`` that ``ray.init(address=address)`` connects to (Ray Client's for
    ``ray://``), found as Ray finds it; None where Ray would start a Ray of its own."""
    if address is not None and address.startswith("ray://"):
        return address.removeprefix("ray://")
    ray_module()
    from ray._private import services  # how ray.init finds its cluster; Ray is optional, so imported here

    try:
        return services.canonicalize_bootstrap_address(address)
    except ConnectionError:
        raise ClusterUnavailable(f"no Ray cluster found for {given}: none was started on this machine and "
                                 f"RAY_ADDRESS is not set; {remedy}") from None
    except ValueError:
        raise ClusterUnavailable(f"{given} is {ADDRESS_FORMS}") from None


def check_launcher_reaches_its_cluster(launcher: Mapping) -> None:
    """A sweep's Hydra launcher (its composed config) that connects to a Ray cluster must find
    one answering (:func:`check_ray_address`); other launchers need nothing."""
    if launcher.get("_target_") == RAY_LAUNCHER:
        check_ray_address(launcher["ray"]["init"].get("address"), RAY_ADDRESS_KEY)


def launcher_address(launcher: Mapping) -> str | None:
    """The Ray cluster a sweep's Hydra launcher (its composed config) connects to, as a message
    names it (:func:`address_given`); None for a launcher that connects to none."""
    if launcher.get("_target_") == RAY_LAUNCHER:
        return address_given(launcher["ray"]["init"].get("address"), RAY_ADDRESS_KEY)
    return None
