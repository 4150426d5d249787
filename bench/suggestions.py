"""How fast "Suggested for you" answers with many mentors.

Reuses bench/directory_search.py's throw-away database (a temporary data folder, SQLite
unless ``--database-url`` is given) and generated mentors, gives the viewer skills they
want and a shared goal, then times:

* ``cold``: ``suggestions_for`` with an empty cache: reading every eligible mentor's
  features, scoring with the matching engine, reasons, and the cards (median and p95);
* ``viewer cold, mentor pool cached``: the usual case, a mentee's first look while the
  mentors' features (shared by all viewers, cached for a minute) are in the cache;
* its parts: reading the features, and scoring alone;
* ``warm``: the cached ranking re-checked and loaded for display;
* the directory page and the API as a signed-in mentee (cold cache each time).

Run from the repository root:

    .venv/bin/python bench/suggestions.py --mentors 10000

It prints one JSON line and exits with 1 when the cold median exceeds ``--budget-ms``
(1000 ms by default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from directory_search import _summary, generate_mentors, measure, throwaway_django  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--budget-ms", type=float, default=1000.0)
    return parser.parse_args()


def prepare_viewer(viewer) -> None:
    from tandem.accounts.services import profile_update
    from tandem.growth.services import goal_create

    profile_update(actor=viewer, profile=viewer.profile, changes={
        "skills_wanted": ["Python", "System design", "Leadership"],
        "interests": ["Public speaking"], "experience_years": 2})
    goal_create(actor=viewer, title="Become a backend tech lead",
                why="I want to design systems that stay up and grow the people around me.",
                measure="Lead the design of one service end to end.")


def main() -> int:
    args = parse_args()
    with throwaway_django(args.database_url):
        from django.core.cache import cache
        from django.test import Client

        from tandem.directory import suggestions
        from tandem.directory.features import build_problem, load_people
        from tandem.matching.scoring import Scorer

        started = time.perf_counter()
        viewer = generate_mentors(args.mentors, args.seed)
        prepare_viewer(viewer)
        setup_s = time.perf_counter() - started

        def cold():
            cache.clear()
            return suggestions.suggestions_for(viewer)

        figures = {}
        figures["cold"], result = measure(cold, args.repeat)
        # CPU seconds too: on a busy machine wall-clock figures mostly measure the others.
        samples, cpu_cold, cpu_viewer = [], [], []
        for _ in range(args.repeat):
            cache.clear()
            c0 = time.process_time()
            suggestions.mentor_pool()  # shared by every viewer, cached for a minute
            c1 = time.process_time()
            t0 = time.perf_counter()
            suggestions.suggestions_for(viewer)
            samples.append(time.perf_counter() - t0)
            c2 = time.process_time()
            cpu_cold.append(c2 - c0)
            cpu_viewer.append(c2 - c1)
        figures["viewer cold, mentor pool cached"] = _summary(samples)
        figures["cpu: cold"] = _summary(cpu_cold)
        figures["cpu: viewer cold, pool cached"] = _summary(cpu_viewer)
        figures["warm"], _ = measure(lambda: suggestions.suggestions_for(viewer), args.repeat)

        eligible = suggestions.eligible_mentors(viewer).order_by("pk")
        scope = suggestions.Profile.objects.filter(is_mentor=True, open_to_requests=True)
        figures["read features"], mentors = measure(
            lambda: load_people(eligible, as_mentor=True, as_mentee=False, scope=scope),
            args.repeat)
        mentee = load_people([viewer.pk], as_mentor=False, as_mentee=True)[0]
        problem = build_problem(mentees=[mentee], mentors=mentors,
                                weights=suggestions.WEIGHTS,
                                constraints=suggestions.CONSTRAINTS)
        samples = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            Scorer(problem).candidates(threads=1)
            samples.append(time.perf_counter() - t0)
        figures["score"] = _summary(samples)

        client = Client()
        client.force_login(viewer)
        for name, url in (("page /mentors/", "/mentors/"),
                          ("api /api/directory/suggestions", "/api/directory/suggestions")):
            def request(url=url):
                cache.clear()
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"GET {url} answered {response.status_code}")
                return response

            figures[name], _ = measure(request, args.repeat)

        line = {
            "mentors": args.mentors, "eligible": len(mentors), "setup_s": round(setup_s, 1),
            "suggested": [(s.profile.display_name, s.score, s.reasons) for s in result.items],
            "figures": figures,
            "machine": f"{platform.machine()} {platform.processor() or ''} "
                       f"{os.cpu_count()} cpus, Python {platform.python_version()}".strip(),
            "load_average": os.getloadavg()[0],
        }
        for name, values in figures.items():
            print(f"{name:34} median {values['median_ms']:8.1f} ms   p95 "
                  f"{values['p95_ms']:8.1f} ms   queries {values.get('sql_queries', '-')}")
        print(json.dumps(line, ensure_ascii=False))
        return 0 if figures["cold"]["median_ms"] <= args.budget_ms else 1


if __name__ == "__main__":
    sys.exit(main())
