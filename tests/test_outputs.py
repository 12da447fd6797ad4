"""A target that fails while it is written, after the work: exit 1 with one line
``negsim COMMAND: cannot write [to] PATH: why`` (:class:`sim.outputs.CannotWrite`),
and what was printed before stays printed."""

from __future__ import annotations

import errno
import pathlib

import pytest

from sim.cli import main

from .conftest import SCENARIOS

PIE = str(SCENARIOS / "examples" / "split-the-pie.yaml")


@pytest.fixture
def full_disk(monkeypatch, tmp_path):
    """Every text written under ``tmp_path`` fails as on a full disk."""
    write_text = pathlib.Path.write_text

    def failing(self, *args, **kwargs):
        if tmp_path in self.parents:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", failing)
    return tmp_path


def test_run_prints_the_report_then_says_the_folder_cannot_be_written(full_disk, capsys):
    out = full_disk / "out"
    assert main(["run", PIE, "--json", "--out", str(out)]) == 1
    printed, err = capsys.readouterr()
    assert printed.startswith('{\n "scenario": "Split the pie"')
    assert err == f"negsim: cannot write to {out}: No space left on device\n"


def test_report_names_the_file_it_cannot_write(full_disk, capsys):
    out = full_disk / "pie.html"
    assert main(["report", PIE, "-o", str(out)]) == 1
    printed, err = capsys.readouterr()
    assert printed == "" and err == f"negsim report: cannot write {out}: No space left on device\n"
    assert not out.exists()


def test_timeline_says_the_folder_cannot_be_written(full_disk, capsys):
    out = full_disk / "stages"
    stage = str(SCENARIOS / "russia-ukraine" / "2025-05-16-istanbul-round-1.yaml")
    assert main(["timeline", stage, "--json", "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"negsim: cannot write to {out}: No space left on device\n"
