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


def labs() -> dict[str, Row]:
    """The default lab roster (starting values at entry; cash and inflows are assumptions)."""
    return {
        "openai": dict(
            display_name="OpenAI", family="GPT",
            bloc="US", strategy="closed", capability=109.0, compute=10.0, cash=4.0,
            funding="vc", inflow=0.8, price=20.0, licence=0.0,
            source=f"capability: text-davinci-002 (2022-03) MMLU 0.631, about ECI 111 by an MMLU-ECI "
            f"cross-walk fitted on 33 models ({_ECI}; epoch_open_model_trends_benchmarks.csv); "
            "price: text-davinci US$0.02/1k tokens",
        ),
        "anthropic": dict(
            display_name="Anthropic", family="Claude",
            bloc="US", entry="2023-03", strategy="closed", capability=118.0, compute=6.0,
            cash=1.5, funding="vc", inflow=0.6, price=16.4, licence=0.0,
            source=f"capability: claude-2.0 ECI 119.7 (2023-07), {_ECI}; price: Claude 1 "
            "US$11.02 in / 32.68 out, blended 3:1",
        ),
        "google": dict(
            display_name="Google", family="Gemini",
            bloc="US", strategy="closed", capability=109.0, compute=25.0, cash=5.0,
            funding="parent", inflow=1.2, price=10.0, licence=0.0, cloud="google_cloud",
            other_business=0.3, source="capability: Gopher 280B (2021-12) MMLU 0.600, about ECI 109 by the cross-walk; "
            "compute and money: assumption",
        ),
        "meta": dict(
            display_name="Meta", family="Llama",
            bloc="US", strategy="open", licence=0.3, capability=98.0, compute=15.0, cash=5.0,
            funding="parent", inflow=1.2, price=1.0, own_api=False, other_business=0.8,
            source=f"strategy and licence: OPT/LLaMA non-commercial weights; OPT-66B about ECI 94 "
            f"(cross-walk), LLaMA-65B ECI 110.4 (2023-02), {_ECI}; compute: assumption",
        ),
        "xai": dict(
            display_name="xAI", family="Grok",
            bloc="US", entry="2023-11", strategy="closed", capability=115.0, compute=15.0,
            cash=6.0, funding="vc", inflow=0.8, price=10.0, licence=0.0,
            source="entry: Grok-1 2023-11; values assumption",
        ),
        "mistral": dict(
            display_name="Mistral AI", family="Mistral",
            bloc="EU", entry="2023-09", strategy="open", licence=1.0, capability=105.0,
            compute=1.5, cash=0.5, funding="vc", inflow=0.06, price=2.0,
            source=f"entry: Mistral 7B, Apache 2.0 (2023-09); Mixtral-8x7B ECI 118.7 (2023-12), {_ECI}",
        ),
        "deepseek": dict(
            display_name="DeepSeek", family="DeepSeek",
            bloc="CN", entry="2023-11", strategy="open", licence=0.5, capability=100.0,
            compute=4.0, cash=0.5, funding="parent", inflow=0.06, price=1.0,
            source=f"entry: deepseek-coder-33b ECI 96.2 (2023-11), {_ECI}; DeepSeek licence; "
            "parent High-Flyer (DOMAIN.md); money: assumption",
        ),
        "alibaba": dict(
            display_name="Alibaba", family="Qwen",
            bloc="CN", entry="2023-08", strategy="open", licence=0.5, capability=108.0,
            compute=10.0, cash=2.0, funding="parent", inflow=0.5, price=2.0,
            cloud="alibaba_cloud", other_business=0.6,
            source=f"entry: Qwen-7B (2023-08); Qwen-14B-Chat ECI 113.0 (2023-09), {_ECI}; "
            "Tongyi Qianwen licence; money: assumption",
        ),
        "moonshot": dict(
            display_name="Moonshot AI", family="Kimi",
            bloc="CN", entry="2023-10", strategy="closed", capability=106.0, compute=2.0,
            cash=1.0, funding="vc", inflow=0.15, price=8.0, licence=0.0,
            source="entry: Kimi (2023-10), ¥60 per million tokens; values assumption",
        ),
        "zhipu": dict(
            display_name="Zhipu AI", family="GLM",
            bloc="CN", entry="2022-08", strategy="hybrid", licence=0.4, capability=100.0,
            compute=1.0, cash=0.5, funding="state", inflow=0.08, price=5.0,
            source="entry: GLM-130B (2022-08), MMLU 0.448, about ECI 100 by the cross-walk; open "
            "ChatGLM beside the closed GLM API; money: assumption",
        ),
        "minimax": dict(
            display_name="MiniMax", family="MiniMax",
            bloc="CN", entry="2023-06", strategy="closed", capability=104.0, compute=2.0,
            cash=0.6, funding="vc", inflow=0.12, price=3.0, licence=0.0,
            source="values assumption",
        ),
        "baidu": dict(
            display_name="Baidu", family="ERNIE",
            bloc="CN", entry="2023-03", strategy="closed", capability=105.0, compute=6.0,
            cash=1.0, funding="parent", inflow=0.25, price=10.0, licence=0.0,
            other_business=0.3, source="entry: ERNIE Bot (2023-03); values assumption",
        ),
    }


def clouds() -> dict[str, Row]:
    """Cloud vendors, their regions and closed partners (assumption from public footprints)."""
    outside_china = _regions_in("global_north", "global_south")
    return {
        "aws": dict(display_name="AWS", bloc="US", regions=list(outside_china), partners=["anthropic"]),
        "azure": dict(display_name="Microsoft Azure", bloc="US", regions=list(outside_china),
                      partners=["openai"]),
        "google_cloud": dict(
            display_name="Google Cloud",
            bloc="US", regions=["US", "EU", "LATAM", "SOUTH_ASIA", "SEA", "MIDDLE_EAST"],
            partners=["google", "anthropic"],
        ),
        "alibaba_cloud": dict(
            display_name="Alibaba Cloud",
            bloc="CN", regions=["CN", "SEA", "MIDDLE_EAST", "EU"], partners=["alibaba"],
            markup=0.2, source="DOMAIN.md: Alibaba argues open models bring cloud customers",
        ),
        "huawei_cloud": dict(
            display_name="Huawei Cloud",
            bloc="CN", regions=["CN", "LATAM", "MIDDLE_EAST", "SEA"], partners=[], markup=0.2,
            source="assumption; Africa is added by the timeline (DeepSeek offers, 2025-02)",
        ),
        "tencent_cloud": dict(
            display_name="Tencent Cloud",
            bloc="CN", regions=["CN", "SEA"], partners=[], markup=0.2, source="assumption",
        ),
    }


def governments() -> dict[str, Row]:
    """Governments at 2022-01; export controls and later instruments come from the timeline.
    A Global South government is named after its region."""
    south = {
        name.lower(): dict(regions=[name], procurement=0.5, display_name=regions()[name]["display_name"])
        for name in _regions_in("global_south")
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
        "eu": dict(display_name="European Union", bloc="EU", regions=["EU"], subsidy=0.01, procurement=0.3),
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
    """History 2022-2025 as dated events (DOMAIN.md timelines); later months are projection."""
    return {
        "us_controls_2022": dict(date="2022-10", kind="export_control", target="us", value=0.5,
            source="DOMAIN.md: first US rule, 2022-10-07"),
        "us_controls_2023": dict(date="2023-10", kind="export_control", target="us", value=0.65,
            source="DOMAIN.md: extended 2023-10-17"),
        "chatgpt_launch": dict(date="2022-11", kind="awareness", target="openai", value=0.4,
            source="assumption: ChatGPT's launch, 2022-11-30 (not in DOMAIN.md)"),
        "llama2_licence": dict(date="2023-07", kind="licence", target="meta", value=0.6,
            source="Llama 2 community licence, 2023-07"),
        "mistral_large_closed": dict(date="2024-02", kind="strategy", target="mistral", setting="hybrid",
            source="DOMAIN.md: Mistral keeps Mistral Large paid"),
        "gemma": dict(date="2024-02", kind="strategy", target="google", setting="hybrid",
            source="Gemma open weights beside closed Gemini, 2024-02 (Epoch model data)"),
        "gemma_licence": dict(date="2024-02", kind="licence", target="google", value=0.6,
            source="Gemma terms of use"),
        "china_price_war": dict(date="2024-05", kind="price_war", target="CN", value=1.0,
            source="T19: DeepSeek-V2, Doubao, Qwen, ERNIE cuts, 2024-05"),
        "qwen_apache": dict(date="2024-09", kind="licence", target="alibaba", value=1.0,
            source="T10: Qwen2.5 under Apache 2.0"),
        "us_controls_hbm": dict(date="2024-12", kind="export_control", target="us", value=0.75,
            source="DOMAIN.md: HBM controls 2024-12-02"),
        "compute_vouchers": dict(date="2024-12", kind="compute_voucher", target="cn", value=0.2,
            source="DOMAIN.md: Shanghai vouchers up to 80% of rental; "
            "national share assumption"),
        "diffusion_rule": dict(date="2025-01", kind="compute_cap", target="us", value=0.6,
            region="MIDDLE_EAST", source="DOMAIN.md: AI diffusion rule caps the middle tier, 2025-01-13"),
        "deepseek_r1": dict(date="2025-01", kind="release", target="deepseek", value=4.0,
            source="DOMAIN.md: R1 matches o1 with open weights, 2025-01"),
        "r1_publicity": dict(date="2025-01", kind="awareness", target="deepseek", value=0.3,
            source="DOMAIN.md: over US$1T off tech stocks"),
        "deepseek_mit": dict(date="2025-01", kind="licence", target="deepseek", value=1.0,
            source="T10: R1 under MIT"),
        "minimax_opens": dict(date="2025-01", kind="strategy", target="minimax", setting="open",
            source="MiniMax-01 open weights, 2025-01"),
        "wechat_deal": dict(date="2025-02", kind="awareness", target="deepseek", value=0.6, region="CN",
            source="DOMAIN.md: Tencent puts DeepSeek before WeChat's 1B users"),
        "huawei_africa": dict(date="2025-02", kind="cloud_region", target="huawei_cloud", setting="AFRICA",
            source="DOMAIN.md: Huawei Cloud offers DeepSeek in Africa"),
        "cn_vc_fund": dict(date="2025-03", kind="vc_fund", target="cn", value=0.2,
            source="DOMAIN.md: 1 trillion yuan fund; AI share and pace assumption"),
        "h20_licence": dict(date="2025-04", kind="export_control", target="us", value=0.85,
            source="DOMAIN.md: licence required for H20, 2025-04-09"),
        "diffusion_rescinded": dict(date="2025-05", kind="compute_cap", target="us", value=1.0,
            region="MIDDLE_EAST", source="DOMAIN.md: diffusion rule rescinded, 2025-05"),
        "baidu_opens": dict(date="2025-06", kind="strategy", target="baidu", setting="open",
            source="ERNIE 4.5 open weights, 2025-06"),
        "baidu_apache": dict(date="2025-06", kind="licence", target="baidu", value=1.0,
            source="ERNIE 4.5, Apache 2.0"),
        "meta_closes": dict(date="2025-07", kind="strategy", target="meta", setting="closed",
            source="T12: Meta turns to closed models during 2025"),
        "moonshot_opens": dict(date="2025-07", kind="strategy", target="moonshot", setting="open",
            source="Kimi K2 open weights, 2025-07"),
        "moonshot_licence": dict(date="2025-07", kind="licence", target="moonshot", value=0.9,
            source="Kimi K2, modified MIT"),
        "h20_resumed": dict(date="2025-08", kind="export_control", target="us", value=0.75,
            source="DOMAIN.md: H20 licences issued again, 2025-08-08"),
        "gpt_oss": dict(date="2025-08", kind="strategy", target="openai", setting="hybrid",
            source="gpt-oss-120b open weights, 2025-08-05 (Epoch model data)"),
        "gpt_oss_licence": dict(date="2025-08", kind="licence", target="openai", value=1.0,
            source="gpt-oss, Apache 2.0"),
        "us_action_plan": dict(date="2025-08", kind="open_reward", target="us", value=0.05,
            source="DOMAIN.md: AI Action Plan lists open weights; size assumption"),
        "cn_vc_drought": dict(date="2023-01", kind="vc_climate", target="CN", value=0.15,
            source="T8: Greater-China VC/PE fundraising collapse"),
        "cn_vc_bottom": dict(date="2024-01", kind="vc_climate", target="CN", value=0.05,
            source="T8: US$54.9B (2021) to 2.28B (2024)"),
    }
