"""Every fix shape, built for real: the same image, and a cache that spares the next build.

For each pair (:mod:`tests.build.pairs`) dockerls writes the after file, both
files are built, and

- ``test_same_image``: the final images differ only where the fix may change
  them (its caches, the apt configuration it announces, and for unsafe
  fixes what their messages say);
- ``test_rebuild_downloads_nothing_again``: a second build of the after file,
  every RUN run again with the cache mounts kept, downloads nothing the first
  build fetched.
"""

from __future__ import annotations

import pytest

from tests.build.conftest import REPORT
from tests.build.pairs import PairResult, all_pairs, build_pair, prepare
from dockerls.syntax import parse

pytestmark = pytest.mark.build

PAIRS = all_pairs()
# Defects the tier found and that are not fixed yet: strict, so a fix makes them fail until removed here.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {
}
_RESULTS: dict[str, PairResult | Exception] = {}


def _built(pair, engine, front, bases, local_repositories, scratch) -> PairResult:
    if pair.id not in _RESULTS:
        try:
            with local_repositories.serve(pair.expect.get("local_repository"), pair.dockerfile.parent) as local:
                prepared = prepare(pair, scratch / pair.id.replace("/", "-"), front.url, local and local.url)
                bases.ensure_for(_images(prepared.before_text))
                result = build_pair(engine, prepared, front, local)
            _RESULTS[pair.id] = result
            if result.comparison is None:
                verdict = "before fails to build, after builds" if not result.before.succeeded else "BEFORE BUILT"
            elif result.comparison.same:
                verdict = "same image"
            else:
                verdict = f"DIFFERS: {result.comparison.differences[0]}"
            if result.again:
                verdict += f"; FETCHED AGAIN: {result.again}"
            REPORT.append({
                "pair": pair.id,
                "verdict": verdict,
                "counts": result.counts(),
                "seconds": f"{result.before.seconds:.0f}, {result.first.seconds:.0f}, {result.second.seconds:.0f}",
            })
        except Exception as error:  # every test of the pair reports the same failure
            _RESULTS[pair.id] = error
            REPORT.append({"pair": pair.id, "verdict": f"ERROR: {str(error).splitlines()[0]}", "counts": "", "seconds": ""})
    result = _RESULTS[pair.id]
    if isinstance(result, Exception):
        raise result
    return result


def _images(text: str) -> set[str]:
    """The images a Dockerfile starts its stages from (not its own stages)."""
    document = parse(text)
    stages = {stage.name for stage in document.stages if stage.name}
    return {stage.base for stage in document.stages if stage.base.lower() not in stages and stage.base != "scratch"}


@pytest.fixture(params=PAIRS, ids=lambda pair: pair.id)
def result(request, engine, front, bases, local_repositories, scratch) -> PairResult:
    defect = KNOWN_DEFECTS.get((request.node.originalname, request.param.id))
    if defect:
        request.node.add_marker(pytest.mark.xfail(reason=defect, strict=True))
    return _built(request.param, engine, front, bases, local_repositories, scratch)


def test_fix_changes_the_file(result: PairResult) -> None:
    prepared = result.prepared
    assert prepared.after_text != prepared.before_text, f"dockerls fixed nothing in {prepared.pair.id}"


def test_same_image(result: PairResult) -> None:
    if result.comparison is None:
        reason = result.prepared.pair.expect["before_fails"]
        assert not result.before.succeeded, f"the before file was expected to fail ({reason}), and built"
        because = result.prepared.pair.expect.get("before_fails_saying")
        assert because is None or because in result.before.log, f"the before file failed without saying {because!r}"
        return
    assert result.comparison.same, (
        f"{result.prepared.pair.id}: the fixed image differs\n{result.comparison.report()}\n"
        f"--- after file:\n{result.prepared.after_text}"
    )


def test_rebuild_reruns_every_run(result: PairResult) -> None:
    says = result.prepared.pair.expect.get("builds_say")
    for build in (result.first, result.second):  # what the pair is about happened in both builds
        assert says is None or says in build.log, f"{build.tag}: the log does not say {says!r}"
    steps = result.rerun_steps()
    assert steps, "the rebuild ran no RUN step"
    cached = [title for title, was_cached in steps if was_cached]
    assert not cached, f"the layer cache was not busted for: {cached}"


def test_rebuild_downloads_nothing_again(result: PairResult) -> None:
    first = {manager: items for manager, items in result.first_downloads.items() if items}
    pair = result.prepared.pair
    if pair.expect.get("downloads", True) is not False:
        assert first, "the first build downloaded nothing: this pair proves no cache"
    variant = "unsafe" if pair.unsafe else "safe"
    expected_refetch = pair.expect.get("refetch_expected", {}).get(variant)
    if expected_refetch:  # a cache the fixes of this variant leave turned off, on purpose
        assert result.again, f"expected to fetch again ({expected_refetch}), but nothing was"
        return
    assert not result.again, (
        f"{result.prepared.pair.id}: the rebuild fetched again {result.again}\n"
        f"--- after file:\n{result.prepared.after_text}"
    )
