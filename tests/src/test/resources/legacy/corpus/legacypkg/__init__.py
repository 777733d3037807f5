# A package of legacy modules (for c39_implicit_relative_import).
