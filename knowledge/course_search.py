"""Course search without Rasa: the query, ranking by fit, and the texts of the replies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.matcher import find_mentions
from knowledge.records import PREFERENCES, Course, CourseCatalogue

# How many courses one reply lists; "show me more" pages through the rest.
PAGE_SIZE = 3
# Shorter than this counts as a "short" course.
SHORT_HOURS = 2
# A slot value meaning "no preference".
ANY = "any"
# "a course on X", "classes about X", "tutorial for X": X is the requested subject.
SUBJECT = re.compile(
    r"\b(?:courses?|class(?:es)?|tutorials?|lessons?|lectures?)\s+"
    r"(?:on|in|about|for|teaching|covering)\s+([^?!.,;]+)",
    re.IGNORECASE,
)
# Words in a subject phrase that say nothing about the subject itself.
FILLER = set(
    "a an the some any my me good best free online how to get started start starting "
    "learn learning with please pls stuff topic subject beginners basics your list "
    "document".split()
)
# The nouns of a course request: "a guitar course" names its subject just before it.
COURSE_NOUN = re.compile(r"\b(?:courses?|class(?:es)?|tutorials?|lessons?|lectures?)\b", re.I)
# Words before a course noun that say what kind of course, not what it is about.
KIND_WORDS = FILLER | set(
    "which what whose one ones this that these those your their our its other another "
    "each every single new nice great decent cheap easy simple basic complete full "
    "intro introductory friendly beginner-friendly proper real actual whole entire "
    "first second third fourth fifth last next top recommended popular favourite "
    "favorite suggested particular specific quick short long video paid certified "
    "accredited university college live self-paced structured practical hands-on "
    "in-depth interesting cool same similar different such there are is any all "
    "of in on for about from and or many several".split()
)


class CourseQuery:
    """The user's preferences (catalogue.PREFERENCES), each a canonical catalogue key;
    a preference left out or None means no preference. `ruled_out` holds the
    (preference, value) pairs the user doesn't want ("not on Udemy")."""

    def __init__(self, ruled_out: Iterable[tuple[str, str]] = (), **wanted: str | None) -> None:
        unknown = (set(wanted) | {p for p, _ in ruled_out}) - set(PREFERENCES)
        if unknown:
            raise ValueError(f"not a course preference: {', '.join(sorted(unknown))}")
        self._wanted = {p: wanted[p] for p in PREFERENCES if wanted.get(p) is not None}
        self.ruled_out = tuple(sorted(set(ruled_out)))

    @classmethod
    def from_slots(
        cls, values: Mapping[str, str | None], ruled_out: Iterable[tuple[str, str]] = ()
    ) -> CourseQuery:
        """From slot values; "any" (no preference) counts as none."""
        wanted = {name: None if value == ANY else value for name, value in values.items()}
        return cls(ruled_out, **wanted)

    def get(self, preference: str) -> str | None:
        return self._wanted.get(preference)

    def items(self) -> list[tuple[str, str]]:
        """The preferences given, in the order of PREFERENCES."""
        return list(self._wanted.items())

    def with_value(self, preference: str, value: str) -> CourseQuery:
        return CourseQuery(self.ruled_out, **{**self._wanted, preference: value})

    def rules_out(self, preference: str, value: str) -> bool:
        return (preference, value) in self.ruled_out

    @property
    def criteria_count(self) -> int:
        return len(self._wanted) + len(self.ruled_out)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CourseQuery)
            and self._wanted == other._wanted
            and self.ruled_out == other.ruled_out
        )

    def __hash__(self) -> int:
        return hash((tuple(self._wanted.items()), self.ruled_out))

    def __repr__(self) -> str:
        given = [f"{k}={v!r}" for k, v in self._wanted.items()]
        given += [f"not {k}={v!r}" for k, v in self.ruled_out]
        return f"CourseQuery({', '.join(given)})"


@dataclass(frozen=True)
class Ranked:
    course: Course
    reasons: tuple[str, ...]  # the criteria it meets, as words for the reply

    @property
    def score(self) -> int:
        return len(self.reasons)


# Whether a course meets each preference. Length and coding have one value each, and
# price two (catalogue.FIXED_VALUES, enforced by the loader).
FITS: dict[str, Callable[[Course, str], bool]] = {
    "level": lambda course, level: course.level == level,
    "topic": lambda course, topic: topic in course.topics,
    "provider": lambda course, provider: provider in (course.provider, course.organisation),
    "price": lambda course, price: course.price == price,
    "length": lambda course, _short: course.hours is not None and course.hours <= SHORT_HOURS,
    "coding": lambda course, _no_code: course.no_code,
}
# How a reply says why a course fits ("beginner level", "covers Python", "takes 1
# hour"), from the label of the value asked for.
REASONS: dict[str, Callable[[Course, str], str]] = {
    "level": lambda course, label: f"{label} level",
    "topic": lambda course, label: f"covers {label}",
    "provider": lambda course, label: f"from {label}",
    "price": lambda course, label: label,
    "length": lambda course, label: f"takes {course.length}",
    "coding": lambda course, label: label,
}


# How a reply says that a course avoids what the user ruled out ("not on Udemy").
RULED_OUT = {
    "level": "not {} level",
    "topic": "not on {}",
    "provider": "not on {}",
    "price": "not {}",
    "length": "not short",
    "coding": "needs some coding",
}


def reasons_it_fits(catalogue: CourseCatalogue, course: Course, query: CourseQuery) -> tuple:
    wanted = tuple(
        REASONS[preference](course, catalogue.label(preference, value))
        for preference, value in query.items()
        if FITS[preference](course, value)
    )
    avoided = tuple(
        RULED_OUT[preference].format(catalogue.label(preference, value))
        for preference, value in query.ruled_out
        if not FITS[preference](course, value)
    )
    return wanted + avoided


def rank_courses(catalogue: CourseCatalogue, query: CourseQuery) -> list[Ranked]:
    """Every course, best fit first; ties go to free courses, then document order."""
    ranked = [
        Ranked(course, reasons_it_fits(catalogue, course, query)) for course in catalogue.courses
    ]
    return sorted(ranked, key=lambda r: (-r.score, not r.course.is_free, r.course.number))


def matching_courses(catalogue: CourseCatalogue, query: CourseQuery) -> list[Ranked]:
    """The courses that meet every criterion of `query`, best fit first."""
    return [r for r in rank_courses(catalogue, query) if r.score == query.criteria_count]


# Where each preference goes in a phrase such as "free short beginner courses on
# Python from Udemy with no coding": before "courses" or after it.
BEFORE = {"price": "{}", "length": "short", "level": "{}"}
AFTER = {"topic": "on {}", "provider": "from {}", "coding": "with no coding"}


def best_course(catalogue: CourseCatalogue, topic: str | None) -> str | None:
    """The id of the best course on a topic, if there is one."""
    ranked = matching_courses(catalogue, CourseQuery(topic=topic)) if topic else []
    return ranked[0].course.id if ranked else None


def describe_query(catalogue: CourseCatalogue, query: CourseQuery) -> str:
    """A phrase such as 'free beginner courses on Python from Udemy'."""

    def words(patterns: Mapping[str, str]) -> list[str]:
        return [
            pattern.format(catalogue.label(preference, value))
            for preference, pattern in patterns.items()
            if (value := query.get(preference))
        ]

    avoided = [
        RULED_OUT[preference].format(catalogue.label(preference, value))
        for preference, value in query.ruled_out
    ]
    avoiding = [" and ".join(avoided)] if avoided else []
    return " ".join(words(BEFORE) + ["courses"] + words(AFTER) + avoiding)


def course_facts(catalogue: CourseCatalogue, course: Course) -> str:
    """Provider, price, level and length, saying so where the document is silent."""
    return ", ".join(
        [
            catalogue.label("provider", course.provider),
            "free" if course.is_free else "paid",
            f"{course.level} level" if course.level else "level not stated",
            course.length or "length not stated",
        ]
    )


def course_line(catalogue: CourseCatalogue, ranked: Ranked) -> str:
    """One Markdown list item: linked name, facts, and why it fits."""
    course = ranked.course
    why = f"Fits: {', '.join(ranked.reasons)}." if ranked.reasons else course.summary
    return f"- [{course.name}]({course.url}) ({course_facts(catalogue, course)}). {why}"


def course_list(catalogue: CourseCatalogue, ranked: list[Ranked]) -> str:
    return "\n".join(course_line(catalogue, r) for r in ranked)


@dataclass(frozen=True)
class Page:
    """One reply of a course search: the responses to send (each a response name of
    domain.yml with its values), the courses it shows, and how many are left."""

    messages: tuple[dict[str, Any], ...]
    shown: tuple[str, ...]  # ids of the courses in this reply
    more: int  # matching courses not shown yet


def search_page(
    catalogue: CourseCatalogue, query: CourseQuery, already_shown: tuple[str, ...] = ()
) -> Page:
    """The next page of results for `query`, skipping courses shown before."""
    wanted = describe_query(catalogue, query)
    matching = matching_courses(catalogue, query)
    if not matching:
        closest = rank_courses(catalogue, query)[:PAGE_SIZE]
        message = {
            "response": "utter_courses_none_match",
            "wanted": wanted,
            "course_list": course_list(catalogue, closest),
        }
        return Page((message,), tuple(r.course.id for r in closest), 0)
    left = [r for r in matching if r.course.id not in already_shown]
    if not left:
        if len(matching) == 1:
            one = wanted.replace("courses", "course", 1)
            message = {"response": "utter_courses_all_seen_one", "wanted": one}
        else:
            message = {
                "response": "utter_courses_all_seen",
                "count": len(matching),
                "wanted": wanted,
            }
        return Page((message,), (), 0)
    if len(matching) == 1:
        # A single fit gets the full details rather than a one-line entry.
        only = matching[0]
        fit = {
            "response": "utter_course_single_fit",
            "wanted": wanted.replace("courses", "course", 1),
            "reasons": ", ".join(only.reasons),
        }
        return Page((fit, details_message(catalogue, only.course)), (only.course.id,), 0)
    page, more = left[:PAGE_SIZE], len(left) - PAGE_SIZE
    listed = {"course_list": course_list(catalogue, page), "wanted": wanted}
    if already_shown:
        message = {"response": "utter_courses_more_page", **listed}
    elif query.criteria_count == 0:
        message = {
            "response": "utter_courses_first_page",
            "total": len(catalogue.courses),
            "free_share": catalogue.free_share,
            "count": len(page),
            **listed,
        }
    else:
        message = {"response": "utter_courses_found", "count": len(matching), **listed}
    messages = (message,)
    if more > 0:
        left = "utter_courses_one_more_left" if more == 1 else "utter_courses_more_left"
        messages += ({"response": left, "more": more},)
    return Page(messages, tuple(r.course.id for r in page), max(more, 0))


def details_message(catalogue: CourseCatalogue, course: Course) -> dict[str, Any]:
    """A few sentences on one course (utter_course_details): who offers it, what it
    teaches, level, length, price."""
    return {
        "response": "utter_course_details",
        **course_values(catalogue, course),
        "summary": course.summary,
        "level": f"{course.level} level" if course.level else "level not stated",
        "length": course.length or "length not stated",
        "coding": " No coding needed." if course.no_code else "",
    }


def course_values(catalogue: CourseCatalogue, course: Course) -> dict[str, str]:
    """What the replies about one course fill in: its name, price, teacher and link."""
    return {
        "course_name": course.name,
        "price": price_of(course),
        "taught_by": taught_by(catalogue, course),
        "url": course.url,
    }


def taught_by(catalogue: CourseCatalogue, course: Course) -> str:
    """'Coursera, by Andrew Ng of DeepLearning.AI', as far as the document says."""
    offered_by = catalogue.label("provider", course.provider)
    if course.instructor and course.organisation:
        organisation = catalogue.label("provider", course.organisation)
        return f"{offered_by}, by {course.instructor} of {organisation}"
    if course.instructor:
        return f"{offered_by}, by {course.instructor}"
    if course.organisation:
        return f"{offered_by}, made by {catalogue.label('provider', course.organisation)}"
    return offered_by


def price_of(course: Course) -> str:
    return "free" if course.is_free else "paid"


# Preferences that say what kind of course, not what it is about ("a free course").
KIND_PREFERENCES = ("level", "price", "length", "coding")


def course_vocabulary(
    catalogue: CourseCatalogue, kinds: bool = True, subjects: bool = True
) -> dict[str, Iterable[str]]:
    """The words that place a course request inside the catalogue: with `subjects`,
    the subject words, topics, providers and course names; with `kinds`, the values
    that say what kind of course (level, price, length, coding)."""
    vocabulary: dict[str, Iterable[str]] = {"words": catalogue.subject_words} if subjects else {}
    for preference, terms in catalogue.preferences.items():
        if (preference in KIND_PREFERENCES and kinds) or (
            preference not in KIND_PREFERENCES and subjects
        ):
            vocabulary.update({f"{preference}:{key}": t.aliases for key, t in terms.items()})
    if subjects:
        vocabulary.update({course.id: course.aliases for course in catalogue.courses})
    return vocabulary


def unrelated_subject(
    catalogue: CourseCatalogue, text: str, after_the_noun: bool = True
) -> str | None:
    """The subject of "a <subject> course", or of "a course on <subject>" unless
    `after_the_noun` is False, when it lies outside deep learning."""
    before = subject_before_the_noun(catalogue, text)
    if before or not after_the_noun:
        return before
    match = SUBJECT.search(text)
    if not match:
        return None
    phrase = match.group(1).lower()
    if find_mentions(phrase, course_vocabulary(catalogue)):
        return None
    subject = " ".join(w for w in phrase.split() if w not in FILLER and not w.isdigit())
    return subject or None


def subject_before_the_noun(catalogue: CourseCatalogue, text: str) -> str | None:
    """ "guitar" in "a free guitar course": the word before a course noun, unless a
    subject of the catalogue is among the three words before it ("a deep learning
    course", "the crash course", "a chatbot building course") or the word says what
    kind of course it is ("a free course", "the second one", "the shortest course")."""
    subjects = course_vocabulary(catalogue, kinds=False)
    kinds = course_vocabulary(catalogue, subjects=False)
    for noun in COURSE_NOUN.finditer(text):
        words = [w.strip("'\".,!?:;()") for w in text[: noun.start()].lower().split()]
        if not words:
            continue
        word = words[-1]
        near = " ".join(words[-3:] + [noun.group().lower()])
        if find_mentions(near, subjects) or find_mentions(word, kinds):
            continue
        if word in KIND_WORDS or word.endswith(("est", "er")) or not word.isalpha():
            continue
        return word
    return None


ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
# "the second one", "the last course", "number 2", "#3", "course 1".
ORDINAL = re.compile(
    r"\b(?:the\s+)?(" + "|".join(ORDINALS) + r")\b(?!\s+(?:time|step|part|layer))"
    r"|(?:\bnumber|#|\bno\.?|\bcourse)\s*([1-9])\b",
    re.IGNORECASE,
)


def course_at_position(text: str, shown: list[str]) -> str | None:
    """The course of the last list that `text` points at by its place ("the second
    one", "the last one", "number 3"), if there is one."""
    match = ORDINAL.search(text)
    if not match or not shown:
        return None
    position = ORDINALS[match.group(1).lower()] if match.group(1) else int(match.group(2))
    index = position - 1 if position > 0 else len(shown) + position
    return shown[index] if 0 <= index < len(shown) else None
