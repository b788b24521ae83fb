"""Every part of the deep-learning document and every course, with the words of the
document its answer must state: the parts' from their entries (`states`), the
courses' listed here. The coverage test checks each against the domain and the
actions; the end-to-end test checks the same words in replies over REST."""

from typing import NamedTuple

# How a question names what it asks, besides an intent (`ask_cnn`): "examples" (the
# overview), "example:<id>" (one field), "courses" (a search) or "course:<number>".
EXAMPLE, COURSE = "example", "course"
ASKED_BY = {EXAMPLE: "ask_examples", COURSE: "ask_courses"}


def example_topic(field: str | None) -> str:
    return f"{EXAMPLE}:{field}" if field else f"{EXAMPLE}s"


def course_topic(number: int | str | None) -> str:
    return f"{COURSE}:{number}" if number else f"{COURSE}s"


def parse_topic(topic: str) -> tuple[str, str | None]:
    """("example", "medicine") for "example:medicine", ("example", None) for
    "examples", ("course", "3") for "course:3", and (the intent, None) otherwise."""
    kind, _, value = topic.partition(":")
    if kind in (EXAMPLE, COURSE) and value:
        return kind, value
    if kind in (f"{EXAMPLE}s", f"{COURSE}s") and not value:
        return kind[:-1], None
    return topic, None


def topic_intent(topic: str) -> str:
    """The intent that asks about `topic`."""
    kind, _ = parse_topic(topic)
    return ASKED_BY.get(kind, kind)


class Topic(NamedTuple):
    section: str
    subtopic: str
    # utter_* (a domain response), example:<id> (action_show_examples),
    # examples (its overview), course:<number> or courses (action_start_course_search)
    answer: str
    facts: list[str]


def part_topics() -> list[Topic]:
    """A topic for each part of the document, from its entry (knowledge/data/parts.yml
    and examples.yml): the words of the document its answer states."""
    from knowledge.document import document

    topics = []
    for part in document().parts.values():
        if not part.states:
            continue
        if part.example_id:
            answer = example_topic(part.example_id)
        elif part.key in ("examples", "courses"):
            answer = part.key
        else:
            answer = f"utter_{part.intent}"
        topics.append(Topic(part.section, part.label, answer, list(part.states)))
    return topics


# The courses: each answered by its details (action_start_course_search), with the
# words of the document those state.
COURSE_TOPICS = [
    Topic(
        "Courses",
        "Basics of Deep Learning",
        "course:1",
        ["basics of deep learning", "udemy", "free", "beginner"],
    ),
    Topic(
        "Courses",
        "Neural Networks and Deep Learning",
        "course:2",
        ["coursera", "andrew ng", "deeplearning.ai"],
    ),
    Topic(
        "Courses",
        "Artificial Intelligence Markup Language",
        "course:3",
        ["aiml", "udemy", "chatbot"],
    ),
    Topic(
        "Courses",
        "Machine Learning with Python",
        "course:4",
        ["edx", "ibm", "python", "regression"],
    ),
    Topic("Courses", "AI: The Big Picture", "course:5", ["pluralsight", "overview of ai"]),
    Topic(
        "Courses",
        "Applied Deep Learning: Build a Chatbot",
        "course:6",
        ["udemy", "intermediate", "chatbot"],
    ),
    Topic(
        "Courses", "TensorFlow 2.0 RNNs, LSTMs, GRUs", "course:7", ["tensorflow", "1 hour", "lstm"]
    ),
    Topic(
        "Courses",
        "Deep Learning Crash Course",
        "course:8",
        ["freecodecamp", "jason dsouza", "no coding", "beginner"],
    ),
    Topic(
        "Courses",
        "Intro To Deep Learning With Python",
        "course:9",
        ["python", "2 hours", "beginner"],
    ),
]

TOPICS = part_topics() + COURSE_TOPICS


def sections() -> list[str]:
    """The document's sections, in its order."""
    from knowledge.document import document

    return list(document().sections)


def facts_for(answer: str) -> list[str]:
    """All facts that the answer `answer` must state."""
    return [fact for topic in TOPICS if topic.answer == answer for fact in topic.facts]


def alternating_topics(questions: list[dict], key: str = "topic") -> list[dict]:
    """The questions reordered so that no two in a row, the last and the first
    included, ask about the same topic (`key`: "topic", or "intent" for held-out
    messages): a question right after one on its own topic is a follow-up in the
    thread, answered otherwise (actions/fact_answers.py)."""
    groups: dict[str, list[dict]] = {}
    for question in questions:
        groups.setdefault(question[key], []).append(question)
    ordered: list[dict] = []
    while groups:
        # The largest group first, never the topic just placed.
        candidates = sorted(groups, key=lambda topic: -len(groups[topic]))
        last = ordered[-1][key] if ordered else None
        topic = next((t for t in candidates if t != last), candidates[0])
        ordered.append(groups[topic].pop(0))
        if not groups[topic]:
            del groups[topic]
    if len(ordered) > 2 and ordered[0][key] == ordered[-1][key]:
        ordered.insert(1, ordered.pop())
    return ordered
