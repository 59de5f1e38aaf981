import os
import sys

# `python -m dockerls` puts the working directory first on sys.path, and editors start the
# server in the workspace folder: a file there named like a module imported later
# (tomllib.py, pygls.py, tree_sitter.py …) would run instead of it. Only finding dockerls
# itself needed that entry, and it is imported by now.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from dockerls.cli import main  # noqa: E402

raise SystemExit(main())
