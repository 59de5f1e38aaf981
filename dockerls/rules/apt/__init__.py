"""APT: apt-get/apt/aptitude steps rewritten to use BuildKit cache mounts."""

from dockerls.rules.apt.cleanup_in_cache_mount import CLEANUP_WIPES_CACHE
from dockerls.rules.apt.docker_clean_active import DOCKER_CLEAN_ACTIVE
from dockerls.rules.apt.lists_mount_without_update import LISTS_MOUNT_WITHOUT_UPDATE
from dockerls.rules.apt.missing_cache_mount import MISSING_CACHE_MOUNT
from dockerls.rules.apt.mount_not_locked import MOUNT_NOT_LOCKED

RULES = (
    MISSING_CACHE_MOUNT,
    MOUNT_NOT_LOCKED,
    DOCKER_CLEAN_ACTIVE,
    LISTS_MOUNT_WITHOUT_UPDATE,
    CLEANUP_WIPES_CACHE,
)
