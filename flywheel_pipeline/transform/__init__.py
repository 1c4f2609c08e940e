"""How Flywheel runs dbt: the vars that carry the product configuration, their
fingerprints, the command lines, and the dbt manifest. Pure helpers, shared by
the Dagster assets, the ``flywheel dbt`` command, the tests and the benchmarks."""
