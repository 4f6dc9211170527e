"""reveal.js lecture decks that present without network: one per chapter, with the scripts they
load copied beside them.

    python tools/make_slides.py [output folder] [notebooks...]   (make slides; default: slides/)

``jupyter nbconvert --to slides`` lays every notebook out by its cells' slide metadata. Its
decks normally load reveal.js, require.js, jQuery and MathJax from CDNs; here every one of them
comes from ``lib/`` next to the decks, copied from the npm packages that
tools/install_node_tools.sh installs into .venv/node (each with its licence). Copy the whole
output folder to the lecture hall's computer and open a deck from disk.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from notebook_tools import ROOT, notebook_paths

JUPYTER = Path(sys.executable).with_name("jupyter")
NODE_MODULES = Path(sys.prefix) / "node" / "node_modules"  # .venv/node, see make node
# what each package contributes to lib/: (package, files or folders inside it)
ASSETS = {
    "reveal.js": [
        "LICENSE",
        "dist/reveal.js",
        "dist/reveal.css",
        "dist/theme",
        "plugin/notes",
    ],
    "requirejs": ["require.js"],  # its licence (MIT) heads the file
    "jquery": ["LICENSE.txt", "dist/jquery.min.js"],
    "mathjax": [
        "LICENSE",
        "MathJax.js",
        "config/TeX-AMS_CHTML-full.js",
        "config/Safe.js",
        "extensions",
        "jax/input/TeX",
        "jax/output/CommonHTML",
        "jax/element",
        "fonts/HTML-CSS/TeX/woff",
        "localization/en",
    ],
}
# nbconvert's settings that point a deck at lib/ (paths relative to the deck)
LOCAL = {
    "SlidesExporter.reveal_url_prefix": "lib/reveal.js",
    "SlidesExporter.require_js_url": "lib/requirejs/require.js",
    "SlidesExporter.jquery_url": "lib/jquery/dist/jquery.min.js",
    "SlidesExporter.mathjax_url": "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe,local/slides",
}
# MathJax 2 keeps a MathML copy of each formula for screen readers, hidden by a CSS clip that
# today's Chromium ignores (it draws MathML itself), so every formula showed twice. This local
# configuration hides the copy the way that still works, and keeps it for screen readers.
MATHJAX_LOCAL = """\
MathJax.Hub.Config({AssistiveMML: {styles: {".MJX_Assistive_MathML": {
  "clip-path": "inset(50%) !important", overflow: "hidden", width: "1px", height: "1px"}}}});
MathJax.Ajax.loadComplete("[MathJax]/config/local/slides.js");
"""


def missing_assets(node_modules=NODE_MODULES):
    return [
        f"{p}/{f}"
        for p, files in ASSETS.items()
        for f in files
        if not (node_modules / p / f).exists()
    ]


def copy_assets(out_dir, node_modules=NODE_MODULES):
    """lib/<package>/... in ``out_dir``, from the installed npm packages."""
    missing = missing_assets(node_modules)
    if missing:
        raise FileNotFoundError(
            f"{node_modules} lacks {', '.join(missing[:3])}...: run `make node` (npm) first"
        )
    for package, files in ASSETS.items():
        for name in files:
            source, target = (
                node_modules / package / name,
                Path(out_dir) / "lib" / package / name,
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy(source, target)
    local = Path(out_dir) / "lib" / "mathjax" / "config" / "local" / "slides.js"
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text(MATHJAX_LOCAL)


def nbconvert_command(out_dir, paths):
    return (
        [
            str(JUPYTER),
            "nbconvert",
            "--to",
            "slides",
            "--SlidesExporter.reveal_scroll=True",
        ]
        + [f"--{key}={value}" for key, value in LOCAL.items()]
        + ["--output-dir", str(out_dir)]
        + [str(p) for p in paths]
    )


def make_slides(out_dir, paths=None, node_modules=NODE_MODULES):
    """The decks, out_dir/<notebook>.slides.html, and their lib/; returns the decks' paths."""
    out_dir = Path(out_dir)
    paths = paths or notebook_paths()
    copy_assets(out_dir, node_modules)
    subprocess.run(
        nbconvert_command(out_dir, paths),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [out_dir / f"{Path(p).stem}.slides.html" for p in paths]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "slides")
    for deck in make_slides(out, [Path(p).resolve() for p in sys.argv[2:]] or None):
        print(deck)
