"""The ``fix`` and ``template`` commands of the command line.

    python main.py fix 报告.docx -o 报告（已修正）.docx [--prior 上年报告.docx] [--overwrite]
    python main.py template -o 年报模板.docx | 年报数据.xlsx [--overwrite]

Exit status: 0 written; 2 the output path cannot be used (the input itself, an existing file
without --overwrite, a missing folder, a wrong ending) or cannot be written (no permission, file
open in another program, disk full); 3 the input cannot be read (the refusal is printed).
"""
from __future__ import annotations

import sys

from core import messages
from core.fsutil import OutputError, prepare_output

EXIT_OK, EXIT_USAGE, EXIT_UNREADABLE = 0, 2, 3


def cmd_fix(args) -> int:
    from core.checking import check
    from core.findings import CheckOptions
    from core.fix import correct
    from core.model import Refusal

    try:
        prepare_output(args.output, args.file, args.overwrite, suffixes=(".docx",))
    except OutputError as err:
        return _fail(err.message, EXIT_USAGE)
    result = check(args.file, CheckOptions(prior=getattr(args, "prior", None)))
    if result.status != "checked":
        return _fail(messages.FIX_REFUSED.format(reason=result.refusal.message), EXIT_UNREADABLE)
    try:
        outcome = correct(result, args.output, {}, overwrite=args.overwrite)
    except Refusal as refusal:
        return _fail(messages.FIX_REFUSED.format(reason=refusal.message), EXIT_UNREADABLE)
    except OutputError as err:
        return _fail(messages.FIX_FAILED.format(reason=err.message), EXIT_USAGE)
    print((messages.FIX_DONE_REBUILT if outcome.rebuilt else messages.FIX_DONE).format(
        path=outcome.path))
    applied = len(outcome.applied) + len(outcome.typed)
    print(messages.FIX_SUMMARY.format(applied=applied, pending=len(outcome.commented)))
    if outcome.unplaced:
        items = messages.FIX_LIST_SEP.join(dict.fromkeys(d.rule for d in outcome.unplaced))
        print(messages.FIX_UNPLACED.format(count=len(outcome.unplaced), items=items))
    return EXIT_OK


def cmd_template(args) -> int:
    from core.fix.templates import write_template

    try:
        path = write_template(args.output, overwrite=args.overwrite)
    except OutputError as err:
        return _fail(err.message if err.is_usage else messages.FIX_FAILED.format(
            reason=err.message), EXIT_USAGE)
    print(messages.TEMPLATE_DONE.format(path=path))
    return EXIT_OK


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status
