"""Work around a reference-counting defect of PySide6 6.12 on Python 3.11.

shiboken6 6.12 returns ``None`` from every void Qt call (``label.setText(...)``, a null
pointer, an empty QVariant) and ``True`` from ``Signal.emit`` without taking a new reference.
From Python 3.12 on these objects are immortal (PEP 683) and that is harmless; on 3.11 each
call takes one reference away, and after some thousands of calls the interpreter aborts with
"Fatal Python error: none_dealloc" (or bool_dealloc). Giving these singletons a very large
reference count reproduces the 3.12 behaviour: they can never reach zero.

The project pins PySide6 6.9.3 (its wheels are manylinux_2_28, which the domestic Linux build
needs, and it does not have the defect: its GUI suite passes with the shield off). The shield
stays for an installation that brings 6.12 or later: nothing is done with an older shiboken6, on
Python 3.12 or later, or on an interpreter other than CPython.
"""
from __future__ import annotations

import platform
import sys

SINGLETONS = (None, True, False, NotImplemented, Ellipsis)
RESERVE = 1 << 40
FIRST_AFFECTED = (6, 12)


def affected(version: tuple | None = None) -> bool:
    """Whether this interpreter and shiboken6 have the defect."""
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    if version is None:
        import shiboken6
        version = tuple(shiboken6.__version_info__[:2])
    return tuple(version[:2]) >= FIRST_AFFECTED


def shield_singletons() -> bool:
    """Returns True when the reference counts were raised."""
    if not affected():
        return False
    if getattr(sys, "_nianbao_singletons_shielded", False):
        return True
    import ctypes

    for obj in SINGLETONS:
        # ob_refcnt is the first field of every object in a release build of CPython
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE
    sys._nianbao_singletons_shielded = True
    return True
