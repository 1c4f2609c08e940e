"""Warehouse load: raw lake partitions into the warehouse's raw tables."""
