"""Course recommendations: filter and rank the catalogue by level, topic, provider and price."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import Course, CourseCatalogue, Term, course_catalogue, find_mentions
from actions.understanding import requested_values

# How many courses one reply lists before it asks the user to narrow the search.
MAX_LISTED = 3


@dataclass(frozen=True)
class CourseQuery:
    """What the user asked for; each field holds canonical catalogue keys."""

    levels: Tuple[str, ...] = ()
    topics: Tuple[str, ...] = ()
    providers: Tuple[str, ...] = ()
    prices: Tuple[str, ...] = ()

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


def rank_courses(
    catalogue: CourseCatalogue, query: CourseQuery
) -> List[Tuple[Course, int]]:
    """All courses with their matched-criteria count, best first, then in document order."""
    scored = [(course, matched_criteria(course, query)) for course in catalogue.courses]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].number))


def describe_query(catalogue: CourseCatalogue, query: CourseQuery) -> str:
    """A phrase such as 'free beginner courses on Python from Udemy'."""

    def labels(keys: Sequence[str], terms: Dict[str, Term], joiner: str) -> str:
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
    return f"• {course.name} ({course_facts(catalogue, course)}): {course.summary} {course.url}"


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
        f"It is {price}; {level}; {length}.{coding} Link: {course.url}"
    )


def courses_overview(catalogue: CourseCatalogue) -> str:
    lines = [
        f"{course.number}. {course.name} ({course_facts(catalogue, course)})"
        for course in catalogue.courses
    ]
    free = sum(course.is_free for course in catalogue.courses)
    return (
        f"The document lists {len(catalogue.courses)} courses, {free} of them free:\n"
        + "\n".join(lines)
        + "\nTell me your level or a topic and I'll pick the best fit."
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
        lines = [intro] + [course_line(catalogue, course) for course in shown]
        if len(exact) > len(shown):
            lines.append(
                f"…and {len(exact) - len(shown)} more. Add a level, topic or provider "
                "to narrow it down."
            )
        return "\n".join(lines)
    closest = [course for course, _ in ranked[:MAX_LISTED]]
    return "\n".join(
        [f"None of the courses I know is among {wanted}. The closest ones:"]
        + [course_line(catalogue, course) for course in closest]
    )


def refine_buttons(catalogue: CourseCatalogue, query: CourseQuery) -> List[Dict[str, str]]:
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
    def values(entity: str, terms: Dict[str, Term]) -> Tuple[str, ...]:
        aliases = {key: term.aliases for key, term in terms.items()}
        return tuple(requested_values(tracker, entity, aliases))

    return CourseQuery(
        levels=values("level", dict(catalogue.levels)),
        topics=values("topic", dict(catalogue.topics)),
        providers=values("provider", dict(catalogue.providers)),
        prices=values("price", dict(catalogue.prices)),
    )


def named_courses(catalogue: CourseCatalogue, text: str) -> List[Course]:
    """Courses the message names by title or nickname ("the Andrew Ng course")."""
    if text.startswith("/"):
        return []
    ids = find_mentions(text, {course.id: course.aliases for course in catalogue.courses})
    return [catalogue.by_id(course_id) for course_id in ids]


class ActionRecommendCourses(Action):
    """Answers course requests: one course's details, a filtered list, or the overview."""

    def name(self) -> Text:
        return "action_recommend_courses"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        catalogue = course_catalogue()
        named = named_courses(catalogue, tracker.latest_message.get("text") or "")
        query = query_from_tracker(tracker, catalogue)

        if len(named) == 1:
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
                text="\n".join(course_line(catalogue, course) for course in named)
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
