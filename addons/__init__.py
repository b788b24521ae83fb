"""Rasa-side extensions, loaded by the Rasa server (never by the action server):

- channels.py: the REST and Socket.IO input channels, guarded against bad input;
- terminal.py: the terminal chat's input channel;
- spacy_nlp.py, sentence_encoder.py, intent_classifier.py, entities.py,
  uncovered_ideas.py: the NLU components named in config.yml (the trainable ones on
  stored_component.py, which keeps what they learnt in Rasa's model storage);
- policies.py: the policy that answers when the action server cannot be reached;
- action_calls.py: the action server's replies checked with a validator built once;
- stores.py: the conversation store named in endpoints.yml.
"""
