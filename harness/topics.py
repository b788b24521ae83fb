"""Every section and sub-topic of the deep-learning document, with the facts its answer
must state. The coverage test checks each against the domain and the actions; the
end-to-end test checks the same facts in replies over REST."""

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


TOPICS = [
    Topic(
        "What is deep learning",
        "learning by example",
        "utter_ask_what_is_dl",
        ["machine learning", "learn by example"],
    ),
    Topic(
        "What is deep learning",
        "stop signs and pedestrians",
        "utter_ask_what_is_dl",
        ["stop sign", "pedestrian"],
    ),
    Topic(
        "What is deep learning",
        "classification from images, text or sound",
        "utter_ask_dl_inputs",
        ["classify", "images", "text", "sound"],
    ),
    Topic(
        "What is deep learning",
        "accuracy that sometimes beats humans",
        "utter_ask_dl_accuracy",
        ["state-of-the-art", "better than humans"],
    ),
    Topic(
        "What is deep learning",
        "large labelled data sets and many layers",
        "utter_ask_dl_training_needs",
        ["labelled data", "many layers"],
    ),
    Topic("Why it matters", "accuracy", "utter_ask_why_dl_matters", ["accuracy"]),
    Topic(
        "Why it matters",
        "consumer expectations",
        "utter_ask_why_dl_matters",
        ["consumer electronics"],
    ),
    Topic(
        "Why it matters",
        "safety-critical uses",
        "utter_ask_why_dl_matters",
        ["safety-critical", "driverless cars"],
    ),
    Topic("Examples", "overview of the eight", "examples", ["8 examples"]),
    Topic(
        "Examples", "virtual assistants", "example:virtual_assistants", ["alexa", "siri", "cortana"]
    ),
    Topic("Examples", "translations", "example:translation", ["translate"]),
    Topic(
        "Examples",
        "vision for driverless vehicles",
        "example:autonomous_vehicles",
        ["stop sign", "drones"],
    ),
    Topic("Examples", "chatbots and service bots", "example:chatbots", ["customer service"]),
    Topic(
        "Examples",
        "image colorization",
        "example:image_colorization",
        ["black-and-white", "colour"],
    ),
    Topic("Examples", "facial recognition", "example:facial_recognition", ["faces", "security"]),
    Topic("Examples", "medicine and pharmaceuticals", "example:medicine", ["tumours", "genome"]),
    Topic(
        "Examples",
        "personalised shopping and entertainment",
        "example:personalized_shopping",
        ["netflix", "amazon"],
    ),
    Topic(
        "How it works",
        "neural network architectures",
        "utter_ask_how_dl_works",
        ["neural networks", "deep neural networks"],
    ),
    Topic(
        "How it works",
        "what deep means: hidden layers",
        "utter_ask_hidden_layers",
        ["hidden layers", "2 or 3", "150"],
    ),
    Topic(
        "How it works",
        "learning features from labelled data",
        "utter_ask_feature_learning",
        ["features", "labelled"],
    ),
    Topic(
        "How it works",
        "neural networks: layers, labelled data, learned features",
        "utter_ask_neural_networks",
        ["neural network", "hidden layers", "150", "labelled", "features"],
    ),
    Topic(
        "How it works",
        "CNNs and 2D convolutions",
        "utter_ask_cnn",
        ["convolutional", "2d", "images"],
    ),
    Topic(
        "How it works",
        "CNNs need no manual feature extraction",
        "utter_ask_cnn",
        ["no manual feature extraction"],
    ),
    Topic(
        "Machine learning vs deep learning",
        "manual versus automatic features",
        "utter_ask_dl_vs_ml",
        ["by hand", "automatically"],
    ),
    Topic(
        "Machine learning vs deep learning",
        "end-to-end learning",
        "utter_ask_end_to_end",
        ["raw data", "task"],
    ),
    Topic(
        "Machine learning vs deep learning",
        "scaling with data, shallow learning plateaus",
        "utter_ask_data_scaling",
        ["more data", "shallow learning", "levels off"],
    ),
    Topic("Courses", "the list of nine", "courses", ["9 courses"]),
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
    Topic("Courses", "AI: The Big Picture", "course:5", ["pluralsight", "subscription"]),
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
    Topic("The future", "overview", "utter_ask_future", ["programs", "reusable"]),
    Topic(
        "The future",
        "models as programs",
        "utter_ask_models_as_programs",
        ["programs", "geometric transformations"],
    ),
    Topic(
        "The future",
        "symbolic plus geometric modules",
        "utter_ask_symbolic_geometric",
        ["alphago", "reasoning", "pattern recognition"],
    ),
    Topic(
        "The future",
        "library of reusable subroutines",
        "utter_ask_reusable_subroutines",
        ["grown automatically", "reusable subroutines"],
    ),
    Topic(
        "The future",
        "extreme generalisation",
        "utter_ask_extreme_generalization",
        ["extreme generalisation", "very little data"],
    ),
    Topic(
        "The future",
        "AGI and no robot apocalypse",
        "utter_ask_agi",
        ["agi", "robot apocalypse", "fantasy"],
    ),
    Topic(
        "Sources",
        "the four sources",
        "utter_ask_sources",
        ["mathworks.com", "medium.com/javarevisited", "forbes.com", "blog.keras.io"],
    ),
]

SECTIONS = [
    "What is deep learning",
    "Why it matters",
    "Examples",
    "How it works",
    "Machine learning vs deep learning",
    "Courses",
    "The future",
    "Sources",
]


def facts_for(answer: str) -> list[str]:
    """All facts that the answer `answer` must state."""
    return [fact for topic in TOPICS if topic.answer == answer for fact in topic.facts]


def alternating_topics(questions: list[dict], key: str = "topic") -> list[dict]:
    """The questions reordered so that no two in a row, the last and the first
    included, ask about the same topic (`key`: "topic", or "intent" for held-out
    messages): a question right after one on its own topic is a follow-up in the
    thread, answered otherwise (actions/in_thread.py)."""
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
