"""``sim-claims``: run claims' experiments and write their cards.

    sim-claims C1              # one claim, full size, card in ./outputs/claims/full/C1/
    sim-claims C2 C5 --quick   # small populations and few seeds (CI, teaching)
    sim-claims --all           # all eight, and an index of their verdicts
    sim-claims --table         # docs/CLAIMS.md's verdict table from the full-mode cards

Finished runs are kept beside each card (``runs.parquet``), so an interrupted command
resumes where it stopped when run again.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from pathlib import Path

from experiments.claims import CLAIMS, table
from experiments.claims.experiment import run_experiment
from experiments.claims.table import NotFull
from sim.cluster import ClusterUnavailable
from sim.config import ConfigError
from sim.errors import CommandParser, exit_in_one_line, path_option
from sim.experiment import BACKENDS, LocalCores, RayCluster, backend_named, workers_option
from sim.outputs import writable_directory
from sim.runs import workers_end_with_this_process


def parse(argv: list[str]) -> argparse.Namespace:
    parser = CommandParser(
        prog="sim-claims",
        description=textwrap.fill(
            "Test claims of the domain brief: run each claim's experiment (every arm at every point and "
            "seed) and write its card (card.md and card.html, with figures) under --out. Finished runs "
            "are kept beside each card, so a stopped command resumes when run again.",
            80,
        ),
        epilog="\n".join(
            [
                "claims:",
                *(f"  {claim.id}  {claim.title}" for claim in CLAIMS.values()),
                "",
                "examples:",
                "  sim-claims C1              one claim, full size (card in outputs/claims/full/C1/)",
                "  sim-claims C2 C5 --quick   small populations and few seeds: indicative, in minutes",
                "  sim-claims --all           all eight, and an index of their verdicts",
                "  sim-claims --table         record the full-mode verdicts and remake docs/CLAIMS.md's table",
            ]
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "claims", nargs="*", metavar="CLAIM", help=f"claims to run: {', '.join(CLAIMS)} (below)"
    )
    parser.add_argument("--all", action="store_true", help="run all eight claims and write an index")
    parser.add_argument("--table", action="store_true",
                        help="record the full-mode verdicts under --out in docs/claims/ and rewrite "
                             "docs/CLAIMS.md's verdict table from them (after running any claims given)")
    parser.add_argument("--quick", action="store_true",
                        help="small populations and few seeds: minutes, not hours; indicative, no verdict")
    parser.add_argument("--backend", choices=BACKENDS, default=LocalCores.name,
                        help="where runs go: this machine's cores (loky, the default) or a Ray cluster (ray)")
    parser.add_argument("--workers", type=workers_option, default=None,
                        help="parallel runs with --backend loky (default: every core)")
    parser.add_argument("--address", default=None,
                        help="the Ray cluster's head with --backend ray (default: RAY_ADDRESS, or a local Ray)")
    parser.add_argument("--out", type=path_option, default=Path("outputs") / "claims",
                        help="where cards go (default outputs/claims; quick and full apart)")
    args = parser.parse_args(argv)
    unknown = [c for c in args.claims if c.upper() not in CLAIMS]
    if unknown:
        parser.error(f"unknown claim {', '.join(unknown)}: choose from {', '.join(CLAIMS)}, or --all")
    named: dict[str, str] = {}
    for given in args.claims:
        if given.upper() in named:
            parser.error(f"the claim {given} is named twice ({named[given.upper()]} {given}): name each claim once")
        named[given.upper()] = given
    if not args.claims and not args.all and not args.table:
        parser.error(f"name the claims to run ({', '.join(CLAIMS)}) or give --all or --table")
    if args.table and args.quick:
        parser.error("--table records full-mode verdicts only: quick mode is indicative")
    if args.claims and args.all:
        parser.error("give claims or --all, not both")
    if args.backend == RayCluster.name and args.workers is not None:
        parser.error("--workers is for --backend loky: a Ray cluster runs one run per CPU")
    if args.backend == LocalCores.name and args.address is not None:
        parser.error("--address is for --backend ray")
    return args


def main(argv: list[str] | None = None) -> None:
    """Run the claims; a bad configuration, a Ray backend with no cluster to reach (or no Ray
    installed), an unwritable output directory or Ctrl-C ends in one line (finished runs are
    kept in ``runs.parquet``; no card is written for a claim that did not finish)."""
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        with workers_end_with_this_process():
            _run(args)
    except ConfigError as error:
        exit_in_one_line("sim-claims", f"bad configuration: {error}")
    except (ClusterUnavailable, NotFull) as error:
        exit_in_one_line("sim-claims", str(error))
    except OSError as error:
        exit_in_one_line("sim-claims", f"cannot write into --out {args.out}: {error}")
    except KeyboardInterrupt:
        exit_in_one_line("sim-claims", "interrupted; the runs finished so far are kept, rerun to go on", 130)


def _run(args: argparse.Namespace) -> None:
    from experiments.claims.card import keep, verdict_record, write_card, write_index
    from experiments.claims.engine import SIZES

    size = SIZES["quick" if args.quick else "full"]
    backend = backend_named(args.backend, workers=args.workers, address=args.address)
    ids = list(CLAIMS) if args.all else [c.upper() for c in args.claims]
    out = args.out / size.name
    writable_directory(out)  # before any run: OSError, ended in one line, where it cannot be written
    records = []
    for claim_id in ids:
        claim = CLAIMS[claim_id]
        started = time.perf_counter()
        print(f"{claim.id}: {claim.title}\n  {size.describe(claim)}", flush=True)
        directory = out / claim.id
        done = run_experiment(claim, size, directory, backend)
        card = write_card(done.analysis, done.size, directory, done.sanity, done.strong)
        records.append(verdict_record(done.analysis, done.size, done.sanity, done.strong))
        print(
            f"  verdict: {done.analysis.verdict} ({time.perf_counter() - started:.0f} s); card: {card}", flush=True
        )
    if len(ids) > 1:
        print(f"index of verdicts: {write_index(records, out)}")
    if args.table:
        recorded = table.record(out)
        for path in recorded:
            keep(out / path.stem, table.RECORDED / path.stem)
        print(f"recorded {len(recorded)} full-mode verdicts and their cards in {table.RECORDED}; "
              f"table: {table.write()}")


if __name__ == "__main__":
    main()
