"""CRG: cargo builds rewritten into BuildKit bind and cache mounts without losing the built binaries."""

from dockerls.rules.cargo.cached_target_read import CARGO_CACHED_TARGET_READ_LATER
from dockerls.rules.cargo.dependency_cache import CARGO_DEPENDENCY_CACHE
from dockerls.rules.cargo.source_binds import CARGO_SOURCES_COPIED
from dockerls.rules.cargo.target_cache import CARGO_TARGET_CACHE

RULES = (CARGO_DEPENDENCY_CACHE, CARGO_TARGET_CACHE, CARGO_SOURCES_COPIED, CARGO_CACHED_TARGET_READ_LATER)
