"""Reading a Cargo project from the build context."""

from __future__ import annotations

from dockerls.core.buildcontext import NO_CONTEXT, MemoryContext
from dockerls.rules.cargo.manifest import load_project


def test_package_binaries_libraries_and_build_script():
    context = MemoryContext(
        {
            "Cargo.toml": '[package]\nname = "my-app"\nversion = "0.1.0"\n\n[[bin]]\nname = "tool"\npath = "tools/t.rs"\n'
            '\n[lib]\ncrate-type = ["cdylib", "rlib"]\n',
            "src/main.rs": "",
            "src/lib.rs": "",
            "src/bin/extra.rs": "",
            "src/bin/multi/main.rs": "",
            "build.rs": 'fn main() { let out = std::env::var("OUT_DIR").unwrap(); std::fs::write(out + "/x", "").unwrap(); }',
        }
    )
    project = load_project(context)
    assert project.complete
    assert {"my-app", "tool", "extra", "multi", "libmy_app.so", "libmy_app.rlib"} <= project.artifact_names
    assert project.produces("my-app") and project.produces("nothing") is False
    assert project.build_scripts == ["build.rs"] and not project.build_script_may_write_sources


def test_build_script_writing_into_the_sources_is_noticed():
    context = MemoryContext(
        {"Cargo.toml": '[package]\nname = "a"\n', "build.rs": 'fn main() { std::fs::write("src/gen.rs", "").unwrap(); }'}
    )
    assert load_project(context).build_script_may_write_sources


def test_workspace_members_with_globs_and_exclusions():
    context = MemoryContext(
        {
            "Cargo.toml": '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/old"]\n',
            "crates/server/Cargo.toml": '[package]\nname = "server"\n',
            "crates/server/src/main.rs": "",
            "crates/old/Cargo.toml": '[package]\nname = "old"\n',
            "crates/old/src/main.rs": "",
            "crates/notes.txt": "",
            "tools/cli/Cargo.toml": '[package]\nname = "cli"\n',
            "tools/cli/src/main.rs": "",
        }
    )
    project = load_project(context)
    assert project.member_dirs == ["crates/server", "tools/cli"]
    assert project.artifact_names == {"server", "cli"} and project.complete


def test_unreadable_member_makes_the_project_incomplete():
    context = MemoryContext({"Cargo.toml": '[workspace]\nmembers = ["a", "b/**"]\n', "a/Cargo.toml": "not toml ["})
    project = load_project(context)
    assert not project.complete and project.produces("anything") is None


def test_config_target_dir_and_targets():
    context = MemoryContext(
        {
            "Cargo.toml": '[package]\nname = "a"\n',
            ".cargo/config.toml": '[build]\ntarget-dir = "out"\ntarget = ["x86_64-unknown-linux-musl"]\n',
        }
    )
    project = load_project(context)
    assert project.config_target_dir == "out" and project.config_targets == ("x86_64-unknown-linux-musl",)


def test_no_project_without_context_or_manifest():
    assert load_project(NO_CONTEXT) is None
    assert load_project(MemoryContext({"README.md": ""})) is None
    assert load_project(MemoryContext({"Cargo.toml": "[package\n"})) is None
