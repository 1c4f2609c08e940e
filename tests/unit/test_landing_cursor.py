"""The landing sensor's cursor: no file missed, none seen twice, bounded size."""

from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor, new_files
from flywheel_pipeline.lake.storage import LakeFile

S = 1_000_000_000  # one second in ns


def f(key, seconds):
    return LakeFile(key, 1, seconds * S)


def keys(files):
    return [x.key for x in files]


def test_cursor_advances_and_survives_serialization():
    listing = [f("a", 10), f("b", 20), f("c", 20)]
    fresh, cursor = new_files(listing, LandingCursor())
    assert keys(fresh) == ["a", "b", "c"]
    assert cursor.mtime_ns == 20 * S
    cursor = LandingCursor.parse(cursor.serialize())
    assert new_files(listing, cursor) == ([], cursor)


def test_a_file_with_the_same_mtime_as_the_mark_is_not_missed():
    _, cursor = new_files([f("a", 10), f("b", 20)], LandingCursor())
    fresh, cursor = new_files([f("a", 10), f("b", 20), f("c", 20)], cursor)
    assert keys(fresh) == ["c"]


def test_a_late_finishing_upload_with_an_older_mtime_is_not_missed():
    _, cursor = new_files([f("a", 1000)], LandingCursor())
    # started 5 minutes before the mark, visible only now
    fresh, _ = new_files([f("a", 1000), f("slow", 700)], cursor)
    assert keys(fresh) == ["slow"]


def test_files_older_than_the_lookback_are_taken_as_seen_and_forgotten():
    _, cursor = new_files([f("old", 10), f("new", 10_000)], LandingCursor())
    assert set(cursor.recent) == {"new"}  # bounded: "old" is below mark - lookback
    assert new_files([f("old", 10), f("new", 10_000)], cursor)[0] == []


def test_a_rewritten_file_is_seen_again():
    _, cursor = new_files([f("a", 10)], LandingCursor())
    fresh, _ = new_files([f("a", 11)], cursor)
    assert keys(fresh) == ["a"]
