"""The default world: named labs, cloud vendors, governments, regions and the history timeline.

Values are starting conditions for 2022-01 (or a lab's entry month). Each entry's ``source``
names where its numbers come from; "assumption" marks a value no source fixes. ECI is the
Epoch Capabilities Index (Epoch AI, "Data on AI Benchmarking", CC BY 4.0); scores dated
before 2023 are extrapolated backwards from the first scored models at the US frontier's
pace (about 0.9 ECI points a month, 2023-2025) and are assumptions.

Each entry is a row of named fields, those of its config dataclass in ``sim.config``
(``LabConfig``, ``CloudConfig``, ``GovernmentConfig``, ``RegionConfig``, ``EventConfig``),
which builds the default configuration from them; fields a row leaves out keep their
defaults there. This module imports nothing from the rest of the model, so the
configuration depends on it and not the other way round. Every call returns fresh rows.
"""

from __future__ import annotations

Row = dict[str, object]
"""A config entry's fields by name."""

_ECI = "Epoch AI ECI (epoch_eci_model_versions.csv)"
_NOTABLE = "epoch_notable_ai_models.csv"
_LARGE = "epoch_large_scale_ai_models.csv"
_SIZES = "sizes: Parameters of open-weight rows of Epoch AI's model data (file, row)"


def labs() -> dict[str, Row]:
    """The default lab roster (starting values at entry; inflows are assumptions).

    The labs present from the run's start carry assumed cash and compute; every entrant's are
    left empty, to be those its inflow would hold in balanced growth
    (``sim.funding.balanced_stocks``): no public figure gives them.

    A lab's open family has a name and the sizes of its open-weight releases (billion
    parameters, by release month, from the ``Parameters`` of Epoch AI's open-weight rows).
    """
    return {
        "openai": dict(
            display_name="OpenAI",
            bloc="US", strategy="closed", capability=109.0, compute=10.0, cash=4.0,
            funding="vc", inflow=0.8, price=20.0, licence=0.0,
            family="gpt-oss", sizes={"2025-08": [116.8, 20.9]},
            source=f"capability: text-davinci-002 (2022-03) MMLU 0.631, about ECI 111 by an MMLU-ECI "
            f"cross-walk fitted on 33 models ({_ECI}; epoch_open_model_trends_benchmarks.csv); "
            f"price: text-davinci US$0.02/1k tokens; {_SIZES}: gpt-oss-120b, -20b ({_NOTABLE} 37, 38)",
        ),
        "anthropic": dict(
            display_name="Anthropic",
            bloc="US", entry="2023-03", strategy="closed", capability=118.0, funding="vc", inflow=0.6,
            price=16.4, licence=0.0, family="Claude",
            source=f"capability: claude-2.0 ECI 119.7 (2023-07), {_ECI}; price: Claude 1 "
            "US$11.02 in / 32.68 out, blended 3:1",
        ),
        "google": dict(
            display_name="Google",
            bloc="US", strategy="closed", capability=109.0, compute=25.0, cash=5.0,
            funding="parent", inflow=1.2, price=10.0, licence=0.0, cloud="google_cloud",
            other_business=0.3, family="Gemma",
            sizes={"2024-02": [8.54, 2.0], "2024-06": [9.0, 27.0], "2025-05": [7.85]},
            source="capability: Gopher 280B (2021-12) MMLU 0.600, about ECI 109 by the cross-walk; "
            f"compute and money: assumption; {_SIZES}: Gemma 7B ({_LARGE} 305; Gemma 2B by its name, "
            f"{_ECI} row 225), Gemma 2 9B, 27B ({_LARGE} 236, 237), Gemma 3n ({_LARGE} 67)",
        ),
        "meta": dict(
            display_name="Meta",
            bloc="US", strategy="open", licence=0.3, capability=98.0, compute=15.0, cash=5.0,
            funding="parent", inflow=1.2, price=1.0, own_api=False, other_business=0.8, family="Llama",
            sizes={
                "2022-05": [175.0], "2022-06": [66.0], "2023-02": [65.2, 32.5], "2023-07": [70.0, 13.0, 7.0],
                "2024-04": [8.0], "2024-07": [405.0], "2024-09": [90.0, 11.0, 3.2], "2025-04": [109.0, 400.0],
            },
            source=f"strategy and licence: OPT/LLaMA non-commercial weights; OPT-66B about ECI 94 "
            f"(cross-walk), LLaMA-65B ECI 110.4 (2023-02), {_ECI}; compute: assumption; {_SIZES}: OPT-175B "
            f"({_NOTABLE} 366), OPT-66B ({_LARGE} 459), LLaMA-65B, -33B ({_NOTABLE} 296, {_LARGE} 436), "
            f"Llama 2 ({_NOTABLE} 254, 255, {_LARGE} 400), Llama 3-8B ({_LARGE} 274), Llama 3.1-405B "
            f"({_NOTABLE} 147), Llama 3.2 ({_NOTABLE} 125, {_LARGE} 196, 197), Llama 4 ({_NOTABLE} 68, 69)",
        ),
        "xai": dict(
            display_name="xAI",
            bloc="US", entry="2023-11", strategy="closed", capability=115.0, funding="vc", inflow=0.8,
            price=10.0, licence=0.0, family="Grok",
            source="entry: Grok-1 2023-11; values assumption",
        ),
        "mistral": dict(
            display_name="Mistral AI",
            bloc="EU", entry="2023-09", strategy="open", licence=1.0, capability=105.0,
            funding="vc", inflow=0.06, price=2.0, family="Mistral",
            sizes={"2023-10": [7.0], "2023-12": [46.7], "2024-04": [141.0], "2024-07": [123.0],
                   "2024-09": [12.4], "2025-01": [24.0]},
            source=f"entry: Mistral 7B, Apache 2.0 (2023-09); Mixtral-8x7B ECI 118.7 (2023-12), {_ECI}; "
            f"{_SIZES}: Mistral 7B ({_LARGE} 370), Mixtral 8x7B ({_NOTABLE} 200), 8x22B ({_LARGE} 276), "
            f"Mistral Large 2 ({_NOTABLE} 146), Pixtral 12B ({_LARGE} 209), Mistral Small 3 ({_LARGE} 144)",
        ),
        "deepseek": dict(
            display_name="DeepSeek",
            bloc="CN", entry="2023-11", strategy="open", licence=0.5, capability=116.0,
            funding="parent", inflow=0.06, price=1.0, family="DeepSeek",
            sizes={"2024-01": [67.0, 33.0], "2024-05": [236.0], "2024-12": [671.0]},
            source="entry: DeepSeek LLM 67B (2023-11), MMLU 0.713 (epoch_open_model_trends_benchmarks.csv), "
            "about ECI 116 by the cross-walk (its coder models, ECI 96.2 for deepseek-coder-33b, score "
            f"low on a general index); DeepSeek licence; "
            f"parent High-Flyer (DOMAIN.md); money: assumption; {_SIZES}: DeepSeek LLM 67B, Coder 33B "
            f"({_LARGE} 322, 316), V2 ({_LARGE} 264), V3 ({_NOTABLE} 94)",
        ),
        "alibaba": dict(
            display_name="Alibaba",
            bloc="CN", entry="2023-08", strategy="open", licence=0.5, capability=108.0,
            funding="parent", inflow=0.5, price=2.0,
            cloud="alibaba_cloud", other_business=0.6, family="Qwen",
            sizes={
                "2023-09": [14.0, 7.0], "2023-11": [72.0], "2024-02": [32.0], "2024-04": [110.0],
                "2024-09": [72.7, 32.5, 14.7, 7.61, 3.09, 1.54],
                "2025-04": [235.0, 32.8, 30.0, 14.8, 8.2, 4.0, 1.7, 0.6],
            },
            source=f"entry: Qwen-7B (2023-08); Qwen-14B-Chat ECI 113.0 (2023-09), {_ECI}; "
            f"Tongyi Qianwen licence; money: assumption; {_SIZES}: Qwen-14B, -7B ({_LARGE} 372, 374), "
            f"Qwen-72B ({_NOTABLE} 206), Qwen1.5-32B, -110B ({_LARGE} 310, 267), Qwen2.5 ({_NOTABLE} 127, "
            f"130, {_LARGE} 203-206), Qwen3 ({_NOTABLE} 65, {_LARGE} 79-85)",
        ),
        "moonshot": dict(
            display_name="Moonshot AI",
            bloc="CN", entry="2023-10", strategy="closed", capability=106.0, funding="vc", inflow=0.15,
            price=8.0, licence=0.0, family="Kimi",
            sizes={"2025-07": [1000.0], "2025-10": [48.0]},
            source=f"entry: Kimi (2023-10), ¥60 per million tokens; values assumption; {_SIZES}: Kimi K2 "
            f"({_NOTABLE} 50), Kimi Linear ({_LARGE} 4)",
        ),
        "zhipu": dict(
            display_name="Zhipu AI",
            bloc="CN", entry="2022-08", strategy="hybrid", licence=0.4, capability=100.0,
            funding="state", inflow=0.08, price=5.0, family="GLM",
            sizes={"2022-08": [130.0], "2023-10": [6.0], "2024-06": [9.0], "2025-04": [32.0],
                   "2025-08": [355.0, 106.0]},
            source="entry: GLM-130B (2022-08), MMLU 0.448, about ECI 100 by the cross-walk; open "
            f"ChatGLM beside the closed GLM API; money: assumption; {_SIZES}: GLM-130B (by its name), "
            f"ChatGLM3-6B ({_NOTABLE} 230), GLM-4V-9B ({_LARGE} 239), GLM-4-32B ({_LARGE} 100), GLM-4.5, "
            f"-Air ({_NOTABLE} 39, {_LARGE} 32)",
        ),
        "minimax": dict(
            display_name="MiniMax",
            bloc="CN", entry="2023-06", strategy="closed", capability=104.0, funding="vc", inflow=0.12,
            price=3.0, licence=0.0, family="MiniMax",
            sizes={"2025-01": [456.0], "2025-10": [229.0]},
            source=f"values assumption; {_SIZES}: MiniMax-Text-01 ({_LARGE} 149), MiniMax-M2 ({_NOTABLE} 20)",
        ),
        "baidu": dict(
            display_name="Baidu",
            bloc="CN", entry="2023-03", strategy="closed", capability=105.0, funding="parent",
            inflow=0.25, price=10.0, licence=0.0,
            other_business=0.3, family="ERNIE", sizes={"2025-06": [300.0, 21.0]},
            source=f"entry: ERNIE Bot (2023-03); values assumption; {_SIZES}: ERNIE-4.5-300B-A47B, "
            f"-21B-A3B ({_LARGE} 42, 43)",
        ),
        "baichuan": dict(
            display_name="Baichuan",
            bloc="CN", entry="2023-06", strategy="open", licence=0.3, capability=89.8, funding="vc",
            inflow=0.05, price=2.0, family="Baichuan",
            sizes={"2023-06": [7.0], "2023-09": [13.0, 7.0]},
            source=f"entry: Baichuan-7B ECI 89.8 (2023-06), non-commercial weights, {_ECI} row 256; "
            f"inflow: assumption; {_SIZES}: Baichuan-7B (by its name), Baichuan2-13B, -7B "
            f"({_LARGE} 380, 377, restricted use)",
        ),
        "zeroone": dict(
            display_name="01.AI",
            bloc="CN", entry="2023-11", strategy="open", licence=0.5, capability=117.9, funding="vc",
            inflow=0.05, price=2.0, family="Yi",
            sizes={"2023-11": [34.0, 6.0], "2024-05": [34.0, 8.83]},
            source=f"01.AI; entry: Yi-34B ECI 117.9 (2023-11), restricted-use weights, {_ECI} row 385; "
            f"inflow: assumption; {_SIZES}: Yi-34B, Yi 6B ({_NOTABLE} 227, {_LARGE} 356), "
            f"Yi-1.5-34B, -9B ({_LARGE} 261, 262)",
        ),
        "stepfun": dict(
            display_name="StepFun",
            bloc="CN", entry="2024-03", strategy="closed", capability=115.0, funding="vc", inflow=0.08,
            price=5.0, licence=0.0, family="Step", sizes={"2025-02": [30.0]},
            source=f"entry: Step-2 through an API (2024-03, {_LARGE} 295); capability and "
            f"money: assumption (capability near Yi-34B's ECI 117.9); {_SIZES}: Step-Video-T2V ({_LARGE} 135)",
        ),
        "bytedance": dict(
            display_name="ByteDance",
            bloc="CN", entry="2023-08", strategy="closed", capability=105.0, funding="parent",
            inflow=0.6, price=2.0, licence=0.0, other_business=0.3, family="Seed",
            sizes={"2025-08": [36.0]},
            source=f"entry: Doubao, hosted (2023-08, {_LARGE} 388); capability as Baidu's at entry "
            f"(assumption); inflow: assumption; {_SIZES}: Seed-OSS-36B (by its name; "
            f"{_LARGE} 22 leaves Parameters blank)",
        ),
        "tencent": dict(
            display_name="Tencent",
            bloc="CN", entry="2023-09", strategy="closed", capability=105.0, funding="parent",
            inflow=0.4, price=5.0, licence=0.0, cloud="tencent_cloud",
            other_business=0.3, family="Hunyuan", sizes={"2024-11": [389.0], "2024-12": [13.0]},
            source=f"entry: Hunyuan through an API (2023-09, {_LARGE} 378); capability as Baidu's at "
            f"entry (assumption); inflow: assumption; {_SIZES}: Hunyuan-Large ({_NOTABLE} 113), "
            f"Hunyuan Video ({_LARGE} 173)",
        ),
        "xiaomi": dict(
            display_name="Xiaomi",
            bloc="CN", entry="2025-06", strategy="open", licence=1.0, capability=125.0, funding="parent",
            inflow=0.1, price=1.0, own_api=False, other_business=0.5,
            family="MiMo", sizes={"2025-06": [7.0]},
            source=f"entry: MiMo-7B, unrestricted weights (2025-06, {_LARGE} 55, 57); capability: "
            f"assumption, a 7B model of 2025 near Phi-4's ECI 130.8 less a few points; compute and "
            f"money: assumption; {_SIZES}: MiMo-7B ({_LARGE} 55)",
        ),
        "microsoft": dict(
            display_name="Microsoft",
            bloc="US", entry="2024-04", strategy="open", licence=1.0, capability=122.9, funding="parent",
            inflow=0.2, price=1.0, own_api=False, cloud="azure",
            other_business=0.3, family="Phi",
            sizes={"2024-04": [14.0, 7.4, 3.8, 60.8], "2024-12": [14.0]},
            source="entry: Phi-3, unrestricted weights (2024-04); phi-3-small ECI 122.9 "
            f"(epoch_eci_scores_by_model.csv row 81); the Azure cloud is Microsoft's; compute and money: "
            f"assumption; {_SIZES}: phi-3-medium, -small, Phi-3.5-MoE ({_LARGE} 269, 271, 272), "
            f"phi-3-mini 3.8B (by its name, epoch_eci_scores_by_model.csv row 99), Phi-4 14B (assumption: "
            f"the size of phi-3-medium; {_ECI} row 163 gives no size)",
        ),
        "nvidia": dict(
            display_name="NVIDIA",
            bloc="US", entry="2023-11", strategy="open", licence=0.6, capability=98.0, funding="parent",
            inflow=0.3, price=1.0, own_api=False, other_business=0.5,
            family="Nemotron",
            sizes={"2023-11": [8.0], "2024-06": [340.0], "2025-03": [253.0], "2025-04": [8.0, 56.0],
                   "2025-08": [9.0, 12.0]},
            source=f"entry: Nemotron-3-8B, restricted-use weights (2023-11, {_NOTABLE} 212); capability: "
            f"as Llama 2-7B, ECI 97.8 ({_ECI} row 228), assumption; sells the GPUs open models run on "
            f"(other business); inflow: assumption; {_SIZES}: Nemotron-3-8B, Nemotron-4 340B "
            f"({_NOTABLE} 212, 157), Llama Nemotron Ultra ({_LARGE} 116), Nemotron-H ({_LARGE} 96, 97), "
            f"Nemotron Nano v2 ({_LARGE} 24, 25)",
        ),
        "ai2": dict(
            display_name="Ai2",
            bloc="US", entry="2024-02", strategy="open", licence=1.0, capability=98.0, funding="parent",
            inflow=0.01, price=1.0, own_api=False, family="OLMo",
            sizes={"2024-02": [7.0], "2024-12": [7.0, 13.0], "2025-03": [32.0]},
            source=f"Allen Institute for AI, a non-profit; entry: OLMo-7B, unrestricted weights (2024-02, "
            f"{_LARGE} 314); capability: as Llama 2-7B, ECI 97.8 ({_ECI} row 228), assumption; compute "
            f"and money: assumption; {_SIZES}: OLMo-7B, OLMo 2 7B, 13B, 32B ({_LARGE} 314, 155, 156, 123)",
        ),
        "ibm": dict(
            display_name="IBM",
            bloc="US", entry="2023-11", strategy="closed", capability=106.0, funding="parent",
            inflow=0.1, price=5.0, licence=0.0, family="Granite",
            sizes={"2024-05": [20.0], "2024-10": [8.1, 2.5], "2025-10": [32.0, 7.0, 3.0]},
            source=f"entry: Granite 13B through an API (2023-11, {_LARGE} 336); capability: as Llama "
            f"2-13B, ECI 105.9 ({_ECI} row 229), assumption; inflow: assumption; {_SIZES}: "
            f"Granite 20B, 3.0 8B, 2B, 4.0 ({_LARGE} 250, 184, 185, 8-10)",
        ),
    }


def clouds() -> dict[str, Row]:
    """Cloud vendors, their regions and closed partners (assumption from public footprints).

    Each may enter, by its own decision, the Global South regions it does not serve at the
    start (its ``prospects``). A cloud affiliated with a lab values that lab's users beyond
    its hosting margin (``pull_through``).
    """
    outside_china = _regions_in("global_north", "global_south")
    pull_through = dict(
        pull_through=30.0,
        source="DOMAIN.md: Alibaba argues that open models bring customers into its cloud; "
        "value per user assumption (about a hosted adopter's monthly bill)",
    )
    rows = {
        "aws": dict(display_name="AWS", bloc="US", regions=list(outside_china), partners=["anthropic"]),
        "azure": dict(
            display_name="Microsoft Azure", bloc="US", regions=list(outside_china), partners=["openai"]
        ),
        "google_cloud": dict(
            display_name="Google Cloud",
            bloc="US", regions=["US", "EU", "LATAM", "SOUTH_ASIA", "SEA", "MIDDLE_EAST"],
            partners=["google", "anthropic"], **pull_through,
        ),
        "alibaba_cloud": dict(
            display_name="Alibaba Cloud",
            bloc="CN", regions=["CN", "SEA", "MIDDLE_EAST", "EU"], partners=["alibaba"], markup=0.2,
            **pull_through,
        ),
        "huawei_cloud": dict(
            display_name="Huawei Cloud",
            bloc="CN", regions=["CN", "LATAM", "MIDDLE_EAST", "SEA"], partners=[], markup=0.2,
            source="assumption; whether it enters Africa is its own decision (target D1: DeepSeek "
            "offers in Africa, 2025-02)",
        ),
        "tencent_cloud": dict(
            display_name="Tencent Cloud",
            bloc="CN", regions=["CN", "SEA"], partners=[], markup=0.2, source="assumption",
        ),
    }
    for row in rows.values():
        row["prospects"] = [r for r in _regions_in("global_south") if r not in row["regions"]]
    return rows


def governments() -> dict[str, Row]:
    """Governments at 2022-01; export controls and later instruments come from the timeline.

    Global South governments start favouring closed services in their procurement and choose
    their stance by their reactive rule from the first month (``sim.policy.choose_stance``).
    Each is named after its region.
    """
    south = {
        name.lower(): dict(
            regions=[name], procurement=0.5, procurement_open=0.0, display_name=region["display_name"]
        )
        for name, region in regions().items()
        if region["group"] == "global_south"
    }
    return {
        "us": dict(
            display_name="US government",
            bloc="US", regions=["US"], leakage=0.3, procurement=0.3,
            source="leakage: assumption (smuggling, overseas cloud rental)",
        ),
        "cn": dict(
            display_name="Chinese government",
            bloc="CN", regions=["CN"], subsidy=0.15, procurement=0.5, restricted_origins=["US"],
            source="restriction: US chat services unavailable in China; subsidy: assumption",
        ),
        "eu": dict(
            display_name="European Union", bloc="EU", regions=["EU"], subsidy=0.01, procurement=0.3
        ),
        **south,
    }


def regions() -> dict[str, Row]:
    """Adopter markets (all values assumptions except where a source is named)."""
    home_us = {"US": 0.15, "CN": 0.0, "EU": 0.01}
    abroad = {"US": 0.05, "CN": 0.005, "EU": 0.01}
    return {
        "US": dict(group="global_north", weight=0.20, budget=2000, volume=100, self_host_share=0.30,
                   sovereignty=0.3, trust=0.8, alignment=-0.8, awareness=home_us,
                   display_name="United States"),
        "EU": dict(group="global_north", weight=0.15, budget=1500, volume=80, self_host_share=0.25,
                   sovereignty=0.6, trust=0.7, alignment=-0.5, awareness={"US": 0.10, "CN": 0.0, "EU": 0.03},
                   display_name="European Union"),
        "CN": dict(group="china", weight=0.20, budget=800, volume=80, self_host_share=0.35,
                   sovereignty=0.5, trust=0.2, alignment=0.9, awareness={"US": 0.01, "CN": 0.10, "EU": 0.0},
                   display_name="China"),
        "AFRICA": dict(group="global_south", weight=0.08, budget=150, volume=30, self_host_share=0.08,
                       sovereignty=0.5, trust=0.4, alignment=0.1, awareness=dict(abroad),
                       display_name="Africa"),
        "LATAM": dict(group="global_south", weight=0.09, budget=300, volume=40, self_host_share=0.10,
                      sovereignty=0.5, trust=0.5, alignment=-0.1, awareness=dict(abroad),
                      display_name="Latin America"),
        "SOUTH_ASIA": dict(group="global_south", weight=0.15, budget=200, volume=40, self_host_share=0.12,
                           sovereignty=0.5, trust=0.5, alignment=-0.3, awareness=dict(abroad),
                           display_name="South Asia"),
        "SEA": dict(group="global_south", weight=0.08, budget=300, volume=40, self_host_share=0.12,
                    sovereignty=0.5, trust=0.4, alignment=0.0, awareness=dict(abroad),
                    display_name="Southeast Asia"),
        "MIDDLE_EAST": dict(group="global_south", weight=0.05, budget=800, volume=60, self_host_share=0.20,
                            sovereignty=0.6, trust=0.5, alignment=0.0, awareness=dict(abroad),
                            display_name="Middle East"),
    }


def _regions_in(*groups: str) -> list[str]:
    """The default regions of these country groups, in roster order."""
    return [name for name, region in regions().items() if region["group"] in groups]


def timeline() -> dict[str, Row]:
    """History 2022-2025 as dated events (DOMAIN.md timelines); later months are projection.

    Only what the labs do not decide: policies, funding shocks, distribution deals, dated
    releases and publicity. No event sets a strategy or a licence: labs choose both at their
    reviews (``sim.strategy``), and the dated switches they should reproduce are targets
    (``sim.observed.SWITCHES``).
    """
    return {
        "us_controls_2022": dict(date="2022-10", kind="export_control", target="us", value=0.5,
            source="DOMAIN.md: first US rule, 2022-10-07"),
        "us_controls_2023": dict(date="2023-10", kind="export_control", target="us", value=0.65,
            source="DOMAIN.md: extended 2023-10-17"),
        "chatgpt_launch": dict(date="2022-11", kind="awareness", target="openai", value=0.4,
            source="assumption: ChatGPT's launch, 2022-11-30 (not in DOMAIN.md)",
            plausible=dict(low=0.2, high=0.6, basis="assumption: the launch reached 20% to 60% of unaware adopters")),
        "china_price_war": dict(date="2024-05", kind="price_war", target="CN", value=1.0,
            source="T19: DeepSeek-V2, Doubao, Qwen, ERNIE cuts, 2024-05"),
        "us_controls_hbm": dict(date="2024-12", kind="export_control", target="us", value=0.75,
            source="DOMAIN.md: HBM controls 2024-12-02"),
        "compute_vouchers": dict(date="2024-12", kind="compute_voucher", target="cn", value=0.2,
            source="DOMAIN.md: Shanghai vouchers up to 80% of rental; "
            "national share assumption",
            plausible=dict(low=0.05, high=0.4, basis="assumption: a national average of a few cities' vouchers of up to 80%")),
        "diffusion_rule": dict(date="2025-01", kind="compute_cap", target="us", value=0.6,
            region="MIDDLE_EAST", source="DOMAIN.md: AI diffusion rule caps the middle tier, 2025-01-13"),
        "deepseek_r1": dict(date="2025-01", kind="release", target="deepseek", value=4.0,
            source="DOMAIN.md: R1 matches o1 with open weights, 2025-01",
            plausible=dict(low=2.0, high=8.0, basis="assumption: R1 matching o1 as a jump of 2 to 8 ECI points")),
        "r1_publicity": dict(date="2025-01", kind="awareness", target="deepseek", value=0.3,
            source="DOMAIN.md: over US$1T off tech stocks",
            plausible=dict(low=0.1, high=0.6, basis="assumption: the news reached 10% to 60% of unaware adopters")),
        "wechat_deal": dict(date="2025-02", kind="awareness", target="deepseek", value=0.6, region="CN",
            source="DOMAIN.md: Tencent puts DeepSeek before WeChat's 1B users",
            plausible=dict(low=0.3, high=0.9, basis="assumption: WeChat's placement reached 30% to 90% of unaware adopters")),
        "cn_vc_fund": dict(date="2025-03", kind="vc_fund", target="cn", value=0.2,
            source="DOMAIN.md: 1 trillion yuan fund; AI share and pace assumption",
            plausible=dict(low=0.05, high=0.5, basis="DOMAIN.md: US$138B over some 20 years is about US$0.6B a month; "
                           "an AI share of a tenth to most of it")),
        "h20_licence": dict(date="2025-04", kind="export_control", target="us", value=0.85,
            source="DOMAIN.md: licence required for H20, 2025-04-09"),
        "diffusion_rescinded": dict(date="2025-05", kind="compute_cap", target="us", value=1.0,
            region="MIDDLE_EAST", source="DOMAIN.md: diffusion rule rescinded, 2025-05"),
        "h20_resumed": dict(date="2025-08", kind="export_control", target="us", value=0.75,
            source="DOMAIN.md: H20 licences issued again, 2025-08-08"),
        "us_action_plan": dict(date="2025-08", kind="open_reward", target="us", value=0.05,
            source="DOMAIN.md: AI Action Plan lists open weights; size assumption",
            plausible=dict(low=0.0, high=0.2, basis="policy range: from none to US$2.4B a year")),
        "cn_vc_drought": dict(date="2023-01", kind="vc_climate", target="CN", value=0.15,
            source="T8: Greater-China VC/PE fundraising collapse"),
        "cn_vc_bottom": dict(date="2024-01", kind="vc_climate", target="CN", value=0.05,
            source="T8: US$54.9B (2021) to 2.28B (2024)",
            plausible=dict(low=0.02, high=0.15, basis="T8: 2024 fundraising was 4% of 2021's; from half to over three times that")),
    }
