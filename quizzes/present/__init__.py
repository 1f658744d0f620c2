"""The presented question (typed in ``types``), presenting a bank question (``present``), seeded draws and
shuffles (``draw``) and grading (``grade``): the one form every view and export reads."""
