"""Synthetic event streams for benchmarks (deterministic for a seed)."""
