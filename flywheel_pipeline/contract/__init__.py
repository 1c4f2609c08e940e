"""The event contract: the raw event schema (Segment spec), validation and PII handling."""
