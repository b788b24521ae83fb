"""Custom actions of the deep-learning assistant, served by the Rasa SDK action server."""

import gc

from actions import catalogue, terms
from actions.document import document
from actions.examples import example_guesser
from actions.facts import fact_index

# Load and validate the catalogues and build the term index when the action server
# imports this package, so a broken file stops the server at start-up with the file
# and field it trips on.
catalogue.course_catalogue()
catalogue.examples()
terms.term_index()  # loads the glossary and the question labels too
terms.term_guesser()  # encodes the glossary's descriptions
example_guesser()  # encodes the examples and the general requests for them
document()  # the document's parts, for follow-ups in a thread
fact_index()  # encodes what each part says

# What was just loaded lives as long as the server: the garbage collector's full
# passes need not walk it (addons/intent_classifier.py, freeze_loaded_objects).
gc.collect()
gc.freeze()
