"""The action server's start-up: everything the knowledge package loads, loaded and
checked once, before the first request.

`rasa run actions` imports every module of the package, this one included, so a
broken catalogue stops the server at start-up with the file and field it trips on.
Nothing else imports it: the Rasa server, the tools and the tests load only what they
use."""

from knowledge.startup import load_everything

load_everything()
