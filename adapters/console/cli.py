"""The `spreadbot` command: chat, ask, recommend, catalogue validate, serve, teams package.

Command names, flags and JSON shapes are a stable interface that other tools rely on. Heavy
platform packages are imported only by the subcommands that need them, to keep `ask` fast.
Imports: adapters (lazily), bot, catalogue, stdlib.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from catalogue.yamlfile import DataFileError, listed

_WATCH_HELP = (
    "reload the catalogue and flow when their files change (SIGHUP always reloads); "
    "a broken version is refused and the last good one keeps serving"
)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalogue",
        action="append",
        type=Path,
        default=None,
        metavar="DIR",
        help="an extra catalogue folder or file (repeatable); also "
        "SPREADBOT_CATALOGUE, separated by the path separator",
    )
    common.add_argument(
        "--no-shipped-catalogue",
        action="store_true",
        help="use only the --catalogue folders, not the shipped catalogue",
    )

    p = argparse.ArgumentParser(
        prog="spreadbot",
        description="Choose how to spread and scale "
        "an NHS innovation: chat, look up methods, get recommendations.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = sub.add_parser("chat", parents=[common], help="talk to Spreadbot in the terminal")
    chat.add_argument("--user", help="your name in the conversation (defaults to your login)")
    chat.add_argument(
        "--state-url",
        help="where to keep the conversation "
        "(default: SPREADBOT_STATE_URL, else a SQLite file in the data folder)",
    )
    chat.add_argument("--watch", action="store_true", help=_WATCH_HELP)

    ask = sub.add_parser("ask", parents=[common], help="look something up once")
    ask.add_argument("text", nargs="+", help="what to look up")
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    rec = sub.add_parser("recommend", parents=[common], help="rank methods for your situation")
    from bot.criteria import CRITERIA

    for spec in CRITERIA:  # one flag per guided criterion, from the registry
        rec.add_argument(
            f"--{spec.flag}",
            dest=spec.criterion.value,
            choices=spec.values,
            action="append" if spec.multiple else "store",
            help=f"{spec.title.lower()}" + (" (repeatable)" if spec.multiple else ""),
        )
    rec.add_argument(
        "--describe",
        metavar="TEXT",
        help="your situation in your own words; what it says fills the answers the flags leave",
    )
    rec.add_argument("--json", action="store_true", help="print one JSON object")

    cat = sub.add_parser("catalogue", help="work with catalogue files")
    cat_sub = cat.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")
    val = cat_sub.add_parser("validate", help="check catalogue files; non-zero exit on any error")
    val.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the shipped catalogue)"
    )
    val.add_argument("--flow", type=Path, help="also check this flow file")
    val.add_argument(
        "--no-shipped-catalogue",
        action="store_true",
        help="check PATHs on their own, not together with the shipped catalogue",
    )
    exp = cat_sub.add_parser(
        "export",
        parents=[common],
        help="write the catalogue as a workbook (one sheet per kind) or a folder of CSV files",
    )
    exp.add_argument("out", type=Path, metavar="OUT", help="the .xlsx file, or the CSV folder")
    exp.add_argument("--format", choices=("xlsx", "csv"), default=None)
    exp.add_argument(
        "--only-extensions",
        action="store_true",
        help="only what the organisation's folders add, not the shipped catalogue",
    )
    imp = cat_sub.add_parser(
        "import", help="turn an edited workbook or CSV folder back into YAML catalogue files"
    )
    imp.add_argument("source", type=Path, metavar="FILE", help="the .xlsx file or CSV folder")
    imp.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write")
    imp.add_argument(
        "--no-shipped-catalogue",
        action="store_true",
        help="the workbook is a whole catalogue: check it on its own, not with the shipped one",
    )
    imp.add_argument(
        "--replace", action="store_true", help="remove the YAML files already in DIR first"
    )

    rep = sub.add_parser(
        "report", parents=[common], help="what went unanswered, what people picked, what helped"
    )
    rep.add_argument(
        "--since",
        default=None,
        metavar="WHEN",
        help="a duration back from now (7d, 12h, 30m, 2w) or a date (2025-01-31); "
        "default: every record still kept",
    )
    rep.add_argument("--json", action="store_true", help="print one JSON object")
    rep.add_argument(
        "--suggest",
        type=Path,
        metavar="FILE",
        help="also write the did-you-mean picks as a catalogue extension file of suggested aliases",
    )
    rep.add_argument("--state-url", help="the state store to read (default: SPREADBOT_STATE_URL)")

    serve = sub.add_parser("serve", help="run the Slack or Teams bot")
    serve.add_argument("platform", choices=("slack", "teams"))
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int)
    serve.add_argument("--watch", action="store_true", help=_WATCH_HELP)
    serve.add_argument(
        "--no-auth",
        action="store_true",
        help="Teams only, local testing: accept requests without a token",
    )

    teams = sub.add_parser("teams", help="Teams app tools")
    teams_sub = teams.add_subparsers(dest="teams_command", required=True, metavar="ACTION")
    pkg = teams_sub.add_parser("package", help="write the Teams app zip")
    pkg.add_argument("--out", type=Path, default=Path("spreadbot-teams.zip"))
    pkg.add_argument("--app-id", help="the bot's app id (default: MICROSOFT_APP_ID)")
    return p


def _settings(args: argparse.Namespace) -> Any:
    from adapters.runtime import CoreSettings

    settings = CoreSettings.from_env()
    extra = tuple(args.catalogue or ())
    updates: dict[str, Any] = {}
    if extra:
        updates["catalogue_dirs"] = settings.catalogue_dirs + extra
    if args.no_shipped_catalogue:
        updates["replace_catalogue"] = True
    if getattr(args, "state_url", None):
        updates["state_url"] = args.state_url
    if updates:
        from dataclasses import replace

        settings = replace(settings, **updates)
    return settings


def _bot(args: argparse.Namespace) -> Any:
    from adapters.runtime import build_bot

    return build_bot(_settings(args))


def cmd_ask(args: argparse.Namespace) -> int:
    from adapters.platform import Platform
    from bot.messages import ConversationKey, IncomingMessage
    from bot.plaintext import render_plain

    bot = _bot(args)
    text = " ".join(args.text)
    if args.json:
        result = bot.lookup(text)
        print(
            json.dumps(
                {
                    "query": text,
                    "confident": result.confident,
                    "matches": [
                        {"id": m.id, "name": m.name, "approach": m.approach_id, "score": m.score}
                        for m in result.matches
                    ],
                }
            )
        )
        return 0
    key = ConversationKey(platform=Platform.CONSOLE, workspace="local", channel="ask", user="cli")
    for reply in bot.handle(IncomingMessage(key=key, text=text), None).replies:
        print(render_plain(reply) + "\n")
    return 0


def recommend_answers(args: argparse.Namespace, understood: Any = None) -> Any:
    """The `recommend` flags as the guided criteria's Answers (bot.criteria); a criterion no
    flag gives is taken from `understood` (the Answers read from --describe), if any."""
    from bot.criteria import CRITERIA, Answers

    values: dict[Any, list[str]] = {}
    for spec in CRITERIA:
        given = getattr(args, spec.criterion.value)
        if given:
            values[spec.criterion] = given if isinstance(given, list) else [given]
        elif understood is not None and understood.get(spec.criterion):
            values[spec.criterion] = sorted(understood.get(spec.criterion))
    return Answers.of(values)


def recommend_json(catalogue: Any, answers: Any) -> dict[str, Any]:
    """`{"recommendations": [{"id", "name", "approach", "score", "reasons"}, ...]}`, every
    method ranked best first; each reason starts with its verdict ("fits: ", "does not fit: ",
    "not recorded: " or "warning: ") and says which evidence it comes from."""
    from bot.plaintext import reason_line
    from bot.recommend import rank
    from bot.views import recommendation

    out = []
    for r in rank(catalogue, answers):
        item = recommendation(catalogue, r)
        reasons = [reason_line(x, lower=True) for x in item.reasons]
        out.append(
            {
                "id": r.method.id,
                "name": r.method.name,
                "approach": r.method.approach,
                "score": r.score,
                "reasons": reasons,
            }
        )
    return {"recommendations": out}


def understood_json(answers: Any) -> dict[str, Any]:
    """`{"stage": str|null, "scale": ..., "timeframe": ..., "resources": [...], "barriers":
    [...]}`: one value (or null) for a criterion that takes one, a list for one that takes
    several, in the values the `recommend` flags use."""
    from bot.criteria import CRITERIA

    out: dict[str, Any] = {}
    for spec in CRITERIA:
        values = [v for v in spec.values if v in answers.get(spec.criterion)]
        out[spec.criterion.value] = values if spec.multiple else (values[0] if values else None)
    return out


def cmd_recommend(args: argparse.Namespace) -> int:
    import time

    from bot.plaintext import render_plain
    from bot.recommend import rank
    from bot.views import recommendations

    bot = _bot(args)
    understood = None
    if args.describe is not None:
        understood = bot.understander.read(args.describe, time.time()).answers()
    answers = recommend_answers(args, understood)
    if args.json:
        out = recommend_json(bot.catalogue, answers)
        if understood is not None:
            # The answers ranked by: what the text said, where no flag overrode it.
            out = {"understood": understood_json(answers), **out}
        print(json.dumps(out))
        return 0
    if understood is not None:
        from bot.understand import summary

        said = summary(understood) if understood.asked() else "nothing I can use"
        print(f"I understood: {said}.\n")
    print(render_plain(recommendations(bot.catalogue, answers, rank(bot.catalogue, answers))))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from adapters.runtime import load_flow_file
    from catalogue.files import load_from

    paths = list(args.paths)
    # Extra folders are checked together with the shipped catalogue, as they will be loaded,
    # so a method added to a shipped approach validates.
    load_from(paths, include_shipped=not args.no_shipped_catalogue)
    checked = ", ".join(str(p) for p in paths) if paths else "the shipped catalogue"
    if paths and not args.no_shipped_catalogue:
        checked += " (with the shipped catalogue)"
    if args.flow:
        load_flow_file(args.flow)
        checked += f" and {args.flow}"
    print(f"OK: {checked}")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    handlers = {"validate": cmd_validate, "export": cmd_export, "import": cmd_import}
    return handlers[args.catalogue_command](args)


def cmd_export(args: argparse.Namespace) -> int:
    from adapters.owners.workbook import (
        Format,
        catalogue_entries,
        export,
        extension_entries,
    )
    from catalogue.files import load_from

    settings = _settings(args)
    fmt = Format(args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv"))
    full = load_from(settings.catalogue_dirs, include_shipped=not settings.replace_catalogue)
    if args.only_extensions and not settings.replace_catalogue:
        if not settings.catalogue_dirs:
            print(
                "spreadbot catalogue export: --only-extensions needs the organisation's folders "
                "(--catalogue DIR or SPREADBOT_CATALOGUE)",
                file=sys.stderr,
            )
            return 2
        entries = extension_entries(full, load_from())
    else:
        entries = catalogue_entries(full)
    written = export(entries, fmt, args.out)
    print(f"Wrote {', '.join(str(p) for p in written)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from adapters.owners.workbook import import_tables
    from catalogue.tables import TablesError

    try:
        written = import_tables(
            args.source, args.out, with_shipped=not args.no_shipped_catalogue, replace=args.replace
        )
    except TablesError as exc:
        print(
            f"spreadbot: {listed(f'{args.source} cannot be imported', exc.errors)}", file=sys.stderr
        )
        return 1
    print(f"Wrote {len(written)} catalogue files to {args.out}")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import logging

    from adapters import serving
    from adapters.console.chat import ConsoleChat, read_stdin_line
    from adapters.owners.reload import reloading_runtime

    def note(text: str) -> None:
        print(f"spreadbot: {text}", file=sys.stderr)

    async def go() -> int:
        async with reloading_runtime(
            _settings(args), watch=args.watch, announce=note, complain=note
        ) as runtime:
            return await ConsoleChat(runtime, user=args.user).run(read_stdin_line)

    # Start-up failures exit with the same codes and messages as `serve slack` and `serve teams`.
    return serving.run(go, log_level=logging.WARNING)


def cmd_report(args: argparse.Namespace) -> int:
    import asyncio
    import time

    from adapters.owners.report import build_report, parse_since, render_text
    from catalogue.files import load_from
    from storage.url import open_store

    settings = _settings(args)
    now = time.time()
    try:
        since = parse_since(args.since, now) if args.since else now - settings.records.ttl_seconds
    except ValueError as exc:
        print(f"spreadbot report: {exc}", file=sys.stderr)
        return 2

    async def read() -> Any:
        store = await open_store(settings.state_url)
        try:
            return await build_report(store, since)
        finally:
            await store.close()

    report = asyncio.run(read())
    catalogue = load_from(settings.catalogue_dirs, include_shipped=not settings.replace_catalogue)
    if args.suggest:
        _write_suggestions(args.suggest, settings, report, catalogue)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(render_text(report, catalogue), end="")
    return 0


def _write_suggestions(path: Path, settings: Any, report: Any, catalogue: Any) -> None:
    """Write the extension file, then load it with the catalogue it extends, as validate would."""
    from adapters.owners.suggest import extension_file
    from catalogue.files import load_from

    path.write_text(extension_file(report, catalogue), encoding="utf-8")
    load_from([*settings.catalogue_dirs, path], include_shipped=not settings.replace_catalogue)
    print(f"spreadbot report: suggested aliases written to {path}", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    if args.platform == "slack":
        from adapters.slack.server import DEFAULT_PORT as SLACK_PORT
        from adapters.slack.server import serve as serve_slack

        port = SLACK_PORT if args.port is None else args.port
        return serve_slack(args.host, port, args.watch)
    from adapters.teams.server import serve as serve_teams
    from adapters.teams.settings import DEFAULT_PORT as TEAMS_PORT

    port = TEAMS_PORT if args.port is None else args.port
    return serve_teams(args.host, port, args.no_auth, args.watch)


def cmd_teams_package(args: argparse.Namespace) -> int:
    from adapters.teams.package import package

    return package(args.out, args.app_id)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handlers = {
        "chat": cmd_chat,
        "ask": cmd_ask,
        "recommend": cmd_recommend,
        "catalogue": cmd_catalogue,
        "report": cmd_report,
        "serve": cmd_serve,
        "teams": cmd_teams_package,
    }
    try:
        code = handlers[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        return _output_closed()
    except DataFileError as exc:
        print(f"spreadbot: {listed('invalid data', exc.errors)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - startup problems get a message, not a trace
        from adapters.runtime import SettingsError
        from storage.base import StoreError

        if isinstance(exc, SettingsError | StoreError):
            print(f"spreadbot: {exc}", file=sys.stderr)
            return 2
        raise


def _output_closed() -> int:
    """The reader went away (`spreadbot report | head`): stop quietly, as Unix tools do.

    Whatever is still buffered for stdout is dropped by pointing stdout at /dev/null, so the
    interpreter's final flush cannot print a BrokenPipeError traceback either."""
    import os
    import signal

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
