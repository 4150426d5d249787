"""Problem files: each mistake is refused with a message that names it and where."""

from __future__ import annotations

import json

import pytest

from tandem.matching import ProblemError, parse_problem, result_to_dict, solve


def problem(**changes):
    data = {"mentees": [{"id": "ana"}, {"id": "ben"}],
            "mentors": [{"id": "mia", "capacity": 1}, {"id": "omar", "capacity": 2}],
            "edges": [{"mentee": "ana", "mentor": "mia", "score": 3.5},
                      {"mentee": "ben", "mentor": "omar", "score": 1}]}
    data.update(changes)
    return json.dumps(data)


def refused(text: str) -> str:
    with pytest.raises(ProblemError) as caught:
        parse_problem(text)
    return str(caught.value)


def test_it_reads_a_valid_problem():
    parsed = parse_problem(problem())
    assert parsed.mentee_ids == ["ana", "ben"]
    assert parsed.capacity.tolist() == [1, 2]
    assert parsed.edges.score.tolist() == [3.5, 1.0]


def test_it_refuses_malformed_json():
    assert refused('{"mentees": [}').startswith("malformed JSON at line 1 column 14")


def test_it_refuses_a_duplicate_mentee_id():
    message = refused(problem(mentees=[{"id": "ana"}, {"id": "ana"}]))
    assert message == "mentees[1].id: duplicate mentee id 'ana' (first at mentees[0])"


def test_it_refuses_a_duplicate_mentor_id():
    message = refused(problem(mentors=[{"id": "mia"}, {"id": "mia"}]))
    assert message == "mentors[1].id: duplicate mentor id 'mia' (first at mentors[0])"


def test_it_refuses_a_missing_id():
    assert refused(problem(mentees=[{"ranking": []}])) == \
        "mentees[0].id: expected a non-empty string id, got None"


def test_it_refuses_a_negative_capacity():
    message = refused(problem(mentors=[{"id": "mia", "capacity": -1}, {"id": "omar"}]))
    assert message == "mentors[0].capacity: negative capacity -1 for mentor 'mia'"


def test_it_refuses_a_fractional_capacity():
    assert "mentors[0].capacity: expected a whole number" in refused(
        problem(mentors=[{"id": "mia", "capacity": 1.5}, {"id": "omar"}]))


def test_it_refuses_an_edge_to_an_unknown_mentor():
    message = refused(problem(edges=[{"mentee": "ana", "mentor": "zed", "score": 1}]))
    assert message == "edges[0].mentor: unknown mentor id 'zed'"


def test_it_refuses_an_edge_from_an_unknown_mentee():
    message = refused(problem(edges=[{"mentee": "zoe", "mentor": "mia", "score": 1}]))
    assert message == "edges[0].mentee: unknown mentee id 'zoe'"


def test_it_refuses_a_non_numeric_score():
    message = refused(problem(edges=[{"mentee": "ana", "mentor": "mia", "score": "high"}]))
    assert message == "edges[0].score: expected a finite number, got 'high'"


def test_it_refuses_a_duplicate_edge():
    edge = {"mentee": "ana", "mentor": "mia", "score": 1}
    assert refused(problem(edges=[edge, edge])) == \
        "edges[1]: duplicate edge 'ana'-'mia' (first at edges[0])"


def test_it_refuses_an_unknown_id_in_a_ranking():
    message = refused(problem(mentees=[{"id": "ana", "ranking": ["mia", "nobody"]},
                                       {"id": "ben"}]))
    assert message == "mentees[0].ranking[1]: unknown mentor id 'nobody'"


def test_it_refuses_an_unknown_field():
    assert refused(problem(mentors=[{"id": "mia", "capcity": 2}])).startswith(
        "mentors[0]: unknown field 'capcity'")


def test_it_refuses_more_locked_pairs_than_places():
    message = refused(problem(locked=[{"mentee": "ana", "mentor": "mia"},
                                      {"mentee": "ben", "mentor": "mia"}]))
    assert message == "locked[1]: mentor 'mia' has capacity 1 but more locked pairs"


def test_it_refuses_a_pair_both_locked_and_forbidden():
    pair = {"mentee": "ana", "mentor": "mia"}
    assert "both locked and forbidden" in refused(problem(locked=[pair], forbidden=[pair]))


def test_it_refuses_a_bad_weight_and_a_bad_constraint():
    assert refused(problem(weights={"skills": -1})) == \
        "weights.skills: expected a number >= 0, got -1"
    assert refused(problem(constraints={"shared_language": "yes"})) == \
        "constraints.shared_language: expected true or false, got 'yes'"


def test_it_refuses_a_bad_feature():
    message = refused(json.dumps({"mentees": [{"id": "ana", "availability": [170]}],
                                  "mentors": []}))
    assert message == ("mentees[0].availability[0]: expected an hour of the week 0-167 "
                       "(UTC), got 170")


def test_it_writes_the_result_format():
    document = result_to_dict(solve(parse_problem(problem(mentees=[
        {"id": "ana"}, {"id": "ben"}, {"id": "cy"}]))))
    assert set(document) == {"mode", "pairs", "unmatched", "reasons", "matched",
                             "total_score"}
    assert document["pairs"][0] == {"mentee": "ana", "mentor": "mia", "score": 3.5,
                                    "contributions": {"score": 3.5}, "locked": False}
    assert document["unmatched"] == ["cy"]
    assert document["reasons"] == {"cy": "no candidate passes the constraints"}
    assert document["matched"] == 2
    assert document["total_score"] == 4.5
