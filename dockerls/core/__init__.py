"""The vocabulary between the syntax tree and the rules, below both the rules and the engine.

``findings`` (Finding, Fix, Edit, Severity, Applicability), ``rule`` (how a rule
is declared), ``context`` (what a rule is given, and line numbers for its
messages), ``options`` (per-family rule options) and ``buildcontext`` (a
read-only view of the files a build can see).
"""
