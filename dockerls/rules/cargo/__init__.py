"""CRG: cargo builds rewritten into BuildKit bind and cache mounts without losing the built binaries."""

from dockerls.rules.cargo import cached_target_read, dependency_cache, source_binds, target_cache

RULES = (dependency_cache.RULE, target_cache.RULE, source_binds.RULE, cached_target_read.RULE)
