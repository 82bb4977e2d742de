"""What was observed in the world, dated: the figures a run's outputs are set beside.

The domain brief's dated figures (T1-T23) and Epoch AI's capability record (E1-E5), as
data: what was observed, its value and unit, and the months it was observed over. The
model never reads them. The report and its figures mark them beside a run's own values;
``experiments/targets.py`` scores runs against them, each with a tolerance, and lists the
figures the model has no quantity for. A milestone carries its own tolerance, since the
report also says whether a run's month hits it or misses it. The facts live in the model's
package because the report shows them and the package depends on nothing outside itself;
they are kept apart from the roster's timeline, which the model does read: history it is
given, beside history it must reproduce.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.calendar import parse_month


@dataclass(frozen=True)
class Level:
    """A quantity observed over a span of months (one month when ``first == last``)."""

    id: str
    figure: str  # what was observed, and where
    value: float  # in ``unit``
    unit: str
    first: str  # first month of the span, YYYY-MM
    last: str  # last month of the span, YYYY-MM


@dataclass(frozen=True)
class Milestone:
    """The month in which something was first observed to happen, and how many months a
    run's month may differ from it and still count as a hit (more is a miss)."""

    id: str
    figure: str
    month: str  # YYYY-MM
    tolerance_months: float

    def months_off(self, month: str) -> float:
        """How many months ``month`` (YYYY-MM; empty: never) falls after the observed month
        (negative: before it); NaN when it never happened."""
        return float(parse_month(month) - parse_month(self.month)) if month else math.nan

    def hit(self, month: str) -> bool:
        """Whether a run's ``month`` (empty: never) is within the tolerance of the observed one."""
        return abs(self.months_off(month)) <= self.tolerance_months


@dataclass(frozen=True)
class Switch:
    """A lab's dated change of release strategy or licence: a decision the model must reproduce.

    The lab has made the change once its strategy is one of ``strategies`` (when given) and
    its licence's openness is at least ``licence`` (0-1, when given); ``month`` is when it
    was first observed (for a lab that entered with it, its entry month).
    """

    id: str
    lab: str
    change: str  # what changed, in words
    month: str  # YYYY-MM
    source: str
    strategies: tuple[str, ...] = ()
    licence: float | None = None


SWITCHES: list[Switch] = [
    Switch("S1", "meta", "licence loosens to commercial use (Llama 2)", "2023-07",
           "Llama 2 community licence, 2023-07", licence=0.5),
    Switch("S2", "alibaba", "Qwen released as open weights at entry", "2023-08",
           "DOMAIN.md; Qwen-7B (2023-08)", strategies=("hybrid", "open")),
    Switch("S3", "mistral", "Mistral 7B open under Apache 2.0 at entry", "2023-09",
           "Mistral 7B, Apache 2.0 (2023-09)", strategies=("hybrid", "open"), licence=1.0),
    Switch("S4", "deepseek", "DeepSeek released as open weights at entry", "2023-11",
           "DOMAIN.md; deepseek-coder (2023-11)", strategies=("hybrid", "open")),
    Switch("S5", "mistral", "Mistral Large kept paid beside open models (hybrid)", "2024-02",
           "DOMAIN.md: Mistral keeps Mistral Large paid", strategies=("hybrid",)),
    Switch("S6", "google", "Gemma open weights beside closed Gemini (hybrid)", "2024-02",
           "Gemma, 2024-02 (Epoch model data)", strategies=("hybrid",)),
    Switch("S7", "alibaba", "Qwen licence loosens to Apache 2.0", "2024-09",
           "T10: Qwen2.5 under Apache 2.0", licence=1.0),
    Switch("S8", "deepseek", "DeepSeek licence loosens to MIT", "2025-01", "T10: R1 under MIT", licence=1.0),
    Switch("S9", "minimax", "MiniMax opens its weights", "2025-01", "MiniMax-01 open weights, 2025-01",
           strategies=("hybrid", "open")),
    Switch("S10", "baidu", "Baidu opens ERNIE under Apache 2.0", "2025-06", "ERNIE 4.5, Apache 2.0, 2025-06",
           strategies=("hybrid", "open"), licence=1.0),
    Switch("S11", "meta", "Meta turns from open to closed", "2025-07", "T12: DOMAIN.md sources 002, 004",
           strategies=("closed",)),
    Switch("S12", "moonshot", "Moonshot opens Kimi K2 (modified MIT)", "2025-07", "Kimi K2, 2025-07",
           strategies=("hybrid", "open"), licence=0.9),
    Switch("S13", "openai", "OpenAI releases gpt-oss under Apache 2.0 (hybrid)", "2025-08",
           "gpt-oss-120b, 2025-08-05 (Epoch model data)", strategies=("hybrid",), licence=1.0),
]
"""The dated strategy and licence changes of 2023-2025 (the timeline sets none of them)."""

_ECI = "Epoch ECI running maximum (epoch_eci_model_versions.csv)"

_FACTS: list[Level | Milestone] = [
    Level("E1", f"US frontier capability, end 2023 ({_ECI}: gpt-4-0314)", 126.2, "ECI", "2023-12", "2023-12"),
    Level("E2", f"US frontier capability, end 2024 ({_ECI}: o1)", 143.0, "ECI", "2024-12", "2024-12"),
    Level("E3", f"US frontier capability, end 2025 ({_ECI}: gpt-5.2)", 153.8, "ECI", "2025-12", "2025-12"),
    Level("E4", f"Chinese frontier capability, end 2024 ({_ECI}: DeepSeek-V3)", 133.2, "ECI",
          "2024-12", "2024-12"),
    Level("E5", f"Chinese frontier capability, end 2025 ({_ECI}: Kimi K2 Thinking)", 145.9, "ECI",
          "2025-12", "2025-12"),
    Level("R1", "OpenAI's revenue in 2024 (The Information via Synthedia: annualised US$1.6-2B in "
          "2023-12, US$3.4B in mid-2024)", 3.7, "US$ billion", "2024-01", "2024-12"),
    Level("R2", "Anthropic's annualised revenue, end 2024 (plans of over US$0.85B reported by The "
          "Information via Synthedia)", 1.0, "US$ billion a year", "2024-12", "2024-12"),
    Level("R3", "Anthropic's annualised revenue, end 2025 (about US$9B, ainews-intentmesh.pages.dev)",
          9.0, "US$ billion a year", "2025-12", "2025-12"),
    Level("R4", "Mistral's annual recurring revenue, 2025-09 (EUR 300M, aipressa.com, Davos 2026)",
          0.35, "US$ billion a year", "2025-09", "2025-09"),
    Level("T21a", "working-age population using generative AI, Global North, 2025", 0.247, "share",
          "2025-01", "2025-12"),
    Level("T21b", "working-age population using generative AI, Global South, 2025", 0.141, "share",
          "2025-01", "2025-12"),
    Level("T16", "China's lag behind the US frontier, mean 2024-2025 (Epoch AI)", 7.0, "months",
          "2024-01", "2025-12"),
    Level("T15", "open models' lag behind closed, Jan 2023 - Oct 2025, measured as the model measures it "
          "(sim.metrics.lag_months) on Epoch's ECI scores by experiments/epoch_data.py; Epoch's own method "
          "gives 3.5 (90% CI 1.1-5.3)", 10.87, "months", "2023-01", "2025-10"),
    Level("T1", "Chinese share of Chinese + US open-model downloads, Aug 2024 - Aug 2025", 17.1 / 32.9,
          "share", "2024-08", "2025-08"),
    Milestone("T2", "month Chinese open downloads first exceed US ones", "2025-11", tolerance_months=6.0),
    Milestone("T3", "month Qwen overtakes Llama in downloads", "2025-09", tolerance_months=6.0),
    Level("T14", "closed models' share of usage outside China, late 2025 (OpenRouter)", 0.80, "share",
          "2025-10", "2025-12"),
    Level("T13", "Chinese models' share of usage outside China, Nov 2024 - Nov 2025", 0.13, "share",
          "2024-11", "2025-11"),
    Level("T22", "DeepSeek's share of AI use in China, 2025", 0.89, "share", "2025-01", "2025-12"),
    Level("T20", "US share of US + Chinese AI compute, 2025-05 (Epoch)", 75 / 90, "share",
          "2025-05", "2025-05"),
    Level("T18a", "GPT-4 blended price, 2023-03", 37.5, "US$ per M tokens", "2023-03", "2023-03"),
    Level("T18b", "DeepSeek-V3 blended price, 2024-12", 0.48, "US$ per M tokens", "2024-12", "2024-12"),
    Level("T19", "DeepSeek-V2's blended price at the 2024 price war (US$0.14 in, 0.28 out), 2024-05", 0.175,
          "US$ per M tokens", "2024-05", "2024-05"),
    Level("T20b", "yearly growth of Chinese top-model training compute (Epoch, 2025-01)", 3.0, "factor per year",
          "2023-01", "2025-01"),
    Level("T17", "yearly fall of the price of GPT-4-level capability (Epoch)", 40.0, "factor per year",
          "2023-03", "2025-12"),
    Level("T5", "US labs lead the frontier one year after R1", 1.0, "yes/no", "2025-12", "2025-12"),
    Level("T6", "the best Chinese open model beats the best US open model, end 2025", 1.0, "yes/no",
          "2025-12", "2025-12"),
    Level("T7", "DeepSeek first and Qwen second among open models used (OpenRouter)", 1.0, "yes/no",
          "2025-12", "2025-12"),
    Level("D1", "Huawei Cloud offers models in Africa (DOMAIN.md: Huawei integrates DeepSeek into "
          "cloud offers for African countries, 2025-02)", 1.0, "yes/no", "2025-02", "2025-12"),
]

OBSERVED: dict[str, Level | Milestone] = {fact.id: fact for fact in _FACTS}
"""Every observed figure, by id."""
