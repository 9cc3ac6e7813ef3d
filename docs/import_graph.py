"""Print the package-level import graph of the code as a Mermaid diagram (docs/architecture.md).

    .venv/bin/python docs/import_graph.py > docs/import-graph.md

Built with grimp (the library under import-linter) from the source itself, not from the docs. The
packages are drawn top to bottom in the order of the layers in pyproject.toml; the script fails if
any import points up a layer or sideways between the three workflow apps.
"""

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# Top to bottom, as in pyproject.toml's layers contract; packages on one row may not import each other.
LAYERS = [
    ["peersupport", "bench"],
    ["demo"],
    ["reports", "identity"],
    ["support_requests", "committees", "training"],
    ["roster"],
    ["core"],
]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    packages = [package for row in LAYERS for package in row]
    graph = grimp.build_graph(*packages, include_external_packages=False)
    level = {package: index for index, row in enumerate(LAYERS) for package in row}
    edges, wrong = [], []
    for importer in packages:
        for imported in packages:
            if importer != imported and graph.direct_import_exists(
                importer=importer, imported=imported, as_packages=True
            ):
                edges.append((importer, imported))
                if level[imported] <= level[importer]:
                    wrong.append((importer, imported))
    print("```mermaid")
    print("flowchart TD")
    for index, row in enumerate(LAYERS):
        print(f'  subgraph layer{index} [" "]')
        print("    direction LR")
        for package in row:
            print(f"    {package}")
        print("  end")
    for importer, imported in edges:
        print(f"  {importer} --> {imported}")
    print("```")
    print()
    print(f"{len(edges)} package-level imports; every arrow points down a layer.")
    if wrong:
        print(f"Imports that point up or sideways: {wrong}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
