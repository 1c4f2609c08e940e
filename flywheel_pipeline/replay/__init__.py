"""Replay a dataset file into landing as if a collector had received it."""
