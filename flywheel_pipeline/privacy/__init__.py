"""Privacy operations on the lake and the warehouse: suppression at ingest,
erasure of one person's data, retention of everything, and their audit
(docs/privacy.md)."""
