"""Degenerate inputs to ``tandem match``: an empty side gives a result with no pairs, and a
bad number gives a one-line error (exit code 2), never a traceback."""

from __future__ import annotations

import json

import pytest

from tandem.matching.cli import main
from tandem.matching.io import problem_from_dict
from tandem.matching.scoring import Scorer

FEATURED = {"id": "ana", "wants": ["python"], "languages": ["en"], "availability": [18, 19]}
MENTOR = {"id": "mia", "capacity": 2, "offers": ["python"], "languages": ["en"],
          "availability": [18, 19]}


@pytest.mark.parametrize("mentees,mentors", [(10, 0), (0, 10), (0, 0)])
@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_it_benches_an_empty_side_to_no_pairs(mentees, mentors, mode, capsys):
    assert main(["bench", "--mentees", str(mentees), "--mentors", str(mentors),
                 "--mode", mode]) == 0
    out = capsys.readouterr()
    figures = json.loads(out.out)
    assert (figures["mentees"], figures["mentors"], figures["matched"],
            figures["total_score"]) == (mentees, mentors, 0, 0.0)
    assert out.err == ""


@pytest.mark.parametrize("mentees,mentors", [([FEATURED], []), ([], [MENTOR]), ([], [])])
def test_it_scores_features_with_an_empty_side(mentees, mentors, tmp_path, capsys):
    data = {"mentees": mentees, "mentors": mentors}
    assert Scorer(problem_from_dict(data)).candidates().score.size == 0
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))
    assert main(["solve", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["matched"], result["pairs"]) == (0, [])


@pytest.mark.parametrize("args,message", [
    (["--mentees", "-1", "--mentors", "5"], "--mentees must be a whole number from 0 to"),
    (["--mentees", "5", "--mentors", "-3"], "--mentors must be a whole number from 0 to"),
    (["--mentees", "5", "--mentors", "5", "--candidates", "0"],
     "--candidates must be a whole number from 1 to"),
    (["--mentees", str(10**12), "--mentors", "5"], "--mentees must be a whole number from 0 to"),
    (["--mentees", "5", "--mentors", "5", "--seed", "-1"], "--seed must be"),
    (["--mentees", "ten", "--mentors", "5"], "invalid int value: 'ten'"),
])
def test_it_refuses_bad_bench_numbers_in_one_line(args, message, capsys):
    assert main(["bench", *args]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("error: ") and message in out.err
    assert out.err.count("\n") == 1 and "Traceback" not in out.err
