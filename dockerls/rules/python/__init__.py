"""PIP: Python installers (pip, uv, poetry) rewritten into cache and bind mounts.

Codes: ``PIP0xx`` pip, ``PIP1xx`` uv, ``PIP2xx`` poetry, with the same last
digit for the same kind of finding (1 cache not mounted, 2 files not
bind-mounted, 3 COPY removable, 4 cache turned off by a variable, 5 cache
mount misplaced, 6 uv's link mode). Selecting ``PIP`` selects the family,
``PIP1`` only uv.
"""

from dockerls.rules.python.pip_cache_mount_misplaced import PIP_CACHE_MOUNT_MISPLACED
from dockerls.rules.python.pip_cache_not_mounted import PIP_CACHE_NOT_MOUNTED
from dockerls.rules.python.pip_no_cache_dir_variable import PIP_NO_CACHE_DIR_VARIABLE
from dockerls.rules.python.pip_requirements_copy_removable import PIP_REQUIREMENTS_COPY_REMOVABLE
from dockerls.rules.python.pip_requirements_not_bind_mounted import PIP_REQUIREMENTS_NOT_BIND_MOUNTED
from dockerls.rules.python.poetry_cache_mount_misplaced import POETRY_CACHE_MOUNT_MISPLACED
from dockerls.rules.python.poetry_cache_not_mounted import POETRY_CACHE_NOT_MOUNTED
from dockerls.rules.python.poetry_files_copy_removable import POETRY_FILES_COPY_REMOVABLE
from dockerls.rules.python.poetry_files_not_bind_mounted import POETRY_FILES_NOT_BIND_MOUNTED
from dockerls.rules.python.uv_cache_mount_misplaced import UV_CACHE_MOUNT_MISPLACED
from dockerls.rules.python.uv_cache_not_mounted import UV_CACHE_NOT_MOUNTED
from dockerls.rules.python.uv_files_copy_removable import UV_FILES_COPY_REMOVABLE
from dockerls.rules.python.uv_files_not_bind_mounted import UV_FILES_NOT_BIND_MOUNTED
from dockerls.rules.python.uv_link_mode_not_copy import UV_LINK_MODE_NOT_COPY
from dockerls.rules.python.uv_no_cache_variable import UV_NO_CACHE_VARIABLE

RULES = (
    PIP_CACHE_NOT_MOUNTED,
    PIP_REQUIREMENTS_NOT_BIND_MOUNTED,
    PIP_REQUIREMENTS_COPY_REMOVABLE,
    PIP_NO_CACHE_DIR_VARIABLE,
    PIP_CACHE_MOUNT_MISPLACED,
    UV_CACHE_NOT_MOUNTED,
    UV_FILES_NOT_BIND_MOUNTED,
    UV_FILES_COPY_REMOVABLE,
    UV_NO_CACHE_VARIABLE,
    UV_CACHE_MOUNT_MISPLACED,
    UV_LINK_MODE_NOT_COPY,
    POETRY_CACHE_NOT_MOUNTED,
    POETRY_FILES_NOT_BIND_MOUNTED,
    POETRY_FILES_COPY_REMOVABLE,
    POETRY_CACHE_MOUNT_MISPLACED,
)
