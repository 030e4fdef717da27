"""The ``batch`` command of the command line: check a folder, write the audit workbook."""
from __future__ import annotations

from core import messages
from core.batch.run import collect, run_batch


def cmd_batch(args) -> int:
    """`python main.py batch 报告目录/ -o 检查汇总.xlsx [--jobs N] [--json] [--overwrite]`."""
    import json
    import sys

    from core.batch.workbook import write_workbook
    from core.fsutil import OutputError, prepare_output

    try:
        prepare_output(args.output, None, args.overwrite, suffixes=(".xlsx",))
    except OutputError as err:
        print(err.message, file=sys.stderr)
        return 2
    files = collect([args.folder])
    if not files:
        print(messages.BATCH_NO_FILES.format(folder=args.folder), file=sys.stderr)
        return 2

    def progress(index, row):
        if not args.json:
            print(f"[{index + 1}/{len(files)}] {messages.BATCH_STATUS.get(row.status, row.status)}"
                  f"  {row.path}", file=sys.stderr)

    result = run_batch([args.folder], jobs=args.jobs, progress=progress)
    try:
        out = write_workbook(result, args.output, args.overwrite, inputs=files)
    except OutputError as err:
        print(err.message, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        print(messages.BATCH_DONE.format(n=len(result.rows), seconds=result.seconds, out=out))
    if any(r.status in ("refused", "timeout", "crashed") for r in result.rows):
        return 3
    return 1 if any(r.counts.get("error") for r in result.rows) else 0
