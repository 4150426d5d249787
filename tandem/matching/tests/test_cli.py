"""``tandem match``: exit codes, output shapes, the installed entry point, and no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tandem.matching.cli import main

ROOT = Path(__file__).resolve().parents[3]
PROBLEM = {
    "mentees": [{"id": "ana", "ranking": ["mia", "omar"]}, {"id": "ben"}, {"id": "cy"}],
    "mentors": [{"id": "mia", "capacity": 1}, {"id": "omar", "capacity": 1}],
    "edges": [{"mentee": "ana", "mentor": "mia", "score": 2},
              {"mentee": "ana", "mentor": "omar", "score": 1},
              {"mentee": "ben", "mentor": "mia", "score": 3}],
}


def write(tmp_path, data) -> str:
    path = tmp_path / "problem.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_it_solves_to_stdout(tmp_path, capsys):
    assert main(["solve", write(tmp_path, PROBLEM)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mode"] == "optimal"
    assert [(p["mentee"], p["mentor"]) for p in result["pairs"]] == [("ana", "omar"),
                                                                     ("ben", "mia")]
    assert result["unmatched"] == ["cy"]
    assert result["matched"] == 2
    assert result["total_score"] == 4


def test_it_solves_stable_to_a_file(tmp_path, capsys):
    out = tmp_path / "result.json"
    assert main(["solve", write(tmp_path, PROBLEM), "--mode", "stable", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    result = json.loads(out.read_text())
    assert result["mode"] == "stable"
    assert {p["mentee"]: p["mentor"] for p in result["pairs"]} == {"ana": "omar", "ben": "mia"}


def test_it_exits_2_on_bad_input(tmp_path, capsys):
    bad = dict(PROBLEM, mentors=[{"id": "mia", "capacity": -2}, {"id": "omar"}])
    assert main(["solve", write(tmp_path, bad)]) == 2
    assert "mentors[0].capacity: negative capacity -2" in capsys.readouterr().err
    assert main(["solve", write(tmp_path, "{not json")]) == 2
    assert "malformed JSON" in capsys.readouterr().err
    assert main(["solve", str(tmp_path / "missing.json")]) == 2
    assert main(["solve", write(tmp_path, PROBLEM), "--mode", "greedy"]) == 2
    assert "invalid choice: 'greedy'" in capsys.readouterr().err
    assert main(["bench", "--mentees", "10"]) == 2


def test_it_prints_one_bench_line(capsys):
    assert main(["bench", "--mentees", "300", "--mentors", "40", "--candidates", "10",
                 "--seed", "1", "--mode", "stable"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert list(figures) == ["mode", "mentees", "mentors", "candidates", "score_s", "solve_s",
                             "total_s", "matched", "total_score", "peak_rss_mb"]
    assert figures["mode"] == "stable" and figures["mentees"] == 300
    assert 0 < figures["matched"] <= 300


def test_it_runs_through_the_installed_command_without_django(tmp_path):
    # The `tandem` script dispatches `match` before Django is configured.
    tandem = Path(sys.executable).parent / "tandem"
    done = subprocess.run([str(tandem), "match", "solve", write(tmp_path, PROBLEM)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matched"] == 2
    done = subprocess.run([str(tandem), "match", "solve", str(tmp_path / "none.json")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot read")


def test_it_never_imports_django():
    code = (
        "import sys\n"
        "from tandem.matching.cli import main\n"
        "from tandem.matching import parse_problem, solve\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['bench', '--mentees', '200', '--mentors', '30']) == 0\n"
        "    assert main(['bench', '--mentees', '200', '--mentors', '30',"
        " '--mode', 'stable']) == 0\n"
        f"solve(parse_problem({json.dumps(json.dumps(PROBLEM))}), 'stable')\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
