"""Course actions: start a search, recommend, page through results, answer follow-ups."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import button
from actions.catalogue import course_catalogue
from actions.course_search import (
    ANY,
    CourseQuery,
    best_course,
    course_values,
    describe_query,
    details_message,
    matching_courses,
    search_page,
    unrelated_subject,
)
from actions.document import COURSES, document
from actions.facts import question_kind
from actions.ideas import idea_index
from actions.negation import read_preferences
from actions.records import PREFERENCES, CourseCatalogue
from actions.thread import REFERS_BACK, Thread, current_thread, thread_event


def on_courses() -> dict[str, Any]:
    """The event that puts the conversation's thread on the courses."""
    return thread_event(Thread(part=COURSES))


def valid_preference(catalogue: CourseCatalogue, preference: str, value: object) -> str | None:
    """A slot value of a course preference if it counts: a value the catalogue knows,
    or "any" (no preference). Anything else (typed into a hand-made payload, say) is
    None."""
    return value if value == ANY or catalogue.knows(preference, value) else None


# The (preference, value) pairs the user ruled out, as "provider:udemy".
RULED_OUT = "ruled_out"


def ruled_out_slot(tracker: Tracker) -> set[tuple[str, str]]:
    """What the user doesn't want, as far as the catalogue knows it."""
    catalogue = course_catalogue()
    pairs = (str(item).partition(":") for item in tracker.get_slot(RULED_OUT) or [])
    return {(p, v) for p, _, v in pairs if p in PREFERENCES and catalogue.knows(p, v)}


def slot_before_message(tracker: Tracker, name: str) -> Any:
    """The value `name` had before the latest message filled the slots."""
    seen_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_message = True
        elif seen_message and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


def preference_events(tracker: Tracker, new_search: bool = False) -> list[dict[str, Any]]:
    """The slot events that read the latest message's preferences with their negation
    (actions/negation.py). Rasa has filled each slot with the value the NLU found; a
    value the user rules out goes back to what the slot held before ("not on Udemy"),
    or becomes the other value of a preference with two ("nothing paid" is free).
    Ruled-out values add to those of the same search, and a value wanted again is no
    longer ruled out."""
    catalogue = course_catalogue()
    message = tracker.latest_message
    said = read_preferences(
        message.get("text") or "",
        message.get("entities") or [],
        {p: list(catalogue.values_of(p)) for p in PREFERENCES},
    )
    events = []
    for preference, value in said.ruled_out:
        if tracker.get_slot(preference) == value:
            before = None if new_search else slot_before_message(tracker, preference)
            events.append(SlotSet(preference, before))
    events += [SlotSet(p, v) for p, v in said.wanted.items() if tracker.get_slot(p) != v]
    kept = set() if new_search else ruled_out_slot(tracker)
    ruled_out = (kept | said.ruled_out) - set(said.wanted.items())
    if ruled_out != kept or new_search:
        events.append(SlotSet(RULED_OUT, sorted(f"{p}:{v}" for p, v in ruled_out)))
    return events


def preference_slots(tracker: Tracker) -> dict[str, str]:
    """The course preferences the slots hold, each a known value or "any"."""
    catalogue = course_catalogue()
    values = {
        name: valid_preference(catalogue, name, tracker.get_slot(name)) for name in PREFERENCES
    }
    return {name: value for name, value in values.items() if value is not None}


def query_from_slots(tracker: Tracker) -> CourseQuery:
    return CourseQuery.from_slots(preference_slots(tracker), ruled_out_slot(tracker))


def known_preferences(tracker: Tracker) -> set[str]:
    """The preferences the user gave, "no preference" and ruled-out values included."""
    return set(preference_slots(tracker)) | {p for p, _ in ruled_out_slot(tracker)}


def course_from_slot(tracker: Tracker) -> str | None:
    """The course the conversation is about, if the slot holds one the catalogue has."""
    course_id = tracker.get_slot("course")
    return course_id if course_catalogue().has_course(course_id) else None


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


def course_by_position(text: str, shown: list[str]) -> str | None:
    """The course of the last list that `text` points at by its place ("the second
    one", "the last one", "number 3"), if there is one."""
    match = ORDINAL.search(text)
    if not match or not shown:
        return None
    position = ORDINALS[match.group(1).lower()] if match.group(1) else int(match.group(2))
    index = position - 1 if position > 0 else len(shown) + position
    return shown[index] if 0 <= index < len(shown) else None


def course_in_thread(tracker: Tracker) -> str | None:
    """The course a question means: the one it points at in the last list, else the
    one the thread holds."""
    text = tracker.latest_message.get("text") or ""
    shown = [c for c in tracker.get_slot("shown_courses") or [] if isinstance(c, str)]
    picked = course_by_position(text, shown)
    if picked and course_catalogue().has_course(picked):
        return picked
    return course_from_slot(tracker)


def entity_names(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}


# Questions about the course just shown, and the preference each one is about.
QUESTIONS = [
    ("Is it free?", "ask_course_price", "price"),
    ("How long is it?", "ask_course_length", "length"),
    ("Who teaches it?", "ask_course_teacher", None),
    ("Where is it?", "ask_course_link", None),
]


def follow_up_buttons(skip: str = "", query: CourseQuery | None = None) -> list[dict[str, str]]:
    """Questions about the course just shown, leaving out the one just answered and
    any that the search already settles ("Is it free?" under a list of free ones)."""
    settled = {p for p, _ in query.items()} if query else set()
    return [
        button(title, intent)
        for title, intent, preference in QUESTIONS
        if intent != skip and preference not in settled
    ]


MAX_REFINEMENTS = 3


def refine_buttons(catalogue: CourseCatalogue, query: CourseQuery) -> list[dict[str, str]]:
    """Up to three buttons that narrow the search (the catalogue's `refinements`, in
    order): a preference the search does not have yet, with a value that narrows the
    list without emptying it. What the user said stays in the slots, so each
    refinement adds to the preferences already known."""
    found = len(matching_courses(catalogue, query))
    buttons = []
    for refinement in catalogue.refinements:
        if query.get(refinement.preference) is not None or query.rules_out(
            refinement.preference, refinement.value
        ):
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
    # One course's details already say its price, length and teacher.
    details = any(m.get("response") == "utter_course_details" for m in page.messages)
    buttons = follow_up_buttons(query=query)[:1] if page.shown and not details else []
    *first, last = page.messages
    for message in first:
        dispatcher.utter_message(**message)
    dispatcher.utter_message(**last, buttons=buttons + refine_buttons(catalogue, query))
    events = [
        SlotSet("shown_courses", list(already_shown + page.shown)),
        on_courses(),
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
    return [SlotSet("course", course_id), on_courses()]


def begin_search(tracker: Tracker) -> list[dict[str, Any]]:
    """A new course search: forget the preferences the latest message does not name,
    and read the ones it does, with what it rules out. The tracker is left as the
    events make it (the SDK's own way, as its form validation does)."""
    named = entity_names(tracker)
    events = [SlotSet(slot, None) for slot in PREFERENCES + ("course",) if slot not in named]
    events += [SlotSet("shown_courses", []), on_courses()]
    tracker.add_slots(events)
    read = preference_events(tracker, new_search=True)
    tracker.add_slots(read)
    return events + read


# How a course request went on: answered at once, or asked back for the level (the
# next answer, or "no preference", then lists courses).
COURSE_SEARCH = "course_search"
ASKS_LEVEL = "asks_level"


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
    # "A course on X" may name a preference as X ("on Udemy"): read it only when the
    # request named none.
    named = bool(entity_names(tracker) & set(PREFERENCES))
    unrelated = unrelated_subject(catalogue, request, after_the_noun=not named)
    if unrelated:
        dispatcher.utter_message(response="utter_course_subject_unknown", subject=unrelated)
        return [on_courses()]
    return show_page(dispatcher, tracker, ())


def thread_course(tracker: Tracker) -> str | None:
    """For a course request that names nothing and refers back ("where can I learn
    it?", "is there a course on that?"): the course the thread's last reply named, or
    the best course on the thread's topic."""
    text = tracker.latest_message.get("text") or ""
    if entity_names(tracker) & {*PREFERENCES, "course"} or not REFERS_BACK.search(text):
        return None
    thread = current_thread(tracker)
    idea = idea_index().ideas.get(thread.idea) if thread.idea else None
    if idea is not None:
        return course_from_slot(tracker) or idea_index().teaching_course(idea)
    part = document().part(thread.part)
    if part is None or part.key == COURSES:
        return None
    return best_course(course_catalogue(), part.course_topic)


class ActionStartCourseSearch(Action):
    """A new course request: forget the preferences this message does not repeat, then
    answer at once if the request says what it wants, or ask for the level. The answer
    to that question is a follow-up (action_follow_up): one call to this server per
    turn of a course search."""

    def name(self) -> str:
        return "action_start_course_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return start_course_search(dispatcher, tracker)


def count_search(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "How many are there?" after a course search that said what it wants: how many
    courses fit it, of all the catalogue knows. False when no search narrows the
    catalogue (the catalogue's own count answers then)."""
    query = query_from_slots(tracker)
    if not query.criteria_count:
        return False
    catalogue = course_catalogue()
    dispatcher.utter_message(
        response="utter_courses_count_in_search",
        count=len(matching_courses(catalogue, query)),
        total=len(catalogue.courses),
        wanted=describe_query(catalogue, query),
    )
    return True


def start_course_search(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The one way into a course search, for a course request and for the course part
    of a message that asks two questions."""
    course_id = thread_course(tracker)
    if course_id:
        events = show_details(dispatcher, course_catalogue(), course_id)
        return events + [SlotSet(COURSE_SEARCH, "answered")]
    events = begin_search(tracker)
    if needs_level(tracker):
        text = tracker.latest_message.get("text") or ""
        if question_kind(text) == "how many":
            # "How many courses do you have?": the count first, then the level question
            # (unless it was the last thing asked).
            catalogue = course_catalogue()
            asked = tracker.get_slot(COURSE_SEARCH) == ASKS_LEVEL
            dispatcher.utter_message(
                response="utter_courses_count" if asked else "utter_courses_count_then_level",
                total=len(catalogue.courses),
                free=catalogue.free_count,
            )
            if asked:
                return events
        dispatcher.utter_message(response="utter_ask_level")
        return events + [SlotSet(COURSE_SEARCH, ASKS_LEVEL)]
    return events + recommend(dispatcher, tracker) + [SlotSet(COURSE_SEARCH, "answered")]


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


class ActionCourseDetail(Action):
    """Answers "is it free?", "how long is it?", "who teaches it?", "where is it?"."""

    def name(self) -> str:
        return "action_course_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        catalogue = course_catalogue()
        course_id = course_in_thread(tracker)
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
        return [SlotSet("course", course_id), on_courses()]
