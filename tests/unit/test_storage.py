"""The lake stores bytes verbatim (no codec guessed from a .gz name) and lists by key."""

import gzip

from flywheel_pipeline.lake.storage import Lake


def test_gz_keys_are_stored_as_given_and_read_back_decompressed(tmp_path):
    lake = Lake.from_url(tmp_path.as_uri())
    data = gzip.compress(b'{"a": 1}\n', mtime=0)
    lake.write_bytes_atomic("landing/x/a.ndjson.gz", data)
    with lake.open_output("landing/x/b.ndjson.gz") as out:
        out.write(data)
    for key in ("landing/x/a.ndjson.gz", "landing/x/b.ndjson.gz"):
        assert lake.read_bytes(key) == data
        with lake.open_input(key, compression="gzip") as stream:
            assert stream.read() == b'{"a": 1}\n'
    assert [f.key for f in lake.list_files("landing")] == [
        "landing/x/a.ndjson.gz",
        "landing/x/b.ndjson.gz",
    ]
    assert lake.list_files("missing") == []
