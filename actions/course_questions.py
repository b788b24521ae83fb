"""Questions about the catalogue as a whole: the best course, the shortest or longest,
which provider is better, and signing up."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import (
    COURSE,
    course_meant,
    course_question_buttons,
    course_step,
    on_courses,
    preference_events,
    search_query,
)
from actions.offers import ReplyingAction, say
from actions.turn import Turn
from knowledge.buttons import button
from knowledge.catalogues import course_catalogue
from knowledge.course_search import (
    CourseQuery,
    course_values,
    describe_query,
    matching_courses,
    rank_courses,
)
from knowledge.records import Button, Course, CourseCatalogue

# With nothing said about what the user wants, the best course is the best for a beginner.
FOR_A_BEGINNER = CourseQuery(level="beginner", price="free")
# "the longest one", "takes the most time": the other end of the lengths.
LONGEST = re.compile(r"\blongest\b|\blonger\b|\bmost time\b|\bbiggest\b|\bmost\s+hours\b", re.I)
# How many courses of a provider a comparison names.
NAMED_PER_PROVIDER = 2


def query_with_message(turn: Turn) -> tuple[CourseQuery, list[dict[str, Any]]]:
    """The search so far with what the latest message adds or rules out."""
    events = preference_events(turn)
    return search_query(turn.after(events)), events


def chosen(course: Course) -> list[dict[str, Any]]:
    """The events that make `course` the one "it" and "that course" mean."""
    return [SlotSet(COURSE, course.id), on_courses()]


class ActionBestCourse(ReplyingAction, Action):
    """ "Which course is the best?": the best fit for what the user said so far, or
    for a beginner, with the reason."""

    def name(self) -> str:
        return "action_best_course"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        query, events = query_with_message(turn)
        said = query.criteria_count > 0
        wanted = query if said else FOR_A_BEGINNER
        best = rank_courses(catalogue, wanted)[0]
        reasons = ", ".join(best.reasons) or "nothing you asked for exactly, but it comes closest"
        events += say(
            dispatcher,
            # "Want to know more about it?"
            [course_step(catalogue, best.course.id)],
            response="utter_best_course",
            for_whom="for what you told me" if said else "for someone starting out",
            reasons=reasons,
            summary=best.course.summary,
            **course_values(catalogue, best.course),
            buttons=course_question_buttons(query=wanted)[:2]
            + [button("Other courses", "ask_more")],
        )
        return events + chosen(best.course)


def by_length(courses: list[Course]) -> list[Course]:
    """The courses that state their length, shortest first."""
    timed = (course for course in courses if course.hours is not None)
    return sorted(timed, key=lambda course: (course.hours, course.number))


class ActionCourseByLength(ReplyingAction, Action):
    """ "What's the shortest one?" / "the longest?": from the lengths the document
    states, among the courses that fit what the user asked for (or all of them),
    saying how many state none."""

    def name(self) -> str:
        return "action_course_by_length"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        query, events = query_with_message(turn)
        longest = bool(LONGEST.search(turn.text))
        values = {"extreme": "longest" if longest else "shortest"}
        # The courses the answer is about: those that fit the search when any of them
        # states a length, else the whole catalogue.
        pool = list(catalogue.courses)
        if not query.criteria_count:
            response = "utter_course_longest" if longest else "utter_course_shortest"
        else:
            values["wanted"] = describe_query(catalogue, query)
            fitting = [ranked.course for ranked in matching_courses(catalogue, query)]
            if by_length(fitting):
                pool, response = fitting, "utter_course_by_length_in_search"
            else:
                response = "utter_course_by_length_outside_search"
        timed = by_length(pool)
        course = timed[-1 if longest else 0]
        events += say(
            dispatcher,
            response=response,
            length=course.length,
            provider=catalogue.label("provider", course.provider),
            stated=len(timed),
            total=len(pool),
            unstated=len(pool) - len(timed),
            **values,
            **course_values(catalogue, course),
            buttons=course_question_buttons(skip="ask_course_length", query=query)[:2],
        )
        return events + chosen(course)


def offers(catalogue: CourseCatalogue, provider: str) -> str:
    """ "Udemy has 5 courses, all free, such as Basics of Deep Learning and …"."""
    courses = [c for c in catalogue.courses if provider in (c.provider, c.organisation)]
    label = catalogue.label("provider", provider)
    if not courses:
        return f"{label} has none of the courses I know"
    free = sum(c.is_free for c in courses)
    if len(courses) == 1:
        price = "free" if free else "paid"
    else:
        price = "all free" if free == len(courses) else f"{free} free" if free else "all paid"
    names = " and ".join(f'"{c.name}"' for c in courses[:NAMED_PER_PROVIDER])
    count = "1 course" if len(courses) == 1 else f"{len(courses)} courses"
    such_as = "" if len(courses) == 1 else ", such as"
    return f"{label} has {count} ({price}){such_as} {names}"


class ActionCompareProviders(ReplyingAction, Action):
    """ "Is Coursera better than Udemy?": the document ranks no providers; what each
    one offers."""

    def name(self) -> str:
        return "action_compare_providers"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        named = [
            e.get("value")
            for e in turn.entities
            if e.get("entity") == "provider" and catalogue.knows("provider", e.get("value"))
        ]
        providers = list(dict.fromkeys(named)) or sorted(
            {c.provider for c in catalogue.courses}, key=lambda p: catalogue.label("provider", p)
        )
        # "Want to see one of them?"
        steps = [
            Button(
                f"Courses on {catalogue.label('provider', p)}", "ask_courses", (("provider", p),)
            )
            for p in providers[:3]
        ]
        events = say(
            dispatcher,
            steps,
            response="utter_providers_not_ranked",
            offers="; ".join(offers(catalogue, p) for p in providers) + ".",
            buttons=[step.as_dict() for step in steps],
        )
        return events + [on_courses()]


class ActionEnrol(ReplyingAction, Action):
    """ "Can you sign me up?": the assistant enrols no one; the link of the course in
    the thread."""

    def name(self) -> str:
        return "action_enrol"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        course_id = course_meant(turn)
        if not course_id:
            # "Shall I recommend one, with its link?"
            recommend = Button("Recommend a course", "ask_courses")
            return say(
                dispatcher,
                [recommend],
                response="utter_cannot_enrol_no_course",
                buttons=[recommend.as_dict()],
            )
        course = catalogue.by_id(course_id)
        events = say(
            dispatcher,
            response="utter_cannot_enrol",
            **course_values(catalogue, course),
            buttons=course_question_buttons(skip="ask_course_link")[:2],
        )
        return events + chosen(course)
