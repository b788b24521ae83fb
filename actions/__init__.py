"""Custom actions of the deep-learning assistant, served by the Rasa SDK action server."""

from actions.catalogue import course_catalogue, examples
from actions.terms import term_guesser, term_index

# Load and validate the catalogues and build the term index when the action server
# imports this package, so a broken file stops the server at start-up with the file
# and field it trips on.
course_catalogue()
examples()
term_index()  # loads the glossary and the question labels too
term_guesser()  # encodes the glossary's descriptions
