"""The harness end to end on a few rows made up here (never copied from ../shared/eval), and an optional
run over ../shared/eval when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.evaluation import acled, plover
from eventwire.evaluation.report import as_markdown, compare, evaluate

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"

ACLED_ROWS = [
    {
        "id": "t1",
        "text": "On 3 March 2021, Nigerian troops clashed with Boko Haram fighters near Gwoza, Borno, "
        "killing 7 militants.",
        "event_date": "2021-03-03",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "disorder_type": "Political violence",
        "iso3": "NGA",
        "admin1": "Borno",
        "latitude": 11.08,
        "longitude": 13.69,
        "time_precision": 1,
        "fatalities": 7,
        "flags": [],
        "inter1": 1,
        "inter2": 2,
    },
    {
        "id": "t2",
        "text": "On 4 March 2021, hundreds of students staged a protest in Nairobi against fee increases.",
        "event_date": "2021-03-04",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "disorder_type": None,
        "iso3": "KEN",
        "admin1": "Nairobi",
        "latitude": -1.28,
        "longitude": 36.82,
        "time_precision": 1,
        "fatalities": 0,
        "flags": [],
        "inter1": 6,
        "inter2": 0,
    },
    {
        "id": "t3",
        "text": "Weather was calm.",
        "event_date": "2021-03-05",
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "disorder_type": None,
        "iso3": "IND",
        "admin1": "Bihar",
        "latitude": 25.6,
        "longitude": 85.1,
        "time_precision": 1,
        "fatalities": 3,
        "flags": ["fatality_coding_convention"],
        "inter1": 5,
        "inter2": 7,
    },
]


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_gold_labels_never_reach_the_coder() -> None:
    article = acled.to_article(ACLED_ROWS[0])
    assert article.text == ACLED_ROWS[0]["text"] and article.title is None
    assert str(article.published_at.date()) == "2021-03-04"  # gold event_date + 1 day


def test_acled_harness_end_to_end(tmp_path: Path) -> None:
    record = evaluate("acled", _write(tmp_path, ACLED_ROWS), None, None, 1)
    overall = record["metrics"]["overall"]
    assert overall["n"] == 3
    assert overall["detection"] == pytest.approx(2 / 3)  # "Weather was calm." codes nothing
    assert overall["event_type_acc"] == pytest.approx(2 / 3)
    assert overall["iso3_acc"] == pytest.approx(2 / 3)
    assert overall["event_date_exact"] == pytest.approx(2 / 3)
    assert overall["fatalities_exact"] == 1.0  # t3 is excluded by its flag; t1 counts 7, t2 counts 0
    assert overall["within_161km"] == pytest.approx(2 / 3)
    assert overall["disorder_type_acc"] == 1.0  # only t1 has a gold disorder type
    assert record["metrics"]["confusion_event_type"]["Riots"] == {"(none)": 1}
    assert record["coder_version"] and record["n"] == 3
    text = as_markdown(record)
    assert "| detection | 0.667 |" in text and "Confusion" in text


def test_plover_harness_maps_cameo_to_plover(tmp_path: Path) -> None:
    rows = [
        {
            "id": "p1",
            "text": "Rebels attacked an army base in northern Mali on Monday.",
            "plover_event": "FIGHT",
            "source_actors": [{"actorText": "Rebels", "code": "MLI", "sector": "REB"}],
            "target_actors": [{"actorText": "army", "code": "MLI", "sector": "MIL"}],
        },
        {
            "id": "p2",
            "text": "The two presidents held talks in Geneva on Tuesday.",
            "plover_event": "CONSULT",
            "source_actors": [],
            "target_actors": [],
        },
    ]
    assert plover.plover_class("046") == "CONSULT" and plover.plover_class("0871") is not None
    assert plover.gsr_label("190", "ASSAULT") == "FIGHT" and plover.gsr_label("100", "REQUEST") == "DEMAND"
    record = evaluate("plover", _write(tmp_path, rows), None, None, 1)
    overall = record["metrics"]["overall"]
    assert overall["no_event_rate"] == 0.0
    assert overall["class_acc"] == 1.0, record["metrics"]["confusion_class"]


def test_plover_gold_sectors_compare_as_cameo_types() -> None:
    assert plover.gold_sector("CVLalb") == "CVL"  # role + ethnic group: the role is scored
    assert plover.gold_sector("GOVMOS") == "GOV"
    assert plover.gold_sector("CIV") == "CVL" and plover.gold_sector("JRN") == "MED"
    assert plover.gold_sector("***") is None and plover.gold_sector("MOS") is None  # nothing to score


def test_geo_harness_and_geoparse_command(tmp_path: Path) -> None:
    text = "Flooding hit Baghdad and Basra on Monday, officials in Iraq said."
    row = {
        "id": "g1",
        "text": text,
        "toponyms": [
            {
                "start": 13,
                "end": 20,
                "name": "Baghdad",
                "lat": 33.34,
                "lon": 44.40,
                "geonameid": "98182",
                "country": "Iraq",
                "admin1": "Baghdad",
            },
            {"start": 25, "end": 30, "name": "Basra", "lat": 30.51, "lon": 47.78, "country": "Iraq"},
        ],
    }
    record = evaluate("geo", _write(tmp_path, [row]), None, None, 1)
    overall = record["metrics"]["overall"]
    assert overall["n_toponyms"] == 2 and overall["recognition_recall"] == 1.0
    assert overall["country_acc"] == 1.0 and overall["within_161km"] == 1.0
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["geoparse", "--input", str(_write(tmp_path, [{"id": "x", "text": text}])), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    names = {t["name"]: t for t in line["toponyms"]}
    assert names["Baghdad"]["country_iso3"] == "IRQ" and names["Baghdad"]["feature_code"] in ("PPLC", "PPL")
    assert set(names["Baghdad"]) >= {"start", "end", "lat", "lon", "geonameid", "country_iso2", "admin1", "score"}


def test_eval_command_saves_and_compares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    gold = _write(tmp_path, ACLED_ROWS[:2])
    runner = CliRunner()
    result = runner.invoke(
        app, ["eval", "--gold", str(gold), "--kind", "acled", "--json", "a.json", "--report", "a.md"]
    )
    assert result.exit_code == 0, result.output
    saved = list((tmp_path / "eval" / "results").glob("acled-*.json"))
    assert len(saved) == 1 and "| event_type_acc |" in (tmp_path / "a.md").read_text()
    b = json.loads((tmp_path / "a.json").read_text())
    b["metrics"]["overall"]["detection"] = 0.5
    (tmp_path / "b.json").write_text(json.dumps(b))
    diff = runner.invoke(app, ["eval", "--compare", "a.json", "b.json"])
    assert diff.exit_code == 0 and "| detection | 1.000 | 0.500 | -0.500 |" in diff.output
    assert "| n | 2 | 2 | +0.000 |" in compare(b, b)
    bad = runner.invoke(app, ["eval", "--gold", str(gold), "--kind", "nope"])
    assert bad.exit_code == 2 and "unknown --kind" in bad.stderr


@pytest.mark.eval
@pytest.mark.skipif(
    not SHARED_EVAL.is_dir(),
    reason="../shared/eval is absent: gold data is not shipped with the repository, so the accuracy check is skipped",
)
@pytest.mark.parametrize(
    ("kind", "gold", "floor"),
    [
        ("acled", "acled_dev.jsonl", {"detection": 0.85, "event_type_acc": 0.65, "iso3_acc": 0.55}),
        ("plover", "plover_gsr.jsonl", {"class_acc": 0.45}),
        ("geo", "geo_dev.jsonl", {"country_acc": 0.8, "admin1_acc": 0.55}),
    ],
)
def test_accuracy_on_shared_gold_does_not_collapse(
    kind: str, gold: str, floor: dict[str, float], tmp_path: Path
) -> None:
    """A guard, not a target: a change that breaks a stage shows up here before it shows up in the data.
    Every 8th example (the files are sorted by class, so the first N would be one class); floors sit well
    below the full-file figures in the README."""
    lines = (SHARED_EVAL / gold).read_text(encoding="utf-8").split("\n")
    sample = tmp_path / gold
    sample.write_text("\n".join(line for i, line in enumerate(lines) if line.strip() and i % 8 == 0) + "\n")
    record = evaluate(kind, sample, None, None, 1)
    for metric, minimum in floor.items():
        assert record["metrics"]["overall"][metric] >= minimum, (metric, record["metrics"]["overall"])
