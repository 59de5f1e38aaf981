"""Whole-file analyses shared by every rule family, computed once per document.

Attached to the syntax tree from outside (``document.analysis(provider)`` or
``document.memo``), never owned by it:

- ``stages``: which stage is built on which, and the depth-first region keys;
- ``sites``: the commands a RUN runs, behind wrappers, with the directory, environment
  and user each runs with;
- ``caches``: a RUN's mounts and what "covered by a cache mount" means;
- ``users``: who a RUN runs as (uid, gid, home);
- ``copy_sources``, ``provenance``, ``copies``, ``reads``, ``candidates``: what a COPY
  puts where, which COPY brought a file, who reads it later, what removing it changes;
- ``stage_reads``: who reads another stage's files; ``context_copies``: which context
  paths a COPY brings, and where in the context a directory of the image came from;
- ``paths``, ``images``, ``memo``: small shared vocabulary.
"""
