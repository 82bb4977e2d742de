"""The model's words: blocs, strategies, modes, groups and units, defined once.

A leaf module (it imports nothing from ``sim``), so that the configuration, the roster,
the timeline and every mechanism can share the same vocabulary without importing each
other.
"""

from __future__ import annotations

BLOCS = ("US", "CN", "EU")
"""Home blocs of labs, clouds and governments."""

STRATEGIES = ("closed", "hybrid", "open")
"""Release strategies: API only; a trailing model's weights open and the frontier closed;
every model's weights open."""

MODES = ("api", "self_host")
"""How an adopter uses a model: through an API, or by running open weights itself."""
API, SELF_HOST = 0, 1
"""Indices of the modes in :data:`MODES`."""

FUNDING_SOURCES = ("vc", "parent", "state")
REGION_GROUPS = ("global_north", "china", "global_south")
ADOPTER_KINDS = ("government", "firm", "developer")
NETWORKS = ("regional", "fully_mixed")

MAX_VOUCHER = 0.95
"""Largest share of compute cost a voucher may pay (the lab always pays something)."""
MAX_DISCOUNT = 0.95
"""Largest ``pricing.subsidised_discount``: even a lab living on state money charges something
(prices move in logs, so they must stay positive)."""

USD_TO_BILLION = 1e-9
"""US$ to US$ billion (the unit of labs' cash, revenues and funding)."""
