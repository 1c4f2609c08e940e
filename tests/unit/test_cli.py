"""The flywheel CLI: replay into the configured lake, idempotently; bad arguments exit 2."""

import pytest

from flywheel_pipeline.cli import SAMPLE_PLAN, main


def test_replay_command_lands_a_csv_once(flywheel_env, tmp_path, capsys):
    path = tmp_path / "mini.csv"
    path.write_text(
        "user_id,session_id,event,timestamp,platform,acquisition_channel\n"
        "u1,s1,home,2024-03-01 10:00:00,ios,email\n"
    )
    assert main(["replay", str(path), "--plan", str(SAMPLE_PLAN), "--late-share", "0"]) == 0
    assert "1 files written, 0 already there" in capsys.readouterr().out
    assert main(["replay", str(path), "--plan", str(SAMPLE_PLAN), "--late-share", "0"]) == 0
    assert "0 files written, 1 already there" in capsys.readouterr().out
    [landed] = flywheel_env.lake.list_files("landing/events")
    assert landed.key == "landing/events/dt=2024-03-01/replay-ecom-00000.ndjson.gz"


def test_unknown_command_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["nope"])
    assert exit_info.value.code == 2
