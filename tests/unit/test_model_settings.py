"""Each incremental model lists in ``meta.flywheel_settings`` exactly the product
settings its rows depend on: the ones its SQL and macros read (macro
flywheel_setting) and those of every model upstream. The configuration-change
guard (macros/config_fingerprints.sql) compares fingerprints of that list, so a
missing entry would let a run mix old and new rows."""

import json
import re

from flywheel_pipeline.transform.dbt_vars import SETTING_SOURCES
from flywheel_pipeline.transform.runner import MANIFEST_PATH

READS = re.compile(r"flywheel_setting\(\s*'([a-z_]+)'\s*\)")


def settings_read(manifest: dict) -> dict[str, set[str]]:
    """unique_id -> settings read by the node, through its macros and its parents."""
    macros, nodes = manifest["macros"], manifest["nodes"]

    def by_macro(uid: str, seen: set[str]) -> set[str]:
        if uid in seen or uid not in macros:
            return set()
        seen.add(uid)
        found = set(READS.findall(macros[uid]["macro_sql"]))
        for dependency in macros[uid]["depends_on"]["macros"]:
            found |= by_macro(dependency, seen)
        return found

    memo: dict[str, set[str]] = {}

    def by_node(uid: str) -> set[str]:
        if uid not in memo:
            node = nodes[uid]
            found = set(READS.findall(node["raw_code"]))
            for macro in node["depends_on"]["macros"]:
                found |= by_macro(macro, set())
            for parent in node["depends_on"]["nodes"]:
                if parent in nodes:
                    found |= by_node(parent)
            memo[uid] = found & set(SETTING_SOURCES)
        return memo[uid]

    return {uid: by_node(uid) for uid, node in nodes.items() if node["resource_type"] == "model"}


def test_incremental_models_declare_the_settings_they_are_built_under():
    manifest = json.loads(MANIFEST_PATH.read_text())
    read = settings_read(manifest)
    incremental = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    ]
    assert len(incremental) >= 10
    for node in incremental:
        declared = node["config"]["meta"].get("flywheel_settings")
        assert sorted(declared or []) == sorted(read[node["unique_id"]]), node["name"]
        assert "arrival_window" in node["config"]["tags"], node["name"]
