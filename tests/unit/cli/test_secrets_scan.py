"""The scan of a run's spans and logs finds a key that leaked, and only then complains."""

from __future__ import annotations

from pathlib import Path

from cityprize.demo.report import leaks

KEY = "cpk_live_9f8e7d6c5b4a"


def run_folder(tmp_path: Path, log_line: str) -> Path:
    (tmp_path / "traces").mkdir()
    (tmp_path / "logs").mkdir()
    (tmp_path / "traces" / "intake.jsonl").write_text('{"name": "POST /v1/contests"}\n')
    (tmp_path / "logs" / "intake.log").write_text(log_line + "\n")
    return tmp_path


def test_a_key_in_a_log_line_is_found(tmp_path: Path):
    var = run_folder(tmp_path, f'{{"message": "auth", "authorization": "Bearer {KEY}"}}')
    assert leaks(var, [KEY, "judge-token"]) == ["intake.log"]


def test_a_clean_run_has_no_leak(tmp_path: Path):
    var = run_folder(tmp_path, '{"message": "submission stored"}')
    assert leaks(var, [KEY]) == []
