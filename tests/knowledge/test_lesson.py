"""The guided lesson's steps (knowledge/data/lesson.yml, knowledge/lesson.py)."""

import pytest

from knowledge.document import document
from knowledge.lesson import lesson, load_lesson
from knowledge.validation import CatalogueError


def test_the_lesson_builds_from_what_it_is_to_a_course():
    steps = lesson().steps
    assert len(steps) == 8
    assert steps[0].parts == ("ask_what_is_dl",)
    assert "ask_cnn" in steps[3].parts and "ask_dl_vs_ml" in steps[4].parts
    assert sum(p.startswith("example:") for p in steps[5].parts) in (2, 3)
    assert steps[-1].course and not steps[-1].parts


def test_each_step_is_told_from_its_parts_gists_in_a_few_sentences():
    parts = document().parts
    for step in lesson().steps[:-1]:
        for key in step.parts:
            gist = parts[key].gist.lower()
            assert gist[2:] in step.text.lower(), (step.number, key)
        assert 1 <= step.text.count(". ") + 1 <= 4, step.text


def test_a_step_out_of_range_is_the_nearest():
    assert lesson().step(0).number == 1
    assert lesson().step(99).number == lesson().length


def test_a_step_naming_no_part_is_refused(tmp_path):
    broken = tmp_path / "lesson.yml"
    broken.write_text('steps:\n  - title: "X"\n    parts: [no_such_part]\n')
    with pytest.raises(CatalogueError, match="no_such_part"):
        load_lesson(broken)
    broken.write_text('steps:\n  - title: "X"\n    parts: [ask_cnn]\n')
    with pytest.raises(CatalogueError, match="finds a course"):
        load_lesson(broken)
