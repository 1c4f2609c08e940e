"""Landing -> raw: validate, deduplicate, scrub and write one arrival-day partition."""
