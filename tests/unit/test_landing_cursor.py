"""The landing sensor's cursor: no file missed, none seen twice."""

from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor, new_files
from flywheel_pipeline.lake.storage import LakeFile


def f(key, mtime):
    return LakeFile(key, 1, mtime)


def test_cursor_advances_and_survives_serialization():
    listing = [f("a", 10), f("b", 20), f("c", 20)]
    fresh, cursor = new_files(listing, LandingCursor())
    assert [x.key for x in fresh] == ["a", "b", "c"]
    assert cursor == LandingCursor(20, frozenset({"b", "c"}))
    cursor = LandingCursor.parse(cursor.serialize())
    assert new_files(listing, cursor) == ([], cursor)


def test_a_file_with_the_same_mtime_as_the_mark_is_not_missed():
    cursor = LandingCursor(20, frozenset({"b"}))
    fresh, cursor = new_files([f("a", 10), f("b", 20), f("c", 20)], cursor)
    assert [x.key for x in fresh] == ["c"]
    assert cursor.keys == {"b", "c"}


def test_a_rewritten_file_is_seen_again():
    _, cursor = new_files([f("a", 10)], LandingCursor())
    fresh, _ = new_files([f("a", 11)], cursor)
    assert [x.key for x in fresh] == ["a"]
