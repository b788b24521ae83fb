"""Course recommendations: filter and rank the catalogue by level, topic, provider and price."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Course, CourseCatalogue, Term, course_catalogue, find_mentions
from actions.understanding import requested_values

# How many courses one reply lists before it asks the user to narrow the search.
MAX_LISTED = 3
# "a course on X", "classes about X", "tutorial for X": X is the requested subject.
SUBJECT = re.compile(
    r"\b(?:courses?|class(?:es)?|tutorials?|lessons?|lectures?)\s+(?:on|in|about|for|teaching|covering)\s+([^?!.,;]+)",
    re.IGNORECASE,
)
# Words in a subject phrase that say nothing about the subject itself.
FILLER = set(
    "a an the some any my me good best free online how to get started start starting "
    "learn learning with please pls stuff topic subject beginners basics".split()
)


@dataclass(frozen=True)
class CourseQuery:
    """What the user asked for; each field holds canonical catalogue keys."""

    levels: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    prices: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.levels or self.topics or self.providers or self.prices)

    @property
    def criteria_count(self) -> int:
        """Levels, providers and prices each count once (any of them fits); topics each."""
        return len(self.topics) + sum(
            1 for group in (self.levels, self.providers, self.prices) if group
        )


def matched_criteria(course: Course, query: CourseQuery) -> int:
    """How many of the query's criteria the course meets."""
    met = sum(1 for topic in query.topics if topic in course.topics)
    if query.levels and course.level in query.levels:
        met += 1
    if query.providers and {course.provider, course.organisation} & set(query.providers):
        met += 1
    if query.prices and course.price in query.prices:
        met += 1
    return met


def rank_courses(catalogue: CourseCatalogue, query: CourseQuery) -> list[tuple[Course, int]]:
    """All courses with their matched-criteria count, best first, then in document order."""
    scored = [(course, matched_criteria(course, query)) for course in catalogue.courses]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].number))


def describe_query(catalogue: CourseCatalogue, query: CourseQuery) -> str:
    """A phrase such as 'free beginner courses on Python from Udemy'."""

    def labels(keys: Sequence[str], terms: dict[str, Term], joiner: str) -> str:
        return f" {joiner} ".join(terms[key].label for key in keys)

    words = []
    if query.prices:
        words.append(labels(query.prices, dict(catalogue.prices), "or"))
    if query.levels:
        words.append(labels(query.levels, dict(catalogue.levels), "or"))
    phrase = " ".join(words + ["courses"])
    if query.topics:
        phrase += " on " + labels(query.topics, dict(catalogue.topics), "and")
    if query.providers:
        phrase += " from " + labels(query.providers, dict(catalogue.providers), "or")
    return phrase


def course_facts(catalogue: CourseCatalogue, course: Course) -> str:
    """Provider, price, level and length, as far as the document states them."""
    facts = [catalogue.providers[course.provider].label, "free" if course.is_free else "paid"]
    if course.level:
        facts.append(course.level)
    if course.length:
        facts.append(course.length)
    return ", ".join(facts)


def course_line(catalogue: CourseCatalogue, course: Course) -> str:
    # Markdown: the web widget renders a list of links, the shell shows the text as is.
    return f"- [{course.name}]({course.url}) ({course_facts(catalogue, course)}): {course.summary}"


def list_message(intro: str, items: list[str], outro: str = "") -> str:
    """An intro, a Markdown list (blank line before it), and an optional closing line."""
    text = intro + "\n\n" + "\n".join(items)
    return text + "\n\n" + outro if outro else text


def course_details(catalogue: CourseCatalogue, course: Course) -> str:
    """A few sentences on one course: who offers it, what it teaches, level, length, price."""
    offered_by = catalogue.providers[course.provider].label
    if course.instructor and course.organisation:
        offered_by += (
            f", by {course.instructor} of {catalogue.providers[course.organisation].label}"
        )
    elif course.instructor:
        offered_by += f", by {course.instructor}"
    elif course.organisation:
        offered_by += f", made by {catalogue.providers[course.organisation].label}"
    level = f"{course.level} level" if course.level else "level not stated"
    length = course.length or "length not stated"
    price = course.price_note or ("free" if course.is_free else "paid")
    coding = " No coding needed." if course.no_code else ""
    return (
        f"{course.name} is on {offered_by}. {course.summary} "
        f"It is {price}; {level}; {length}.{coding} [Open the course]({course.url})"
    )


def courses_overview(catalogue: CourseCatalogue) -> str:
    lines = [
        f"{course.number}. {course.name} ({course_facts(catalogue, course)})"
        for course in catalogue.courses
    ]
    free = sum(course.is_free for course in catalogue.courses)
    return list_message(
        f"The document lists {len(catalogue.courses)} courses, {free} of them free:",
        lines,
        "Tell me your level or a topic and I'll pick the best fit.",
    )


def recommendation_text(catalogue: CourseCatalogue, query: CourseQuery) -> str:
    """The reply to a course request with at least one criterion."""
    ranked = rank_courses(catalogue, query)
    wanted = describe_query(catalogue, query)
    exact = [course for course, met in ranked if met == query.criteria_count]
    if exact:
        shown = exact[:MAX_LISTED]
        intro = (
            f"Here is the one {wanted.replace('courses', 'course', 1)}:"
            if len(exact) == 1
            else f"I found {len(exact)} {wanted}:"
        )
        more = ""
        if len(exact) > len(shown):
            more = (
                f"…and {len(exact) - len(shown)} more. Add a level, topic or provider "
                "to narrow it down."
            )
        return list_message(intro, [course_line(catalogue, course) for course in shown], more)
    closest = [course for course, _ in ranked[:MAX_LISTED]]
    return list_message(
        f"None of the courses I know is among {wanted}. The closest ones:",
        [course_line(catalogue, course) for course in closest],
    )


def refine_buttons(catalogue: CourseCatalogue, query: CourseQuery) -> list[dict[str, str]]:
    """Buttons that narrow or change the search, skipping what the user already chose."""
    options = [
        ("level", "beginner", "Beginner courses"),
        ("topic", "chatbots", "Courses on chatbots"),
        ("topic", "python", "Courses with Python"),
        ("topic", "rnn", "RNNs and LSTMs"),
    ]
    chosen = set(query.levels) | set(query.topics)
    return [
        {"title": title, "payload": "/ask_courses" + json.dumps({entity: value})}
        for entity, value, title in options
        if value not in chosen
    ]


def query_from_tracker(tracker: Tracker, catalogue: CourseCatalogue) -> CourseQuery:
    def values(entity: str, terms: dict[str, Term]) -> tuple[str, ...]:
        aliases = {key: term.aliases for key, term in terms.items()}
        return tuple(requested_values(tracker, entity, aliases))

    return CourseQuery(
        levels=values("level", dict(catalogue.levels)),
        topics=values("topic", dict(catalogue.topics)),
        providers=values("provider", dict(catalogue.providers)),
        prices=values("price", dict(catalogue.prices)),
    )


def named_courses(catalogue: CourseCatalogue, text: str) -> list[Course]:
    """Courses the message names by title or nickname ("the Andrew Ng course")."""
    if text.startswith("/"):
        return []
    ids = find_mentions(text, {course.id: course.aliases for course in catalogue.courses})
    return [catalogue.by_id(course_id) for course_id in ids]


def unrelated_subject(catalogue: CourseCatalogue, text: str) -> str | None:
    """The subject of "a course on <subject>" when it lies outside deep learning."""
    match = SUBJECT.search(text)
    if not match:
        return None
    phrase = match.group(1).lower()
    vocabulary = {"words": catalogue.subject_words}
    for terms in (catalogue.levels, catalogue.topics, catalogue.providers, catalogue.prices):
        vocabulary.update({key: term.aliases for key, term in terms.items()})
    if find_mentions(phrase, vocabulary):
        return None
    subject = " ".join(w for w in phrase.split() if w not in FILLER and not w.isdigit())
    return subject or None


class ActionRecommendCourses(Action):
    """Answers course requests: one course's details, a filtered list, or the overview."""

    def name(self) -> str:
        return "action_recommend_courses"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        text = tracker.latest_message.get("text") or ""
        named = named_courses(catalogue, text)
        query = query_from_tracker(tracker, catalogue)
        # A level, topic or provider the NLU tagged, even in words the catalogue lacks,
        # means the request is about the courses here.
        tagged = any(
            entity.get("entity") in ("level", "topic", "provider")
            for entity in tracker.latest_message.get("entities", [])
        )
        unrelated = None if named or tagged else unrelated_subject(catalogue, text)

        if unrelated:
            dispatcher.utter_message(
                text=(
                    f"Sorry, I don't know any course on {unrelated}: the courses I know "
                    "all teach deep learning and related AI topics. Would you like to see those?"
                ),
                buttons=[{"title": "Deep learning courses", "payload": "/ask_courses"}]
                + [{"title": "What can you do?", "payload": "/help"}],
            )
        elif len(named) == 1:
            course = named[0]
            dispatcher.utter_message(
                text=course_details(catalogue, course),
                buttons=[
                    {
                        "title": f"More on {catalogue.topics[course.topics[0]].label}",
                        "payload": "/ask_courses" + json.dumps({"topic": course.topics[0]}),
                    }
                ],
            )
        elif named:
            dispatcher.utter_message(
                text=list_message(
                    "You mentioned these courses:",
                    [course_line(catalogue, course) for course in named],
                )
            )
        elif query.is_empty:
            dispatcher.utter_message(
                text=courses_overview(catalogue), buttons=refine_buttons(catalogue, query)
            )
        else:
            dispatcher.utter_message(
                text=recommendation_text(catalogue, query),
                buttons=refine_buttons(catalogue, query),
            )
        return []
