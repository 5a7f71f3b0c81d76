"""`eventwire report` as a user meets it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from tests.report.feed import Feed, write

runner = CliRunner()


def test_report_of_a_date_range_warns_on_drift(tmp_path: Path) -> None:
    write(Feed(stopped_source="Radio D"), tmp_path)
    html = tmp_path / "night.html"
    result = runner.invoke(app, ["report", "--output", str(tmp_path), "--since", "2024-03-01", "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert f"wrote {html}" in result.stdout
    assert "drift warning: source Radio D: no articles this week" in result.stderr
    text = html.read_text(encoding="utf-8")
    assert "events dated 2024-03-01 to end" in text and "Events per day by type" in text


def test_report_defaults_to_the_output_reports_folder(tmp_path: Path) -> None:
    write(Feed(weeks=1), tmp_path)
    result = runner.invoke(app, ["report", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "report.html").is_file()
    assert result.stderr == ""  # a week of feed: too young for drift checks, nothing to warn about


def test_report_errors_are_one_line_reasons(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--output", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no events dataset under" in result.stderr
    write(Feed(weeks=1), tmp_path)
    result = runner.invoke(app, ["report", "--output", str(tmp_path), "--since", "2024-02-30"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    result = runner.invoke(app, ["report", "--output", str(tmp_path), "--since", "2024-03-02", "--until", "2024-03-01"])
    assert result.exit_code == 2 and "is after --until" in result.stderr
