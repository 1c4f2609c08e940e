"""Dagster instance plug-ins named by the shipped dagster.yaml files."""
