"""``tandem match solve|bench``: the engine's command line (no Django, no database).

Exit codes: 0 success, 2 bad input (the message, naming the problem, goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import NoReturn

from .io import load_problem, result_to_json
from .model import ProblemError
from .solve import MODES, assign, build_result, candidate_edges, make_scorer

# A synthetic cohort lives in memory: ten times the largest benchmark (100,000 mentees)
# is the most a bench may ask for; an empty side is allowed and gives no pairs.
MAX_BENCH_SIDE = 1_000_000
MAX_BENCH_CANDIDATES = 10_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ProblemError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tandem match", description="Tandem's matching engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = commands.add_parser("solve", help="match the participants of a problem file")
    solve.add_argument("problem", help="problem JSON file (see docs/matching.md)")
    solve.add_argument("--mode", choices=MODES, default="optimal")
    solve.add_argument("-o", "--output", help="write the result here instead of stdout")
    bench = commands.add_parser("bench", help="score and match a synthetic cohort")
    bench.add_argument("--mentees", type=int, required=True)
    bench.add_argument("--mentors", type=int, required=True)
    bench.add_argument("--candidates", type=int, default=50)
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--mode", choices=MODES, default="optimal")
    return parser


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_bench(mentees: int, mentors: int, candidates: int = 50, seed: int = 0,
              mode: str = "optimal") -> dict:
    """Generate a synthetic cohort, score it and match it; the timings as a dict.
    ``score_s`` covers preparing features and keeping the top-k, ``solve_s`` the matching."""
    from .scoring import Scorer
    from .synth import cohort

    for name, value, low, high in (("--mentees", mentees, 0, MAX_BENCH_SIDE),
                                   ("--mentors", mentors, 0, MAX_BENCH_SIDE),
                                   ("--candidates", candidates, 1, MAX_BENCH_CANDIDATES),
                                   ("--seed", seed, 0, 2**32 - 1)):
        if not low <= value <= high:
            raise ProblemError(f"bench: {name} must be a whole number from {low} to "
                               f"{high:,}, got {value:,}")
    problem = cohort(mentees, mentors, candidates, seed)
    start = time.perf_counter()
    edges = candidate_edges(problem, Scorer(problem))
    scored = time.perf_counter()
    chosen, _ = assign(problem, edges, mode)
    solved = time.perf_counter()
    return {"mode": mode, "mentees": mentees, "mentors": mentors, "candidates": candidates,
            "score_s": round(scored - start, 3), "solve_s": round(solved - scored, 3),
            "total_s": round(solved - start, 3), "matched": int(chosen.size),
            "total_score": round(float(edges.score[chosen].sum()), 3),
            "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "solve":
            problem = load_problem(args.problem)
            scorer = make_scorer(problem)
            edges = candidate_edges(problem, scorer)
            chosen, acceptable = assign(problem, edges, args.mode)
            text = result_to_json(build_result(problem, edges, chosen, args.mode, acceptable,
                                               scorer))
            if args.output:
                try:
                    with open(args.output, "w", encoding="utf-8") as handle:
                        handle.write(text)
                except OSError as error:
                    raise ProblemError(f"cannot write {args.output}: {error.strerror}") \
                        from None
            else:
                sys.stdout.write(text)
        else:
            print(json.dumps(run_bench(args.mentees, args.mentors, args.candidates, args.seed,
                                       args.mode)))
    except ProblemError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
