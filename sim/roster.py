"""The default world: named labs, cloud vendors, governments, regions and the history timeline.

Values are starting conditions for 2022-01 (or a lab's entry month). Each entry's ``source``
names where its numbers come from; "assumption" marks a value no source fixes. ECI is the
Epoch Capabilities Index (Epoch AI, "Data on AI Benchmarking", CC BY 4.0); scores dated
before 2023 are extrapolated backwards from the first scored models at the US frontier's
pace (about 0.9 ECI points a month, 2023-2025) and are assumptions.
"""

from __future__ import annotations

from sim.config import CloudConfig, EventConfig, GovernmentConfig, LabConfig, PlausibleRange, RegionConfig

GLOBAL_SOUTH = ["AFRICA", "LATAM", "SOUTH_ASIA", "SEA", "MIDDLE_EAST"]
ALL_BUT_CHINA = ["US", "EU", *GLOBAL_SOUTH]

_ECI = "Epoch AI ECI (epoch_eci_model_versions.csv)"


def labs() -> dict[str, LabConfig]:
    """The default lab roster (starting values at entry; cash and inflows are assumptions)."""
    return {
        "openai": LabConfig(
            bloc="US", strategy="closed", capability=109.0, compute=10.0, cash=4.0,
            funding="vc", inflow=0.8, price=20.0, licence=0.0,
            source=f"capability: text-davinci-002 (2022-03) MMLU 0.631, about ECI 111 by an MMLU-ECI "
            f"cross-walk fitted on 33 models ({_ECI}; epoch_open_model_trends_benchmarks.csv); "
            "price: text-davinci US$0.02/1k tokens",
        ),
        "anthropic": LabConfig(
            bloc="US", entry="2023-03", strategy="closed", capability=118.0, compute=6.0,
            cash=1.5, funding="vc", inflow=0.6, price=16.4, licence=0.0,
            source=f"capability: claude-2.0 ECI 119.7 (2023-07), {_ECI}; price: Claude 1 "
            "US$11.02 in / 32.68 out, blended 3:1",
        ),
        "google": LabConfig(
            bloc="US", strategy="closed", capability=109.0, compute=25.0, cash=5.0,
            funding="parent", inflow=1.2, price=10.0, licence=0.0, cloud="google_cloud",
            other_business=0.3, source="capability: Gopher 280B (2021-12) MMLU 0.600, about ECI 109 by the cross-walk; "
            "compute and money: assumption",
        ),
        "meta": LabConfig(
            bloc="US", strategy="open", licence=0.3, capability=98.0, compute=15.0, cash=5.0,
            funding="parent", inflow=1.2, price=1.0, own_api=False, other_business=0.8,
            source=f"strategy and licence: OPT/LLaMA non-commercial weights; OPT-66B about ECI 94 "
            f"(cross-walk), LLaMA-65B ECI 110.4 (2023-02), {_ECI}; compute: assumption",
        ),
        "xai": LabConfig(
            bloc="US", entry="2023-11", strategy="closed", capability=115.0, compute=15.0,
            cash=6.0, funding="vc", inflow=0.8, price=10.0, licence=0.0,
            source="entry: Grok-1 2023-11; values assumption",
        ),
        "mistral": LabConfig(
            bloc="EU", entry="2023-09", strategy="open", licence=1.0, capability=105.0,
            compute=1.5, cash=0.5, funding="vc", inflow=0.06, price=2.0,
            source=f"entry: Mistral 7B, Apache 2.0 (2023-09); Mixtral-8x7B ECI 118.7 (2023-12), {_ECI}",
        ),
        "deepseek": LabConfig(
            bloc="CN", entry="2023-11", strategy="open", licence=0.5, capability=100.0,
            compute=4.0, cash=0.5, funding="parent", inflow=0.06, price=1.0,
            source=f"entry: deepseek-coder-33b ECI 96.2 (2023-11), {_ECI}; DeepSeek licence; "
            "parent High-Flyer (DOMAIN.md); money: assumption",
        ),
        "alibaba": LabConfig(
            bloc="CN", entry="2023-08", strategy="open", licence=0.5, capability=108.0,
            compute=10.0, cash=2.0, funding="parent", inflow=0.5, price=2.0,
            cloud="alibaba_cloud", other_business=0.6,
            source=f"entry: Qwen-7B (2023-08); Qwen-14B-Chat ECI 113.0 (2023-09), {_ECI}; "
            "Tongyi Qianwen licence; money: assumption",
        ),
        "moonshot": LabConfig(
            bloc="CN", entry="2023-10", strategy="closed", capability=106.0, compute=2.0,
            cash=1.0, funding="vc", inflow=0.15, price=8.0, licence=0.0,
            source="entry: Kimi (2023-10), ¥60 per million tokens; values assumption",
        ),
        "zhipu": LabConfig(
            bloc="CN", entry="2022-08", strategy="hybrid", licence=0.4, capability=100.0,
            compute=1.0, cash=0.5, funding="state", inflow=0.08, price=5.0,
            source="entry: GLM-130B (2022-08), MMLU 0.448, about ECI 100 by the cross-walk; open "
            "ChatGLM beside the closed GLM API; money: assumption",
        ),
        "minimax": LabConfig(
            bloc="CN", entry="2023-06", strategy="closed", capability=104.0, compute=2.0,
            cash=0.6, funding="vc", inflow=0.12, price=3.0, licence=0.0,
            source="values assumption",
        ),
        "baidu": LabConfig(
            bloc="CN", entry="2023-03", strategy="closed", capability=105.0, compute=6.0,
            cash=1.0, funding="parent", inflow=0.25, price=10.0, licence=0.0,
            other_business=0.3, source="entry: ERNIE Bot (2023-03); values assumption",
        ),
    }


def clouds() -> dict[str, CloudConfig]:
    """Cloud vendors, their regions and closed partners (assumption from public footprints)."""
    return {
        "aws": CloudConfig(bloc="US", regions=list(ALL_BUT_CHINA), partners=["anthropic"]),
        "azure": CloudConfig(bloc="US", regions=list(ALL_BUT_CHINA), partners=["openai"]),
        "google_cloud": CloudConfig(
            bloc="US", regions=["US", "EU", "LATAM", "SOUTH_ASIA", "SEA", "MIDDLE_EAST"],
            partners=["google", "anthropic"],
        ),
        "alibaba_cloud": CloudConfig(
            bloc="CN", regions=["CN", "SEA", "MIDDLE_EAST", "EU"], partners=["alibaba"],
            markup=0.2, source="DOMAIN.md: Alibaba argues open models bring cloud customers",
        ),
        "huawei_cloud": CloudConfig(
            bloc="CN", regions=["CN", "LATAM", "MIDDLE_EAST", "SEA"], partners=[], markup=0.2,
            source="assumption; Africa is added by the timeline (DeepSeek offers, 2025-02)",
        ),
        "tencent_cloud": CloudConfig(
            bloc="CN", regions=["CN", "SEA"], partners=[], markup=0.2, source="assumption",
        ),
    }


def governments() -> dict[str, GovernmentConfig]:
    """Governments at 2022-01; export controls and later instruments come from the timeline."""
    south = {
        name.lower(): GovernmentConfig(regions=[name], procurement=0.5)
        for name in GLOBAL_SOUTH
    }
    return {
        "us": GovernmentConfig(
            bloc="US", regions=["US"], leakage=0.3, procurement=0.3,
            source="leakage: assumption (smuggling, overseas cloud rental)",
        ),
        "cn": GovernmentConfig(
            bloc="CN", regions=["CN"], subsidy=0.15, procurement=0.5, restricted_origins=["US"],
            source="restriction: US chat services unavailable in China; subsidy: assumption",
        ),
        "eu": GovernmentConfig(bloc="EU", regions=["EU"], subsidy=0.01, procurement=0.3),
        **south,
    }


def regions() -> dict[str, RegionConfig]:
    """Adopter markets (all values assumptions except where a source is named)."""

    def market(group, weight, budget, volume, self_host, sovereignty, trust, alignment, aware):
        return RegionConfig(
            group=group, weight=weight, budget=budget, volume=volume,
            self_host_share=self_host, sovereignty=sovereignty, trust=trust,
            alignment=alignment, awareness=aware,
        )

    home_us = {"US": 0.15, "CN": 0.0, "EU": 0.01}
    abroad = {"US": 0.05, "CN": 0.005, "EU": 0.01}
    return {
        "US": market("global_north", 0.20, 2000, 100, 0.30, 0.3, 0.8, -0.8, home_us),
        "EU": market("global_north", 0.15, 1500, 80, 0.25, 0.6, 0.7, -0.5,
                     {"US": 0.10, "CN": 0.0, "EU": 0.03}),
        "CN": market("china", 0.20, 800, 80, 0.35, 0.5, 0.2, 0.9,
                     {"US": 0.01, "CN": 0.10, "EU": 0.0}),
        "AFRICA": market("global_south", 0.08, 150, 30, 0.08, 0.5, 0.4, 0.1, dict(abroad)),
        "LATAM": market("global_south", 0.09, 300, 40, 0.10, 0.5, 0.5, -0.1, dict(abroad)),
        "SOUTH_ASIA": market("global_south", 0.15, 200, 40, 0.12, 0.5, 0.5, -0.3, dict(abroad)),
        "SEA": market("global_south", 0.08, 300, 40, 0.12, 0.5, 0.4, 0.0, dict(abroad)),
        "MIDDLE_EAST": market("global_south", 0.05, 800, 60, 0.20, 0.6, 0.5, 0.0, dict(abroad)),
    }


def timeline() -> dict[str, EventConfig]:
    """History 2022-2025 as dated events (DOMAIN.md timelines); later months are projection."""
    ev = EventConfig
    return {
        "us_controls_2022": ev("2022-10", "export_control", "us", 0.5,
                               source="DOMAIN.md: first US rule, 2022-10-07"),
        "us_controls_2023": ev("2023-10", "export_control", "us", 0.65,
                               source="DOMAIN.md: extended 2023-10-17"),
        "chatgpt_launch": ev("2022-11", "awareness", "openai", 0.4,
                             source="assumption: ChatGPT's launch, 2022-11-30 (not in DOMAIN.md)"),
        "llama2_licence": ev("2023-07", "licence", "meta", 0.6,
                             source="Llama 2 community licence, 2023-07"),
        "mistral_large_closed": ev("2024-02", "strategy", "mistral", setting="hybrid",
                                   source="DOMAIN.md: Mistral keeps Mistral Large paid"),
        "gemma": ev("2024-02", "strategy", "google", setting="hybrid",
                    source="Gemma open weights beside closed Gemini, 2024-02 (Epoch model data)"),
        "gemma_licence": ev("2024-02", "licence", "google", 0.6, source="Gemma terms of use"),
        "china_price_war": ev("2024-05", "price_war", "CN", 1.0,
                              source="T19: DeepSeek-V2, Doubao, Qwen, ERNIE cuts, 2024-05"),
        "qwen_apache": ev("2024-09", "licence", "alibaba", 1.0,
                          source="T10: Qwen2.5 under Apache 2.0"),
        "us_controls_hbm": ev("2024-12", "export_control", "us", 0.75,
                              source="DOMAIN.md: HBM controls 2024-12-02"),
        "compute_vouchers": ev("2024-12", "compute_voucher", "cn", 0.2,
                               source="DOMAIN.md: Shanghai vouchers up to 80% of rental; "
                               "national share assumption"),
        "diffusion_rule": ev("2025-01", "compute_cap", "us", 0.6, region="MIDDLE_EAST",
                             source="DOMAIN.md: AI diffusion rule caps the middle tier, 2025-01-13"),
        "deepseek_r1": ev("2025-01", "release", "deepseek", 4.0,
                          source="DOMAIN.md: R1 matches o1 with open weights, 2025-01",
                          plausible=PlausibleRange(2.0, 8.0, "assumption: R1 matching o1 as a jump of 2 to 8 ECI points")),
        "r1_publicity": ev("2025-01", "awareness", "deepseek", 0.3,
                           source="DOMAIN.md: over US$1T off tech stocks",
                           plausible=PlausibleRange(0.1, 0.6, "assumption: the news reached 10% to 60% of unaware adopters")),
        "deepseek_mit": ev("2025-01", "licence", "deepseek", 1.0, source="T10: R1 under MIT"),
        "minimax_opens": ev("2025-01", "strategy", "minimax", setting="open",
                            source="MiniMax-01 open weights, 2025-01"),
        "wechat_deal": ev("2025-02", "awareness", "deepseek", 0.6, region="CN",
                          source="DOMAIN.md: Tencent puts DeepSeek before WeChat's 1B users"),
        "huawei_africa": ev("2025-02", "cloud_region", "huawei_cloud", setting="AFRICA",
                            source="DOMAIN.md: Huawei Cloud offers DeepSeek in Africa"),
        "cn_vc_fund": ev("2025-03", "vc_fund", "cn", 0.2,
                         source="DOMAIN.md: 1 trillion yuan fund; AI share and pace assumption"),
        "h20_licence": ev("2025-04", "export_control", "us", 0.85,
                          source="DOMAIN.md: licence required for H20, 2025-04-09"),
        "diffusion_rescinded": ev("2025-05", "compute_cap", "us", 1.0, region="MIDDLE_EAST",
                                  source="DOMAIN.md: diffusion rule rescinded, 2025-05"),
        "baidu_opens": ev("2025-06", "strategy", "baidu", setting="open",
                          source="ERNIE 4.5 open weights, 2025-06"),
        "baidu_apache": ev("2025-06", "licence", "baidu", 1.0, source="ERNIE 4.5, Apache 2.0"),
        "meta_closes": ev("2025-07", "strategy", "meta", setting="closed",
                          source="T12: Meta turns to closed models during 2025"),
        "moonshot_opens": ev("2025-07", "strategy", "moonshot", setting="open",
                             source="Kimi K2 open weights, 2025-07"),
        "moonshot_licence": ev("2025-07", "licence", "moonshot", 0.9,
                               source="Kimi K2, modified MIT"),
        "h20_resumed": ev("2025-08", "export_control", "us", 0.75,
                          source="DOMAIN.md: H20 licences issued again, 2025-08-08"),
        "gpt_oss": ev("2025-08", "strategy", "openai", setting="hybrid",
                      source="gpt-oss-120b open weights, 2025-08-05 (Epoch model data)"),
        "gpt_oss_licence": ev("2025-08", "licence", "openai", 1.0, source="gpt-oss, Apache 2.0"),
        "us_action_plan": ev("2025-08", "open_reward", "us", 0.05,
                             source="DOMAIN.md: AI Action Plan lists open weights; size assumption",
                             plausible=PlausibleRange(0.0, 0.2, "policy range: from none to US$2.4B a year")),
        "cn_vc_drought": ev("2023-01", "vc_climate", "CN", 0.15,
                            source="T8: Greater-China VC/PE fundraising collapse"),
        "cn_vc_bottom": ev("2024-01", "vc_climate", "CN", 0.05,
                           source="T8: US$54.9B (2021) to 2.28B (2024)",
                           plausible=PlausibleRange(0.02, 0.15, "T8: 2024 fundraising was 4% of 2021's; from half to over three times that")),
    }
