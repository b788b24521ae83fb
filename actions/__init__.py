"""Custom actions of the deep-learning assistant, served by the Rasa SDK action server."""

from actions.catalogue import course_catalogue, examples

# Load and validate both catalogues when the action server imports this package, so a
# broken file stops the server at start-up with the file and field it trips on.
course_catalogue()
examples()
