"""The course and example catalogues: what ships, and how bad files are refused."""

from pathlib import Path

import pytest
import yaml

from knowledge.catalogues import (
    COURSES_FILE,
    EXAMPLES_FILE,
    load_course_catalogue,
    load_example_requests,
    load_examples,
)
from knowledge.records import PREFERENCES
from knowledge.validation import CatalogueError

TRACKING_WORDS = ("utm_", "ranMID", "ranEAID", "irclickid", "awc=", "source=", "feature=")


def test_catalogue_holds_the_nine_courses_of_the_document():
    catalogue = load_course_catalogue()
    assert [course.number for course in catalogue.courses] == list(range(1, 10))
    providers = [course.provider for course in catalogue.courses]
    assert providers.count("udemy") == 5
    assert {"coursera", "edx", "pluralsight", "freecodecamp"} <= set(providers)


def test_course_links_carry_no_tracking_parameters():
    for course in load_course_catalogue().courses:
        assert course.url.startswith("https://")
        assert not any(word.lower() in course.url.lower() for word in TRACKING_WORDS)


def test_stated_levels_and_lengths_match_the_document():
    by_number = {course.number: course for course in load_course_catalogue().courses}
    assert by_number[6].level == "intermediate"
    assert by_number[8].level == "beginner" and by_number[8].no_code
    assert by_number[9].level == "beginner" and by_number[9].length == "2 hours"
    assert by_number[7].length == "1 hour"
    assert by_number[2].instructor == "Andrew Ng"
    assert by_number[4].organisation == "ibm"


def test_examples_hold_the_eight_fields_of_the_document():
    ids = [example.id for example in load_examples()]
    assert ids == [
        "virtual_assistants",
        "translation",
        "autonomous_vehicles",
        "chatbots",
        "image_colorization",
        "facial_recognition",
        "medicine",
        "personalized_shopping",
    ]


def _write_broken_copy(tmp_path: Path, source: Path, edit) -> Path:
    content = yaml.safe_load(source.read_text())
    edit(content)
    broken = tmp_path / source.name
    broken.write_text(yaml.safe_dump(content, allow_unicode=True))
    return broken


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda c: c["courses"][0].pop("url"), "courses[0].url"),
        (
            lambda c: c["courses"][1].update(url=c["courses"][1]["url"] + "?utm_source=x"),
            "courses[1].url",
        ),
        (lambda c: c["courses"][2].update(price="cheap"), "courses[2].price"),
        (lambda c: c["courses"][3].update(topics=["cooking"]), "courses[3].topics"),
        (lambda c: c["courses"][4].update(level="expert"), "courses[4].level"),
        (lambda c: c["courses"][5].update(number="six"), "courses[5].number"),
        (lambda c: c["courses"][6].update(provider="netflix"), "courses[6].provider"),
        (lambda c: c["courses"][7].update(aliases=[]), "courses[7].aliases"),
        (lambda c: c["courses"][8].update(id=c["courses"][0]["id"]), "duplicate id"),
        (lambda c: c["topics"]["rnn"].pop("label"), "topics.rnn.label"),
        # The search gives these values a meaning: a new one would never match.
        (lambda c: c["lengths"].update(long={"label": "long", "aliases": ["long"]}), "lengths"),
        (lambda c: c["codings"].update(code={"label": "c", "aliases": ["c"]}), "codings"),
        (lambda c: c["prices"].pop("paid"), "prices"),
        (lambda c: c["refinements"][0].update(preference="colour"), "refinements[0].preference"),
        (lambda c: c["refinements"][1].update(value="cheap"), "refinements[1].value"),
    ],
)
def test_a_bad_course_file_names_the_file_and_the_field(tmp_path, edit, field):
    broken = _write_broken_copy(tmp_path, COURSES_FILE, edit)
    with pytest.raises(CatalogueError) as error:
        load_course_catalogue(broken)
    assert str(broken) in str(error.value)
    assert field in str(error.value)


def test_a_bad_example_file_names_the_file_and_the_field(tmp_path):
    broken = _write_broken_copy(
        tmp_path, EXAMPLES_FILE, lambda c: c["examples"][3]["related"].pop("intent")
    )
    with pytest.raises(CatalogueError, match=r"examples\[3\]\.related\.intent"):
        load_examples(broken)


def test_general_requests_for_examples_are_validated(tmp_path):
    assert len(load_example_requests()) >= 2
    broken = _write_broken_copy(
        tmp_path, EXAMPLES_FILE, lambda c: c["overview"].update(describes=[""])
    )
    with pytest.raises(CatalogueError, match=r"examples\.yml: overview.*describes"):
        load_example_requests(broken)


def test_unreadable_or_invalid_files_are_refused(tmp_path):
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_course_catalogue(tmp_path / "missing.yml")
    garbled = tmp_path / "garbled.yml"
    garbled.write_text("courses: [unclosed")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        load_course_catalogue(garbled)


def test_the_domain_has_an_entity_and_a_slot_for_each_course_preference(domain):
    assert set(PREFERENCES) <= set(domain["entities"])
    for preference in PREFERENCES:
        mappings = domain["slots"][preference]["mappings"]
        assert {"type": "from_entity", "entity": preference}.items() <= mappings[0].items()
    catalogue = load_course_catalogue()
    assert set(catalogue.preferences) == set(PREFERENCES)
