"""Course actions: start a search, recommend, page through results, answer follow-ups."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import PREFERENCES, CourseCatalogue, course_catalogue
from actions.course_search import (
    ANY,
    CourseQuery,
    course_values,
    details_message,
    matching_courses,
    search_page,
    unrelated_subject,
)


def valid_preference(catalogue: CourseCatalogue, preference: str, value: object) -> str | None:
    """A slot value of a course preference if it counts: a value the catalogue knows,
    or "any" (no preference). Anything else (typed into a hand-made payload, say) is
    None."""
    return value if value == ANY or catalogue.knows(preference, value) else None


def preference_slots(tracker: Tracker) -> dict[str, str]:
    """The course preferences the slots hold, each a known value or "any"."""
    catalogue = course_catalogue()
    values = {
        name: valid_preference(catalogue, name, tracker.get_slot(name)) for name in PREFERENCES
    }
    return {name: value for name, value in values.items() if value is not None}


def query_from_slots(tracker: Tracker) -> CourseQuery:
    return CourseQuery.from_slots(preference_slots(tracker))


def known_preferences(tracker: Tracker) -> set[str]:
    """The preferences the user gave, "no preference" included."""
    return set(preference_slots(tracker))


def course_from_slot(tracker: Tracker) -> str | None:
    """The course the conversation is about, if the slot holds one the catalogue has."""
    course_id = tracker.get_slot("course")
    return course_id if course_catalogue().has_course(course_id) else None


def entity_names(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}


def follow_up_buttons(skip: str = "") -> list[dict[str, str]]:
    """Questions about the course just shown, leaving out the one just answered."""
    questions = [
        ("Is it free?", "ask_course_price"),
        ("How long is it?", "ask_course_length"),
        ("Who teaches it?", "ask_course_teacher"),
        ("Where is it?", "ask_course_link"),
    ]
    return [button(title, intent) for title, intent in questions if intent != skip]


MAX_REFINEMENTS = 3


def refine_buttons(catalogue: CourseCatalogue, query: CourseQuery) -> list[dict[str, str]]:
    """Up to three buttons that narrow the search (the catalogue's `refinements`, in
    order): a preference the search does not have yet, with a value that narrows the
    list without emptying it. What the user said stays in the slots, so each
    refinement adds to the preferences already known."""
    found = len(matching_courses(catalogue, query))
    buttons = []
    for refinement in catalogue.refinements:
        if query.get(refinement.preference) is not None:
            continue
        narrowed = query.with_value(refinement.preference, refinement.value)
        if 0 < len(matching_courses(catalogue, narrowed)) < found:
            entity = {refinement.preference: refinement.value}
            buttons.append(button(refinement.title, "inform", **entity))
    return buttons[:MAX_REFINEMENTS]


def show_page(
    dispatcher: CollectingDispatcher, tracker: Tracker, already_shown: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Utters the next page of the search the slots describe; returns the slot events."""
    catalogue = course_catalogue()
    query = query_from_slots(tracker)
    page = search_page(catalogue, query, already_shown)
    buttons = follow_up_buttons()[:1] if page.shown else []
    *first, last = page.messages
    for message in first:
        dispatcher.utter_message(**message)
    dispatcher.utter_message(**last, buttons=buttons + refine_buttons(catalogue, query))
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
    topic = course.topics[0]
    dispatcher.utter_message(
        **details_message(catalogue, course),
        buttons=[button(f"More on {catalogue.label('topic', topic)}", "inform", topic=topic)],
    )
    return [SlotSet("course", course_id), SlotSet("context", "courses")]


def new_search_events(tracker: Tracker) -> list[dict[str, Any]]:
    """A new course search: forget the preferences the latest message does not name."""
    named = entity_names(tracker)
    forget = [SlotSet(slot, None) for slot in PREFERENCES + ("course",) if slot not in named]
    return forget + [SlotSet("shown_courses", []), SlotSet("context", "courses")]


# How a course request went on: answered at once, or on to course_form for the level.
# The rules branch on it (data/rules/course_search.yml).
COURSE_SEARCH = "course_search"


def needs_level(tracker: Tracker) -> bool:
    """Whether a course search is too vague to list courses: no preference known (from
    the request or an answer, "no preference" included), no course named, and no subject
    that no course covers (the recommendation says so at once)."""
    if known_preferences(tracker):
        return False
    request = search_request(tracker)
    if any(entity.get("entity") == "course" for entity in request.get("entities", [])):
        return False
    return not unrelated_subject(course_catalogue(), request.get("text") or "")


def recommend(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The answer to a course search: one named course's details, a decline for a
    subject no course covers, or the best fits to the slots."""
    catalogue = course_catalogue()
    course_id = course_from_slot(tracker)
    if course_id and "course" in entity_names(tracker):
        return show_details(dispatcher, catalogue, course_id)
    request = request_text(tracker)
    unrelated = (
        None if entity_names(tracker) & set(PREFERENCES) else unrelated_subject(catalogue, request)
    )
    if unrelated:
        dispatcher.utter_message(response="utter_course_subject_unknown", subject=unrelated)
        return [SlotSet("context", "courses")]
    return show_page(dispatcher, tracker, ())


class ActionStartCourseSearch(Action):
    """A new course request: forget the preferences this message does not repeat, then
    answer at once if the request says what it wants; a vague one goes on to
    course_form. Answering here saves the form's two calls to this server (each lets
    other conversations' messages run first on a busy Rasa server)."""

    def name(self) -> str:
        return "action_start_course_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = new_search_events(tracker)
        # The rest of this action sees the slots as the new search leaves them (the
        # SDK's own way, as its form validation does).
        tracker.add_slots(events)
        if needs_level(tracker):
            return events + [SlotSet(COURSE_SEARCH, "asks_level")]
        events += recommend(dispatcher, tracker) + [SlotSet(COURSE_SEARCH, "answered")]
        if tracker.active_loop_name:
            # A new request that says what it wants replaces a search still asking.
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events


class ActionRecommendCourses(Action):
    """Ends a course search that course_form completed: the best fits to the slots."""

    def name(self) -> str:
        return "action_recommend_courses"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return recommend(dispatcher, tracker)


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
            dispatcher.utter_message(response="utter_which_course")
            return []
        course = catalogue.by_id(course_id)
        responses = {
            "ask_course_price": "utter_course_price",
            "ask_course_length": (
                "utter_course_length" if course.length else "utter_course_length_unknown"
            ),
            "ask_course_teacher": (
                "utter_course_teacher" if course.instructor else "utter_course_teacher_unnamed"
            ),
            "ask_course_link": "utter_course_link",
        }
        if question in responses:
            message = {
                "response": responses[question],
                **course_values(catalogue, course),
                "length": course.length,
            }
        else:
            message = details_message(catalogue, course)
        dispatcher.utter_message(**message, buttons=follow_up_buttons(skip=question))
        return [SlotSet("context", "courses")]
