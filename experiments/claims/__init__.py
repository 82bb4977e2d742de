"""The claims of the domain brief (C1-C8) as experiments that give verdicts.

Each claim is one module declaring, before it runs, the claim, its measure, what supports
and what refutes it, the uncertainties and levers it sweeps and the arms it compares
(`claim.Claim`); `engine` runs it, `analysis` gives the verdict, `card` writes it up and
`cli` is the `sim-claims` command.
"""

from experiments.claims import (
    c1_free,
    c2_controls,
    c3_open_pays,
    c4_meta_retreat,
    c5_overtake,
    c6_price_war,
    c7_no_sputnik,
    c8_state_funds,
)

CLAIMS = {
    claim.id: claim
    for claim in (
        c1_free.CLAIM,
        c2_controls.CLAIM,
        c3_open_pays.CLAIM,
        c4_meta_retreat.CLAIM,
        c5_overtake.CLAIM,
        c6_price_war.CLAIM,
        c7_no_sputnik.CLAIM,
        c8_state_funds.CLAIM,
    )
}
