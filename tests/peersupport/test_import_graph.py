"""The import graph in docs/ is drawn from the code, points only down, and is up to date."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_import_graph_is_the_code_s_and_no_arrow_points_up():
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "docs" / "import_graph.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "docs" / "import-graph.md").read_text(), (
        "docs/import-graph.md is out of date: python docs/import_graph.py > docs/import-graph.md"
    )
