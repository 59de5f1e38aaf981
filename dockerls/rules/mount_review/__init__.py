"""MNT: what a careful reviewer says about mounts written by hand.

Caches one id names but RUNs mount differently, bind mounts of files the build
context does not have, and ``from=`` naming no stage. They report; they do not
rewrite (what was meant is not known).
"""

from dockerls.rules.mount_review.bind_source import BIND_SOURCE_NOT_IN_CONTEXT
from dockerls.rules.mount_review.cache_ownership import CACHE_OWNERSHIP_DIFFERS
from dockerls.rules.mount_review.cache_sharing import CACHE_SHARING_DIFFERS
from dockerls.rules.mount_review.stage_reference import FROM_NAMES_NO_STAGE

RULES = (CACHE_OWNERSHIP_DIFFERS, CACHE_SHARING_DIFFERS, BIND_SOURCE_NOT_IN_CONTEXT, FROM_NAMES_NO_STAGE)
