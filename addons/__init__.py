"""Rasa-side extensions: the guarded input channels and the lookup-failure policy."""
