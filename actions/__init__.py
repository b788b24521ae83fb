"""Custom actions of the deep-learning assistant, served by the Rasa SDK action server.

Importing a module of this package loads nothing heavy: the catalogues and the
sentence encoder are loaded when first used, and all at once when the action server
starts (actions/warm_up.py)."""
