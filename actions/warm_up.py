"""The action server's start-up: every catalogue loaded and checked, and the sentence
vectors they are compared by computed, once, before the first request.

`rasa run actions` imports every module of the package, this one included, so a
broken catalogue stops the server at start-up with the file and field it trips on.
Nothing else imports it: the Rasa server, the tools and the tests load only what they
use."""

from actions import catalogue, ideas, mentions
from actions.document import document
from actions.examples import example_guesser
from actions.facts import fact_index
from actions.memory import freeze_loaded_objects


def warm_up() -> None:
    catalogue.course_catalogue()
    catalogue.examples()
    mentions.pipeline()  # the spaCy pipeline the catalogue words are matched with
    ideas.idea_index()  # loads the glossary and the question labels, matches its ideas
    ideas.idea_guesser()  # encodes the glossary's descriptions
    example_guesser()  # encodes the examples and the general requests for them
    document()  # the document's parts, for follow-ups in a thread
    fact_index()  # encodes what each part says
    freeze_loaded_objects()


warm_up()
