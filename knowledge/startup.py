"""The one start-up step of a server that answers from the knowledge package: every
catalogue loaded and checked, the spaCy pipeline loaded, the sentence vectors the
catalogues are compared by computed, and all of it left out of the garbage
collector's passes. The action server runs it when it starts (actions/warm_up.py)."""

from knowledge import catalogues, descriptions, document, facts, ideas, matcher
from knowledge.memory import freeze_loaded_objects


def load_everything() -> None:
    catalogues.course_catalogue()
    catalogues.examples()
    matcher.pipeline()  # the spaCy pipeline the catalogue words are matched with
    ideas.idea_index()  # loads the glossary and the question labels, matches its ideas
    descriptions.idea_guesser()  # encodes the glossary's descriptions
    descriptions.example_guesser()  # encodes the examples and the general requests
    document.document()  # the document's parts, for follow-ups in a thread
    facts.fact_index()  # encodes what each part says
    freeze_loaded_objects()
