"""Reports: the dbt reporting views (dbt_project/models/reporting/) fetched and
rendered as markdown, for ``flywheel summary`` and the Dagster previews. The
SQL lives in dbt; this package finds the views in the dbt manifest and renders
their rows. It does not import Dagster."""
