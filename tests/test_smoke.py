"""The package imports quickly and without a display stack."""

import subprocess
import sys


def test_import_needs_no_plotting_or_widgets():
    code = (
        "import sys, dnn_core; "
        "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import dnn_core pulled in {out.stdout.strip()}"
