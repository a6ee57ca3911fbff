"""The README's Python example runs and prints what it says."""

import contextlib
import io
import re

from conftest import ROOT


def test_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, flags=re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("(0,) (0,)") and "IPR protection matters. | 知識產權保護很重要。" in lines[0]
    assert lines[2].endswith("zh-Hant")
    assert lines[3].startswith("IPR protection matters.\t知識產權保護很重要。\t")
