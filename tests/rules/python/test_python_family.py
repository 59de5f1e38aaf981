"""The Python family as a whole: codes and selection, options, robustness, convergence."""

from __future__ import annotations

import dockerfile
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.core.options import Options, PipOptions
from dockerls.rules import python
from dockerls.syntax import parse
from tests.paths import SEED_EXAMPLES

SEED = open(SEED_EXAMPLES / "pip.before.Dockerfile", encoding="utf-8").read()
SEED_AFTER = open(SEED_EXAMPLES / "pip.after.Dockerfile", encoding="utf-8").read()
CONTEXT = MemoryContext({"requirements.txt": "flask\n", "main.py": ""})


def test_codes_group_by_tool_so_a_prefix_selects_a_tool() -> None:
    codes = [rule.code for rule in python.RULES]
    assert all(code.startswith("PIP") for code in codes)
    uv_only = {f.code for f in lint("FROM x\nRUN uv pip install --system a && pip install b\n", LintSettings(select=("PIP1",)))}
    assert uv_only == {"PIP101"}
    pip_only = {f.code for f in lint("FROM x\nRUN uv pip install --system a && pip install b\n", LintSettings(select=("PIP0",)))}
    assert pip_only == {"PIP001"}


def test_the_seed_is_fixed_to_the_seed_after() -> None:
    safe = fix(SEED, LintSettings(), CONTEXT).text
    assert "--mount=type=bind,source=requirements.txt,target=requirements.txt" in safe
    assert "--mount=type=cache,target=/root/.cache/pip" in safe
    assert "COPY requirements.txt ." in safe  # the final image keeps the file unless unsafe fixes are on
    assert fix(SEED, LintSettings(unsafe_fixes=True), CONTEXT).text == SEED_AFTER
    assert [f for f in lint(SEED_AFTER, build_context=CONTEXT) if f.code.startswith("PIP")] == []


def test_bind_mounts_can_be_turned_off() -> None:
    options = Options(pip=PipOptions(bind_mounts=False))
    codes = {f.code for f in lint(SEED, LintSettings(options=options), CONTEXT)}
    assert codes == {"PIP001"}


def test_cache_sharing_option() -> None:
    options = Options(pip=PipOptions(cache_sharing="locked"))
    fixed = fix("FROM x\nRUN pip install flask\n", LintSettings(options=options)).text
    assert "--mount=type=cache,target=/root/.cache/pip,sharing=locked" in fixed


def test_windows_files_get_nothing() -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install flask\n"
    assert [f for f in lint(text) if f.code.startswith("PIP")] == []


FRAGMENTS = st.sampled_from(
    [
        "FROM python:3.12 AS b\n", "FROM b\n", "FROM scratch\n", "WORKDIR /app\n", "WORKDIR $X\n",
        "COPY requirements.txt .\n", "COPY requirements.txt base.txt ./\n", "COPY . .\n",
        "COPY pyproject.toml uv.lock poetry.lock ./\n", "COPY --from=b /app /app\n",
        "RUN pip install -r requirements.txt\n", "RUN pip install --no-cache-dir -r requirements.txt -c base.txt\n",
        "RUN python -m pip install flask\n", 'RUN ["pip", "install", "--no-cache-dir", "flask"]\n',
        "RUN uv sync --locked\n", "RUN uv pip install --system --no-cache -r requirements.txt\n",
        "RUN poetry install --no-cache\n", "RUN <<EOF\npip install -r requirements.txt\nEOF\n",
        "RUN --mount=type=cache,target=/root/.cache/pip pip install a\n",
        "RUN --mount=type=cache,target=/root/.cache/uv,uid=5 uv sync --frozen\n",
        "RUN cd /x && pip install -r r.txt\n", "RUN useradd -m -u 1000 app\n", "USER app\n", "USER $U\n",
        "ENV PIP_NO_CACHE_DIR=1 UV_NO_CACHE=1\n", "ARG PIP_NO_CACHE_DIR=off\n", "ENV HOME=/h\n",
        "ENV PIP_CACHE_DIR=rel\n", "RUN cat requirements.txt\n", "RUN pip install . && \\\n  pip install \\\n  -r \\\n",
        "COPY requirements.txt\n", "RUN pip install -r\n", "RUN uv\n", "ENV\n",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=8), st.booleans(), st.booleans())
def test_never_raises_and_fixes_converge(fragments, crlf, unsafe) -> None:
    text = "".join(fragments)
    if crlf:
        text = text.replace("\n", "\r\n")
    context = MemoryContext({"requirements.txt": "-r base.txt\n", "base.txt": "", "pyproject.toml": "", "uv.lock": ""})
    findings = lint(text, build_context=context)
    assert not [f for f in findings if f.code == "DLS001"], findings
    result = fix(text, LintSettings(unsafe_fixes=unsafe), context)
    assert fix(result.text, LintSettings(unsafe_fixes=unsafe), context).text == result.text
    if result.text != text and not parse(text).issues:
        assert not parse(result.text).issues
        dockerfile.parse_string(result.text)
    if crlf:
        assert "\n" not in result.text.replace("\r\n", "")
