"""Course actions: start a search, recommend, page through results, answer follow-ups."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import CourseCatalogue, course_catalogue
from actions.course_search import (
    ANY,
    CourseQuery,
    course_details,
    matching_courses,
    price_of,
    search_page,
    taught_by,
    unrelated_subject,
)

# Slots holding the user's course preferences; each is filled from the entity of
# the same name (see domain.yml).
PREFERENCES = ("level", "topic", "provider", "price", "length", "coding")


def query_from_slots(tracker: Tracker) -> CourseQuery:
    """The preferences in the slots. A value the catalogue does not know (one typed
    into a hand-made payload, say) counts as no preference."""
    terms = {name: course_catalogue().terms(name) for name in PREFERENCES}
    return CourseQuery.from_slots(
        {
            name: value if isinstance(value, str) and value in terms[name] else None
            for name in PREFERENCES
            if (value := tracker.get_slot(name)) is not None
        }
    )


def known_preferences(tracker: Tracker) -> set[str]:
    """The preferences whose slots hold a value the catalogue knows, or "any" (the
    user said they have no preference)."""
    catalogue = course_catalogue()
    return {
        name
        for name in PREFERENCES
        if (value := tracker.get_slot(name)) == ANY
        or (isinstance(value, str) and value in catalogue.terms(name))
    }


def course_from_slot(tracker: Tracker) -> str | None:
    """The course the conversation is about, if the slot holds one the catalogue has."""
    course_id = tracker.get_slot("course")
    return course_id if course_catalogue().has_course(course_id) else None


def entity_names(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {"title": title, "payload": f"/{intent}" + (json.dumps(entities) if entities else "")}


def follow_up_buttons(skip: str = "") -> list[dict[str, str]]:
    """Questions about the course just shown, leaving out the one just answered."""
    questions = [
        ("Is it free?", "ask_course_price"),
        ("How long is it?", "ask_course_length"),
        ("Who teaches it?", "ask_course_teacher"),
        ("Where is it?", "ask_course_link"),
    ]
    return [button(title, intent) for title, intent in questions if intent != skip]


# Refinements offered under a list of courses, in this order: a preference the search
# does not have yet, with a value that narrows the list without emptying it.
REFINEMENTS = (
    ("level", "beginner", "For beginners"),
    ("price", "free", "Only free ones"),
    ("length", "short", "Shorter ones"),
    ("coding", "no_code", "No coding"),
    ("topic", "python", "On Python"),
    ("topic", "chatbots", "On chatbots"),
    ("topic", "rnn", "On RNNs and LSTMs"),
)
MAX_REFINEMENTS = 3


def refine_buttons(catalogue: CourseCatalogue, query: CourseQuery) -> list[dict[str, str]]:
    """Up to three buttons that narrow the search; what the user said stays in the
    slots, so each refinement adds to the preferences already known."""
    found = len(matching_courses(catalogue, query))
    buttons = []
    for slot, value, title in REFINEMENTS:
        if getattr(query, slot) is not None:
            continue
        narrowed = len(matching_courses(catalogue, replace(query, **{slot: value})))
        if 0 < narrowed < found:
            buttons.append(button(title, "inform", **{slot: value}))
    return buttons[:MAX_REFINEMENTS]


def show_page(
    dispatcher: CollectingDispatcher, tracker: Tracker, already_shown: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Utters the next page of the search the slots describe; returns the slot events."""
    catalogue = course_catalogue()
    query = query_from_slots(tracker)
    page = search_page(catalogue, query, already_shown)
    buttons = [button("Show me more", "ask_more")] if page.more else []
    if page.shown:
        buttons += follow_up_buttons()[:1]
    dispatcher.utter_message(text=page.text, buttons=buttons + refine_buttons(catalogue, query))
    events = [
        SlotSet("shown_courses", list(already_shown + page.shown)),
        SlotSet("context", "courses"),
    ]
    if page.shown:
        # "is it free?" next refers to the best fit just shown.
        events.append(SlotSet("course", page.shown[0]))
    return events


def show_details(
    dispatcher: CollectingDispatcher, catalogue: CourseCatalogue, course_id: str
) -> list[dict[str, Any]]:
    course = catalogue.by_id(course_id)
    dispatcher.utter_message(
        text=course_details(catalogue, course),
        buttons=[
            button(
                f"More on {catalogue.topics[course.topics[0]].label}",
                "inform",
                topic=course.topics[0],
            )
        ],
    )
    return [SlotSet("course", course_id), SlotSet("context", "courses")]


def new_search_events(tracker: Tracker) -> list[dict[str, Any]]:
    """A new course search: forget the preferences the latest message does not name."""
    named = entity_names(tracker)
    forget = [SlotSet(slot, None) for slot in PREFERENCES + ("course",) if slot not in named]
    return forget + [SlotSet("shown_courses", []), SlotSet("context", "courses")]


class ActionStartCourseSearch(Action):
    """A new course request: forget the preferences this message does not repeat."""

    def name(self) -> str:
        return "action_start_course_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return new_search_events(tracker)


class ActionRecommendCourses(Action):
    """Ends a course search: one named course's details, or the best fits to the slots."""

    def name(self) -> str:
        return "action_recommend_courses"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        course_id = course_from_slot(tracker)
        if course_id and "course" in entity_names(tracker):
            return show_details(dispatcher, catalogue, course_id)
        request = request_text(tracker)
        unrelated = (
            None
            if entity_names(tracker) & set(PREFERENCES)
            else unrelated_subject(catalogue, request)
        )
        if unrelated:
            dispatcher.utter_message(
                text=(
                    f"Sorry, I don't know any course on {unrelated}: the courses I know "
                    "all teach deep learning and related AI topics. Would you like to see those?"
                ),
                buttons=[
                    button("Deep learning courses", "ask_courses"),
                    button("What can you do?", "help"),
                ],
            )
            return [SlotSet("context", "courses")]
        return show_page(dispatcher, tracker, ())


def search_request(tracker: Tracker) -> dict[str, Any]:
    """The parse data of the message that started the current course search."""
    for event in reversed(tracker.events):
        parse_data = event.get("parse_data") or {}
        if (
            event.get("event") == "user"
            and parse_data.get("intent", {}).get("name") == "ask_courses"
        ):
            return {**parse_data, "text": event.get("text") or ""}
    return tracker.latest_message


def request_text(tracker: Tracker) -> str:
    return search_request(tracker).get("text") or ""


class ActionMoreCourses(Action):
    """ "Show me more": the next courses of the last search, never repeating one."""

    def name(self) -> str:
        return "action_more_courses"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        shown = tuple(tracker.get_slot("shown_courses") or ())
        return show_page(dispatcher, tracker, shown)


class ActionCourseDetail(Action):
    """Answers "is it free?", "how long is it?", "who teaches it?", "where is it?"."""

    def name(self) -> str:
        return "action_course_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        course_id = course_from_slot(tracker)
        question = tracker.latest_message.get("intent", {}).get("name", "")
        if not course_id:
            dispatcher.utter_message(
                text="Which course do you mean? Ask me for a course first, or name one, "
                'like "the AIML course".',
                buttons=[button("Recommend a course", "ask_courses")],
            )
            return []
        course = catalogue.by_id(course_id)
        answers = {
            "ask_course_price": f"{course.name} is {price_of(course)}.",
            "ask_course_length": (
                f"{course.name} takes {course.length}."
                if course.length
                else f"The document doesn't say how long {course.name} is."
            ),
            "ask_course_teacher": f"{course.name} is on {taught_by(catalogue, course)}."
            + ("" if course.instructor else " The document doesn't name the instructor."),
            "ask_course_link": f"{course.name} is here: [{course.url}]({course.url})",
        }
        dispatcher.utter_message(
            text=answers.get(question, course_details(catalogue, course)),
            buttons=follow_up_buttons(skip=question),
        )
        return [SlotSet("context", "courses")]
