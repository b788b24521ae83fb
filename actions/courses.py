"""The course search as a conversation: start a search, recommend, page through the
results and answer questions about the course just shown. The search itself (the
query, ranking, reply texts) is knowledge/course_search.py."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.offers import ReplyingAction, say
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.buttons import button
from knowledge.catalogues import course_catalogue
from knowledge.course_search import (
    ANY,
    CourseQuery,
    best_course,
    course_at_position,
    describe_query,
    details_message,
    matching_courses,
    search_page,
    unrelated_subject,
)
from knowledge.document import COURSES, document
from knowledge.ideas import idea_index
from knowledge.negation import read_preferences
from knowledge.phrasing import question_kind, refers_back
from knowledge.records import PREFERENCES, Button, CourseCatalogue

# The slots of a course search besides the preferences (one slot each, PREFERENCES).
COURSE, SHOWN = "course", "shown_courses"
# The (preference, value) pairs the user ruled out, as "provider:udemy".
RULED_OUT = "ruled_out"
# How a course request went on: answered at once, or asked back for the level (the
# next answer, or "no preference", then lists courses).
COURSE_SEARCH = "course_search"
ASKS_LEVEL = "asks_level"


def on_courses() -> dict[str, Any]:
    """The event that puts the conversation's thread on the courses."""
    return thread_event(Thread(part=COURSES))


def valid_preference(catalogue: CourseCatalogue, preference: str, value: object) -> str | None:
    """A slot value of a course preference if it counts: a value the catalogue knows,
    or "any" (no preference). Anything else (typed into a hand-made payload, say) is
    None."""
    return value if value == ANY or catalogue.knows(preference, value) else None


def ruled_out_values(turn: Turn) -> set[tuple[str, str]]:
    """What the user doesn't want, as far as the catalogue knows it."""
    catalogue = course_catalogue()
    pairs = (str(item).partition(":") for item in turn.slot(RULED_OUT) or [])
    return {(p, v) for p, _, v in pairs if p in PREFERENCES and catalogue.knows(p, v)}


def preference_events(turn: Turn, new_search: bool = False) -> list[dict[str, Any]]:
    """The slot events that read the latest message's preferences with their negation
    (knowledge/negation.py). Rasa has filled each slot with the value the NLU found; a
    value the user rules out goes back to what the slot held before ("not on Udemy"),
    or becomes the other value of a preference with two ("nothing paid" is free).
    Ruled-out values add to those of the same search, and a value wanted again is no
    longer ruled out."""
    catalogue = course_catalogue()
    said = read_preferences(
        turn.text, turn.entities, {p: list(catalogue.values_of(p)) for p in PREFERENCES}
    )
    events = []
    for preference, value in said.ruled_out:
        if turn.slot(preference) == value:
            before = None if new_search else turn.slot_before(preference)
            events.append(SlotSet(preference, before))
    events += [SlotSet(p, v) for p, v in said.wanted.items() if turn.slot(p) != v]
    kept = set() if new_search else ruled_out_values(turn)
    ruled_out = (kept | said.ruled_out) - set(said.wanted.items())
    if ruled_out != kept or new_search:
        events.append(SlotSet(RULED_OUT, sorted(f"{p}:{v}" for p, v in ruled_out)))
    return events


def preference_slots(turn: Turn) -> dict[str, str]:
    """The course preferences the slots hold, each a known value or "any"."""
    catalogue = course_catalogue()
    values = {name: valid_preference(catalogue, name, turn.slot(name)) for name in PREFERENCES}
    return {name: value for name, value in values.items() if value is not None}


def search_query(turn: Turn) -> CourseQuery:
    """The course search the slots describe."""
    return CourseQuery.from_slots(preference_slots(turn), ruled_out_values(turn))


def known_preferences(turn: Turn) -> set[str]:
    """The preferences the user gave, "no preference" and ruled-out values included."""
    return set(preference_slots(turn)) | {p for p, _ in ruled_out_values(turn)}


def current_course(turn: Turn) -> str | None:
    """The course the conversation is about (the `course` slot), if the catalogue has
    it."""
    course_id = turn.slot(COURSE)
    return course_id if course_catalogue().has_course(course_id) else None


def course_meant(turn: Turn) -> str | None:
    """The course a question means: the one it points at by its place in the last list
    ("the second one"), else the current course."""
    shown = [c for c in turn.slot(SHOWN) or [] if isinstance(c, str)]
    picked = course_at_position(turn.text, shown)
    if picked and course_catalogue().has_course(picked):
        return picked
    return current_course(turn)


# Questions about the course just shown, and the preference each one is about.
COURSE_QUESTIONS = [
    ("Is it free?", "ask_course_price", "price"),
    ("How long is it?", "ask_course_length", "length"),
    ("Who teaches it?", "ask_course_teacher", None),
    ("Where is it?", "ask_course_link", None),
]


def course_question_buttons(
    skip: str = "", query: CourseQuery | None = None
) -> list[dict[str, str]]:
    """Questions about the course just shown, leaving out the one just answered and
    any that the search already settles ("Is it free?" under a list of free ones)."""
    settled = {p for p, _ in query.items()} if query else set()
    return [
        button(title, intent)
        for title, intent, preference in COURSE_QUESTIONS
        if intent != skip and preference not in settled
    ]


MAX_REFINEMENTS = 3


def refinements(catalogue: CourseCatalogue, query: CourseQuery) -> list[Button]:
    """Up to three steps that narrow the search (the catalogue's `refinements`, in
    order): a preference the search does not have yet, with a value that narrows the
    list without emptying it. What the user said stays in the slots, so each
    refinement adds to the preferences already known."""
    found = len(matching_courses(catalogue, query))
    steps = []
    for refinement in catalogue.refinements:
        if query.get(refinement.preference) is not None or query.rules_out(
            refinement.preference, refinement.value
        ):
            continue
        narrowed = query.with_value(refinement.preference, refinement.value)
        if 0 < len(matching_courses(catalogue, narrowed)) < found:
            entity = ((refinement.preference, refinement.value),)
            steps.append(Button(refinement.title, "inform", entity))
    return steps[:MAX_REFINEMENTS]


def course_step(catalogue: CourseCatalogue, course_id: str) -> Button:
    """The step that asks about one course."""
    return Button(catalogue.by_id(course_id).name, "ask_courses", (("course", course_id),))


# A new search, from the level question: what "change the level or topic?" offers.
NEW_SEARCH = Button("Change the level or topic", "ask_courses")
NEXT_PAGE = Button("Show me more", "ask_more")


def page_offer(
    catalogue: CourseCatalogue, response: str, shown: tuple[str, ...], narrowing: list[Button]
) -> tuple[Button, ...]:
    """What the last message of a page offers: the next page, one of the courses shown,
    a narrower list, or another search."""
    if response in ("utter_courses_more_left", "utter_courses_one_more_left"):
        return (NEXT_PAGE,)
    if response in ("utter_courses_found", "utter_courses_more_page"):
        return tuple(course_step(catalogue, course_id) for course_id in shown)
    if response == "utter_courses_first_page":
        return tuple(narrowing)
    if response in (
        "utter_courses_none_match",
        "utter_courses_all_seen",
        "utter_courses_all_seen_one",
    ):
        return (NEW_SEARCH,)
    return ()


def show_page(
    dispatcher: CollectingDispatcher, turn: Turn, already_shown: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Utters the next page of the search the slots describe; returns the slot events."""
    catalogue = course_catalogue()
    query = search_query(turn)
    page = search_page(catalogue, query, already_shown)
    # One course's details already say its price, length and teacher.
    details = any(m.get("response") == "utter_course_details" for m in page.messages)
    buttons = course_question_buttons(query=query)[:1] if page.shown and not details else []
    narrowing = refinements(catalogue, query)
    *first, last = page.messages
    events = []
    for message in first:
        events += say(dispatcher, **message)
    buttons += [step.as_dict() for step in narrowing]
    offers = page_offer(catalogue, last["response"], page.shown, narrowing)
    events += say(dispatcher, offers, **last, buttons=buttons)
    events += [SlotSet(SHOWN, list(already_shown + page.shown)), on_courses()]
    if page.shown:
        # "is it free?" next refers to the best fit just shown.
        events.append(SlotSet(COURSE, page.shown[0]))
    return events


def show_details(
    dispatcher: CollectingDispatcher, catalogue: CourseCatalogue, course_id: str
) -> list[dict[str, Any]]:
    course = catalogue.by_id(course_id)
    topic = course.topics[0]
    events = say(
        dispatcher,
        **details_message(catalogue, course),
        buttons=[button(f"More on {catalogue.label('topic', topic)}", "inform", topic=topic)],
    )
    return events + [SlotSet(COURSE, course_id), on_courses()]


def begin_search(turn: Turn) -> list[dict[str, Any]]:
    """A new course search: forget the preferences the latest message does not name,
    and read the ones it does, with what it rules out."""
    named = turn.entity_names
    events = [SlotSet(slot, None) for slot in PREFERENCES + (COURSE,) if slot not in named]
    events += [SlotSet(SHOWN, []), on_courses()]
    return events + preference_events(turn.after(events), new_search=True)


def search_request(turn: Turn):
    """The message that started the current course search (this one, if none did)."""
    return turn.search_request or turn.message


def needs_level(turn: Turn) -> bool:
    """Whether a course search is too vague to list courses: no preference known (from
    the request or an answer, "no preference" included), no course named, and no subject
    that no course covers (the recommendation says so at once)."""
    if known_preferences(turn):
        return False
    request = search_request(turn)
    if COURSE in request.entity_names:
        return False
    return not unrelated_subject(course_catalogue(), request.text)


def recommend(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """The answer to a course search: one named course's details, a decline for a
    subject no course covers, or the best fits to the slots."""
    catalogue = course_catalogue()
    course_id = current_course(turn)
    if course_id and COURSE in turn.entity_names:
        return show_details(dispatcher, catalogue, course_id)
    # "A course on X" may name a preference as X ("on Udemy"): read it only when the
    # request named none.
    named = bool(turn.entity_names & set(PREFERENCES))
    unrelated = unrelated_subject(catalogue, search_request(turn).text, after_the_noun=not named)
    if unrelated:
        offered = (Button("Deep learning courses", "ask_courses"),)
        events = say(
            dispatcher, offered, response="utter_course_subject_unknown", subject=unrelated
        )
        return events + [on_courses()]
    return show_page(dispatcher, turn, ())


def course_for_thread(turn: Turn) -> str | None:
    """For a course request that names nothing and refers back ("where can I learn
    it?", "is there a course on that?"): the course the thread's last reply named, or
    the best course on the thread's topic."""
    if turn.entity_names & {*PREFERENCES, COURSE} or not refers_back(turn.text):
        return None
    thread = turn.thread
    idea = idea_index().ideas.get(thread.idea) if thread.idea else None
    if idea is not None:
        return current_course(turn) or idea_index().teaching_course(idea)
    part = document().part(thread.part)
    if part is None or part.key == COURSES:
        return None
    return best_course(course_catalogue(), part.course_topic)


def count_search(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]] | None:
    """ "How many are there?" after a course search that said what it wants: how many
    courses fit it, of all the catalogue knows; None when no search narrows the
    catalogue (the catalogue's own count answers then)."""
    query = search_query(turn)
    if not query.criteria_count:
        return None
    catalogue = course_catalogue()
    matching = [ranked.course.id for ranked in matching_courses(catalogue, query)]
    return say(
        dispatcher,
        [course_step(catalogue, course_id) for course_id in matching],
        response="utter_courses_count_in_search",
        count=len(matching),
        total=len(catalogue.courses),
        wanted=describe_query(catalogue, query),
    )


def start_course_search(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """The one way into a course search, for a course request and for the course part
    of a message that asks two questions."""
    course_id = course_for_thread(turn)
    if course_id:
        events = show_details(dispatcher, course_catalogue(), course_id)
        return events + [SlotSet(COURSE_SEARCH, "answered")]
    events = begin_search(turn)
    turn = turn.after(events)
    if needs_level(turn):
        if question_kind(turn.text) == "how many":
            # "How many courses do you have?": the count first, then the level question
            # (unless it was the last thing asked).
            catalogue = course_catalogue()
            asked = turn.slot(COURSE_SEARCH) == ASKS_LEVEL
            events += say(
                dispatcher,
                response="utter_courses_count" if asked else "utter_courses_count_then_level",
                total=len(catalogue.courses),
                free_share=catalogue.free_share,
            )
            if asked:
                return events
        events += say(dispatcher, response="utter_ask_level")
        return events + [SlotSet(COURSE_SEARCH, ASKS_LEVEL)]
    return events + recommend(dispatcher, turn) + [SlotSet(COURSE_SEARCH, "answered")]


class ActionStartCourseSearch(ReplyingAction, Action):
    """A new course request: forget the preferences this message does not repeat, then
    answer at once if the request says what it wants, or ask for the level. The answer
    to that question is a follow-up (action_what_about): one call to this server per
    turn of a course search."""

    def name(self) -> str:
        return "action_start_course_search"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return start_course_search(dispatcher, turn)


# The question about one course that a short follow-up of each kind asks.
DETAIL_OF_KIND = {
    "how long": "ask_course_length",
    "how much": "ask_course_price",
    "who": "ask_course_teacher",
    "where": "ask_course_link",
}
# Questions about one course that no question word tells apart: where it is ("on which
# site?") and what it teaches ("what language does it use?", "is it for beginners?").
COURSE_SITE = re.compile(r"\b(?:site|website|platform|provider)\b", re.I)
COURSE_CONTENT = re.compile(
    r"\b(?:teach(?:es)?|cover(?:s|ed)?|learn|topics?|language|algorithms?|about|"
    r"beginners?|experience|level|prerequisites?|code|coding|python|math)\b",
    re.I,
)


def course_question(text: str) -> str | None:
    """The question about one course a follow-up asks (ask_course_length, ...), if it
    asks one."""
    kind = question_kind(text)
    if kind in DETAIL_OF_KIND:
        return DETAIL_OF_KIND[kind]
    if COURSE_SITE.search(text):
        return "ask_course_link"
    if COURSE_CONTENT.search(text):
        return "ask_course_content"
    return None


# The response that answers each question about one course.
DETAIL_RESPONSES = {
    "ask_course_content": lambda course: "utter_course_content",
    "ask_course_price": lambda course: "utter_course_price",
    "ask_course_length": lambda course: (
        "utter_course_length" if course.length else "utter_course_length_unknown"
    ),
    "ask_course_teacher": lambda course: (
        "utter_course_teacher" if course.instructor else "utter_course_teacher_unnamed"
    ),
    "ask_course_link": lambda course: "utter_course_link",
}


def course_detail(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """ "Is it free?", "how long is it?", "who teaches it?", "where is it?" about the
    course meant (the turn's intent says which)."""
    catalogue = course_catalogue()
    course_id = course_meant(turn)
    question = turn.intent or ""
    if not course_id:
        return say(dispatcher, response="utter_which_course")
    course = catalogue.by_id(course_id)
    if question in DETAIL_RESPONSES:
        message = {
            **details_message(catalogue, course),
            "response": DETAIL_RESPONSES[question](course),
            "length": course.length,
        }
        if question == "ask_course_content":
            message["level"] = (
                f"It is for the {course.level} level."
                if course.level
                else "The document doesn't state its level."
            )
    else:
        message = details_message(catalogue, course)
    events = say(dispatcher, **message, buttons=course_question_buttons(skip=question))
    return events + [SlotSet(COURSE, course_id), on_courses()]


class ActionCourseDetail(ReplyingAction, Action):
    """Answers "is it free?", "how long is it?", "who teaches it?", "where is it?"."""

    def name(self) -> str:
        return "action_course_detail"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        if not course_meant(turn) and turn.thread.part not in (None, COURSES):
            # "Who's interested in it?" after medicine asks about medicine, not a course.
            from actions.fact_answers import FOLLOW_UP, answer_from_facts

            return answer_from_facts(dispatcher, turn.as_intent(FOLLOW_UP))
        return course_detail(dispatcher, turn)
