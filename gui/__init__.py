"""The desktop window (PySide6). Imports ``core.api`` and the result types only (see
gui/layout.py for the one documented exception)."""
from gui.compat import shield_singletons

shield_singletons()
