"""Course search without Rasa: the query, ranking by fit, and the texts of the replies."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from actions.catalogue import Course, CourseCatalogue, find_mentions

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
    "learn learning with please pls stuff topic subject beginners basics".split()
)


@dataclass(frozen=True)
class CourseQuery:
    """The user's preferences, as canonical catalogue keys; None means no preference."""

    level: str | None = None
    topic: str | None = None
    provider: str | None = None
    price: str | None = None
    length: str | None = None
    coding: str | None = None

    @classmethod
    def from_slots(cls, values: dict[str, str | None]) -> CourseQuery:
        return cls(
            **{
                f.name: None if values.get(f.name) in (None, ANY) else values[f.name]
                for f in fields(cls)
            }
        )

    @property
    def criteria_count(self) -> int:
        return sum(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class Ranked:
    course: Course
    reasons: tuple[str, ...]  # the criteria it meets, as words for the reply

    @property
    def score(self) -> int:
        return len(self.reasons)


def reasons_it_fits(catalogue: CourseCatalogue, course: Course, query: CourseQuery) -> tuple:
    reasons = []
    if query.level and course.level == query.level:
        reasons.append(f"{catalogue.levels[query.level].label} level")
    if query.topic and query.topic in course.topics:
        reasons.append(f"covers {catalogue.topics[query.topic].label}")
    if query.provider and query.provider in (course.provider, course.organisation):
        reasons.append(f"from {catalogue.providers[query.provider].label}")
    if query.price and course.price == query.price:
        reasons.append(query.price)
    if query.length == "short" and course.hours is not None and course.hours <= SHORT_HOURS:
        reasons.append(f"takes {course.length}")
    if query.coding == "no_code" and course.no_code:
        reasons.append("no coding needed")
    return tuple(reasons)


def rank_courses(catalogue: CourseCatalogue, query: CourseQuery) -> list[Ranked]:
    """Every course, best fit first; ties go to free courses, then document order."""
    ranked = [
        Ranked(course, reasons_it_fits(catalogue, course, query)) for course in catalogue.courses
    ]
    return sorted(ranked, key=lambda r: (-r.score, not r.course.is_free, r.course.number))


def matching_courses(catalogue: CourseCatalogue, query: CourseQuery) -> list[Ranked]:
    """The courses that meet every criterion of `query`, best fit first."""
    return [r for r in rank_courses(catalogue, query) if r.score == query.criteria_count]


def describe_query(catalogue: CourseCatalogue, query: CourseQuery) -> str:
    """A phrase such as 'free beginner courses on Python from Udemy'."""
    words = []
    if query.price:
        words.append(catalogue.prices[query.price].label)
    if query.length:
        words.append("short")
    if query.level:
        words.append(catalogue.levels[query.level].label)
    phrase = " ".join(words + ["courses"])
    if query.topic:
        phrase += f" on {catalogue.topics[query.topic].label}"
    if query.provider:
        phrase += f" from {catalogue.providers[query.provider].label}"
    if query.coding:
        phrase += " with no coding"
    return phrase


def course_facts(catalogue: CourseCatalogue, course: Course) -> str:
    """Provider, price, level and length, saying so where the document is silent."""
    return ", ".join(
        [
            catalogue.providers[course.provider].label,
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


def list_message(intro: str, items: list[str], outro: str = "") -> str:
    """An intro, a Markdown list (blank line before it), and an optional closing line."""
    text = intro + "\n\n" + "\n".join(items)
    return text + "\n\n" + outro if outro else text


@dataclass(frozen=True)
class Page:
    """One reply of a course search: its text, the courses it shows, and what is left."""

    text: str
    shown: tuple[str, ...]  # ids of the courses in this reply
    more: int  # matching courses not shown yet


def search_page(
    catalogue: CourseCatalogue, query: CourseQuery, already_shown: tuple[str, ...] = ()
) -> Page:
    """The next page of results for `query`, skipping courses shown before."""
    ranked = rank_courses(catalogue, query)
    wanted = describe_query(catalogue, query)
    matching = matching_courses(catalogue, query)
    if not matching:
        closest = ranked[:PAGE_SIZE]
        return Page(
            list_message(
                f"None of the courses I know is among {wanted}. The closest ones:",
                [course_line(catalogue, r) for r in closest],
            ),
            tuple(r.course.id for r in closest),
            0,
        )
    left = [r for r in matching if r.course.id not in already_shown]
    if not left:
        return Page(
            f"That's all: I know {len(matching)} {wanted}, and you've seen them all. "
            "Would you like to change the level or topic?",
            (),
            0,
        )
    page, more = left[:PAGE_SIZE], len(left) - PAGE_SIZE
    if already_shown:
        intro = f"More {wanted}:"
    elif query.criteria_count == 0:
        free = sum(course.is_free for course in catalogue.courses)
        intro = (
            f"The document lists {len(catalogue.courses)} courses, {free} of them free. "
            f"Here are {len(page)} to start with:"
        )
    elif len(matching) == 1:
        # A single fit gets the full details rather than a one-line entry.
        only = matching[0]
        return Page(
            f"Here is the one {wanted.replace('courses', 'course', 1)}. "
            f"Fits: {', '.join(only.reasons)}.\n\n{course_details(catalogue, only.course)}",
            (only.course.id,),
            0,
        )
    else:
        intro = f"I found {len(matching)} {wanted}. The best fits:"
    outro = (
        f'There {"is" if more == 1 else "are"} {more} more: say "show me more".' if more > 0 else ""
    )
    return Page(
        list_message(intro, [course_line(catalogue, r) for r in page], outro),
        tuple(r.course.id for r in page),
        max(more, 0),
    )


def course_details(catalogue: CourseCatalogue, course: Course) -> str:
    """A few sentences on one course: who offers it, what it teaches, level, length, price."""
    level = f"{course.level} level" if course.level else "level not stated"
    coding = " No coding needed." if course.no_code else ""
    return (
        f"{course.name} is on {taught_by(catalogue, course)}. {course.summary} "
        f"It is {price_of(course)}; {level}; {course.length or 'length not stated'}.{coding} "
        f"[Open the course]({course.url})"
    )


def taught_by(catalogue: CourseCatalogue, course: Course) -> str:
    """'Coursera, by Andrew Ng of DeepLearning.AI', as far as the document says."""
    offered_by = catalogue.providers[course.provider].label
    if course.instructor and course.organisation:
        organisation = catalogue.providers[course.organisation].label
        return f"{offered_by}, by {course.instructor} of {organisation}"
    if course.instructor:
        return f"{offered_by}, by {course.instructor}"
    if course.organisation:
        return f"{offered_by}, made by {catalogue.providers[course.organisation].label}"
    return offered_by


def price_of(course: Course) -> str:
    return course.price_note or ("free" if course.is_free else "paid")


def unrelated_subject(catalogue: CourseCatalogue, text: str) -> str | None:
    """The subject of "a course on <subject>" when it lies outside deep learning."""
    match = SUBJECT.search(text)
    if not match:
        return None
    phrase = match.group(1).lower()
    vocabulary = {"words": catalogue.subject_words}
    for terms in (
        catalogue.levels,
        catalogue.topics,
        catalogue.providers,
        catalogue.prices,
        catalogue.lengths,
        catalogue.codings,
    ):
        vocabulary.update({key: term.aliases for key, term in terms.items()})
    if find_mentions(phrase, vocabulary):
        return None
    subject = " ".join(w for w in phrase.split() if w not in FILLER and not w.isdigit())
    return subject or None
