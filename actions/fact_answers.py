"""Questions answered in the thread of the conversation, from what the document says.

Three kinds of message come here (data/rules/answers.yml, asked_again.yml):

- a short question that only makes sense after the last answer ("how many?", "why so
  many?", "is that done by hand?"): asked about the thread's part;
- a question about a detail of a topic ("how many filters does a CNN layer have?"):
  asked about the part the message names, or the thread's when it refers back;
- a question whose answer was just given, asked again in other words: the answer is
  not sent twice.

The reply is the fact of that part that answers the question (knowledge/facts.py). If
none does, it says so first, naming what the document leaves out, then what it does
say, with a course that would go further. A question about a detail the document
names as an idea (dropout, pooling) says that the document doesn't go into it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.courses import count_search, course_detail, course_question, current_course
from actions.ideas import TELL_MORE, next_step_buttons, not_covered
from actions.offers import ReplyingAction, say
from actions.thread import Thread, thread_event
from actions.turn import Turn
from knowledge.catalogues import course_catalogue, examples
from knowledge.course_search import best_course
from knowledge.details import content_words
from knowledge.document import COURSES, EXAMPLE_PREFIX, QUESTION_PARTS, document
from knowledge.facts import fact_index
from knowledge.ideas import idea_course, idea_index, idea_name, quoted
from knowledge.matcher import requested_values
from knowledge.phrasing import OTHER, is_bare, is_short, question_kind, refers_back
from knowledge.records import Idea

FOLLOW_UP, DETAIL, ASK_EXAMPLES = "ask_follow_up", "ask_detail", "ask_examples"
OUT_OF_SCOPE = "out_of_scope"


def named_example(turn: Turn) -> str | None:
    """The part of the example the message names, if it names exactly one."""
    wanted = requested_values(
        turn.entities, "example_field", {example.id: example.aliases for example in examples()}
    )
    return f"{EXAMPLE_PREFIX}{wanted[0]}" if len(wanted) == 1 else None


def asked_part(turn: Turn, text: str) -> str | None:
    """The part of the document a question is about: the one its intent answers (a
    question asked again); the thread's, when it refers back to it; the part that
    explains an idea it names ("why are CNNs translation invariant?"); the example it
    names; else the likeliest part the NLU saw in it."""
    parts = document().parts
    thread = turn.thread
    if turn.intent in parts:
        return turn.intent
    if turn.intent == DETAIL and turn.detail and not refers_back(text):
        # The NLU found what the answer of the part it read lacks ("vgg16 how many
        # layers"): that part, even in another's thread.
        asked = (QUESTION_PARTS.get(name, name) for name in turn.intents)
        read_as = named_example(turn) or next((key for key in asked if key in parts), None)
        if read_as:
            return read_as
    if thread.part and (turn.intent == FOLLOW_UP or is_short(text) or refers_back(text)):
        return thread.part
    covered = next((idea for idea in idea_index().find(text) if idea.answered_by), None)
    if covered is not None and covered.answered_by in parts:
        return covered.answered_by
    if example := named_example(turn):
        return example
    return next((name for name in turn.intents if name in parts), None) or thread.part


def off_topic_first(turn: Turn) -> bool:
    """Whether the NLU found "off-topic" likelier than any part of the document, in a
    message that names nothing the document knows (no idea, example or course)."""
    if turn.entities or idea_index().find(turn.text):
        return False
    parts = document().parts
    for name in turn.intents:
        if name == OUT_OF_SCOPE:
            return True
        if name in parts or name == ASK_EXAMPLES:
            return False
    return False


def uncovered_idea(text: str) -> tuple[Idea, str] | None:
    """The first idea of the glossary the message names that no answer of the
    document explains, with the words that name it."""
    for idea, words in idea_index().find_named(text):
        if idea.answered_by is None:
            return idea, words
    return None


# A question asked again that comes this close (cosine) to what its part says as a
# whole asks for the part again, and gets the next step deeper; one that doesn't asks
# something the part leaves out.
MIN_GIST_SIMILARITY = 0.5
# Before saying that the document doesn't say something, every part's facts are
# searched: one this close (cosine) answers it, whatever part it belongs to.
MIN_SIMILARITY_ANYWHERE = 0.6
# A fact of another part answers a follow-up rather than the one standing out in the
# thread's part only when it comes this much closer.
ELSEWHERE_MARGIN = 0.15
# A follow-up that comes this close to the question a section answers on its own ("and
# how does it work?" after what deep learning is), and closer than any fact of the
# thread, is that question: the section answers it.
MIN_NEW_QUESTION = 0.7
# "How does that work?" asks about what was just said, "how does it work?" may ask
# about the topic itself.
POINTS_AT_LAST = re.compile(r"\b(?:that|this|these|those)\b", re.IGNORECASE)
# A fact answers a question about a detail the NLU named only when it comes this close.
MIN_DETAIL_SIMILARITY = 0.85
# A short follow-up that leans on the question before it: "and a deep network?".
LEANS_ON_BEFORE = re.compile(r"^\W*(?:and|or|but|also|what about|how about|same for)\b", re.I)


# A follow-up that points back ("is that something people do naturally?") is read with
# the question before it up to this many words.
CONTEXT_WORDS = 10


def in_context(turn: Turn) -> np.ndarray | None:
    """A follow-up that is short or points back, read with the question before it, as
    a sentence vector."""
    leans = refers_back(turn.text) and len(turn.text.split()) <= CONTEXT_WORDS
    if not turn.previous_text or not (is_short(turn.text) or leans):
        return None
    return fact_index().encode([f"{turn.previous_text} {turn.text}"])[0]


def looked_up(turn: Turn) -> tuple[str, str | None]:
    """The text to find the answer with, and its kind of question when the text alone
    does not say it: "and a deep network?" after "how many hidden layers does a normal
    network have" asks how many, about a deep network."""
    text = turn.text
    if (
        turn.previous_text
        and is_short(text)
        and question_kind(text) == OTHER
        and LEANS_ON_BEFORE.search(text)
    ):
        kind = question_kind(turn.previous_text)
        if kind != OTHER:
            return f"{turn.previous_text} {text}", kind
    return text, None


def say_fact(
    dispatcher: CollectingDispatcher, says: str, part_key: str, thread: Thread
) -> list[dict[str, Any]]:
    """A fact of the document, offering more on its part ("Want to hear more about
    hidden layers?"), which "tell me more" or "yes" gives."""
    part = document().parts[part_key]
    message = {"response": "utter_thread_fact", "fact": says, "label": part.label}
    events = say(dispatcher, [TELL_MORE], **message, buttons=next_step_buttons())
    return events + [thread_event(thread)]


def say_section(dispatcher: CollectingDispatcher, key: str) -> list[dict[str, Any]]:
    """A section's own answer, for a new question asked in the thread of another."""
    part = document().parts[key]
    offers = part.offer.gives if part.offer else ()
    return say(dispatcher, offers, response=f"utter_{part.intent}") + [
        thread_event(Thread(part=key))
    ]


def answer_from_facts(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    """Answers the turn's text from the part of the document it is about; returns the
    events that leave the thread there."""
    from actions.accept import accept_offer, accepts

    if accepts(turn):
        # "Why not?" to "Want to read the original sources?": what was offered.
        return accept_offer(dispatcher, turn)
    text = turn.text
    thread = turn.thread
    key = asked_part(turn, text)
    part = document().part(key)
    intent = turn.intent
    if intent == DETAIL and off_topic_first(turn):
        # A detail of nothing the document covers ("how much data does a 4k film use?").
        return say(dispatcher, response="utter_out_of_scope")
    if part is None:
        return say(dispatcher, response="utter_thread_unknown")
    # Staying on the same part keeps what the thread knew about its examples.
    here = thread.but(idea=None) if thread.part == key else Thread(part=key)
    if key == COURSES and question_kind(text) == "how many":
        counted = count_search(dispatcher, turn)
        if counted is not None:
            return counted + [thread_event(here)]
    asks_of_course = course_question(text) if key == COURSES else None
    if asks_of_course and current_course(turn):
        # "How long?" after a course: its length; "what does it teach?": its summary.
        return course_detail(dispatcher, turn.as_intent(asks_of_course))
    named = uncovered_idea(text)
    if named:
        idea, words = named
        events = not_covered(dispatcher, part, idea_course(idea, part), idea=idea_name(idea, words))
        return events + [thread_event(here.but(idea=idea.key))]
    index = fact_index()
    lookup, kind = looked_up(turn)
    # A detail asked on its own names what it asks: only a fact of its kind answers it.
    on_its_own = intent == DETAIL and not (refers_back(text) or is_short(text))
    context = in_context(turn)
    found = index.answer(key, lookup, strict=on_its_own, kind=kind, context=context)
    if turn.detail and found is not None and found.similarity < MIN_DETAIL_SIMILARITY:
        # The NLU found words the part's answer lacks: a fact must come close to answer.
        found = None
    asked_again = intent == key
    if asked_again and not here.deeper:
        gist = index.gist_similarity(key, lookup)
        if (found is None or found.similarity < gist) and gist >= MIN_GIST_SIMILARITY:
            # The same question in other words: the next step deeper, not the answer again.
            offers = document().more_offer(part)
            events = say(dispatcher, offers, response="utter_thread_more", more=part.more)
            return events + [thread_event(here.but(deeper=True))]
    if intent == FOLLOW_UP and not is_bare(text):
        asked, closeness = index.closest_question(lookup)
        answered = found.similarity if found else -1.0
        pointed = POINTS_AT_LAST.search(text)
        if (
            asked not in (None, key)
            and not pointed
            and closeness >= MIN_NEW_QUESTION
            and closeness > answered
        ):
            # A question a section answers on its own, asked in another's thread.
            return say_section(dispatcher, asked)
    if found is not None:
        return say_fact(dispatcher, found.fact.says, key, here)
    follows_up = intent == FOLLOW_UP or is_short(text) or refers_back(text)
    standing_out = index.clear_winner(key, lookup, kind, context) if follows_up else None
    named = named_example(turn)
    if named and named != key and standing_out is None:
        # "Does Facebook use it?" after deep vs machine learning: the example it names,
        # unless the thread's part says more on it ("like in shops?" after faces).
        on_named = index.answer(named, lookup, kind=kind) or index.clear_winner(named, lookup, kind)
        in_thread = index.similarities(key, lookup, context=context)
        if on_named is not None and (
            not in_thread or on_named.similarity > in_thread[0].similarity
        ):
            return say_fact(dispatcher, on_named.fact.says, named, Thread(part=named))
    if not turn.detail:
        # Nothing of this part answers it: something of another part may.
        elsewhere = index.answer_anywhere(lookup, MIN_SIMILARITY_ANYWHERE, kind, context)
        if elsewhere is not None and named and elsewhere[0].startswith(EXAMPLE_PREFIX):
            # A question that names one example is not answered from another one ("how
            # does it recognise faces?" is not about driverless cars).
            elsewhere = None if elsewhere[0] != named else elsewhere
        if standing_out is not None and (
            elsewhere is None
            or elsewhere[1].similarity < standing_out.similarity + ELSEWHERE_MARGIN
        ):
            # The thread's own fact, unless another part's comes much closer.
            elsewhere = (key, standing_out)
        if elsewhere is not None:
            return say_fact(dispatcher, elsewhere[1].fact.says, elsewhere[0], here)
    if turn.detail:
        course_id = best_course(course_catalogue(), part.course_topic)
        events = not_covered(dispatcher, part, course_id, idea=turn.detail)
        return events + [thread_event(here)]
    if intent == FOLLOW_UP or asked_again or (is_short(text) and refers_back(text)):
        # "Want to go a step further?"
        events = say(
            dispatcher,
            [TELL_MORE],
            response="utter_thread_not_said",
            unsaid=part.unsaid(kind or question_kind(text)),
            label=part.label,
            buttons=next_step_buttons(),
        )
        return events + [thread_event(here)]
    course_id = best_course(course_catalogue(), part.course_topic)
    return not_covered(dispatcher, part, course_id, question=quoted(text)) + [thread_event(here)]


def answer_if_in_thread(
    dispatcher: CollectingDispatcher, turn: Turn, min_similarity: float
) -> list[dict[str, Any]] | None:
    """For a message the NLU took for off-topic or could not place: when it refers
    back to the thread and a fact of the thread's part answers it this closely, that
    fact; else None."""
    text = turn.text
    thread = turn.thread
    part = document().part(thread.part)
    elliptic = refers_back(text) or is_short(text) or question_kind(text) != OTHER
    if part is None or text.startswith("/") or not elliptic:
        return None
    lookup, kind = looked_up(turn)
    found = fact_index().answer(part.key, lookup, kind=kind, context=in_context(turn))
    if found is None or found.similarity < min_similarity:
        return None
    events = say(
        dispatcher,
        response="utter_thread_fact",
        fact=found.fact.says,
        label=part.label,
        buttons=next_step_buttons(),
    )
    return events + [thread_event(thread.but(idea=None))]


# "What about video?", "and how about audio?": the thread's topic, asked of another thing.
WHAT_ABOUT = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:what|how)\s+about\s+(.+?)\W*$", re.I)


def what_about_in_thread(
    dispatcher: CollectingDispatcher, turn: Turn
) -> list[dict[str, Any]] | None:
    """For "what about X?" that the NLU could not place, in the thread of a section:
    the fact of the section that answers it, or that the document doesn't go into X;
    None for any other message or thread (examples and courses have their own
    "what about")."""
    match = WHAT_ABOUT.match(turn.text)
    part = document().part(turn.thread.part)
    if match is None or part is None or not part.key.startswith("ask_"):
        return None
    index = fact_index()
    found = index.answer(part.key, turn.text, context=in_context(turn))
    words = [lemma for _, lemma in content_words(match.group(1))]

    def names(says: str) -> bool:
        return any(word in says.lower() for word in words)

    if found is None or not names(found.fact.says):
        # Only a fact that names the thing answers "what about <thing>?".
        naming = [f for f in index.similarities(part.key, turn.text) if names(f.fact.says)]
        found = naming[0] if naming else None
    here = turn.thread.but(idea=None)
    if found is not None:
        return say_fact(dispatcher, found.fact.says, part.key, here)
    course_id = best_course(course_catalogue(), part.course_topic)
    return not_covered(dispatcher, part, course_id, idea=quoted(match.group(1))) + [
        thread_event(here)
    ]


# How close a fact of the thread must come to a message the NLU took for off-topic
# for the message to be read as a follow-up after all.
MIN_SIMILARITY_OFF_TOPIC = 0.6


class ActionOutOfScope(ReplyingAction, Action):
    """Declines an off-topic message, unless it asks about what was just said ("how
    does it recognise a stop sign covered in snow?" after driverless cars)."""

    def name(self) -> str:
        return "action_out_of_scope"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        events = answer_if_in_thread(dispatcher, turn, MIN_SIMILARITY_OFF_TOPIC)
        if events is None:
            # The thread stays where it was: "tell me more" still means the last answer.
            return say(dispatcher, response="utter_out_of_scope") + [thread_event(turn.thread)]
        return events


class ActionAnswerInThread(ReplyingAction, Action):
    """Answers a follow-up, a detail or a repeated question from the document."""

    def name(self) -> str:
        return "action_answer_in_thread"

    def answer(self, dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
        return answer_from_facts(dispatcher, turn)
