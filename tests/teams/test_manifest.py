"""The Teams app package: manifest against the official v1.30 schema, commands and prompt starters,
icons, and the zip."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from adapters.platform import Platform
from adapters.teams import icons
from adapters.teams.package import (
    APP_ID_PLACEHOLDER,
    MANIFEST_DIR,
    build_package,
    package,
    render_manifest,
)
from bot.core import Bot
from bot.messages import Command, ConversationKey, IncomingMessage
from tests.schemas import teams_manifest_schema

APP_ID = "5f2b0c1e-1111-4a4a-9b9b-0123456789ab"
# The words Teams bot commands send, and an example argument where the command takes one.
COMMAND_EXAMPLES = {"help": "", "guide": "", "list": "", "find": "peer learning"}
PROMPT_STARTERS = {"Help me choose a method", "What is social franchising?", "List the approaches"}


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = teams_manifest_schema("1.30")
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def template() -> str:
    return (MANIFEST_DIR / "manifest.json").read_text(encoding="utf-8")


def manifest() -> dict[str, Any]:
    return render_manifest(template(), APP_ID)


def errors(validator: Draft4Validator, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_manifest_validates_against_the_official_schema(validator: Draft4Validator) -> None:
    document = manifest()
    assert errors(validator, document) == []
    assert document["manifestVersion"] == "1.30"
    assert errors(validator, {**document, "id": "not-a-guid"}), "the validator must be able to fail"


def test_template_names_the_app_id_placeholder_twice() -> None:
    raw = json.loads(template())
    assert raw["id"] == APP_ID_PLACEHOLDER
    assert raw["bots"][0]["botId"] == APP_ID_PLACEHOLDER
    assert APP_ID_PLACEHOLDER not in json.dumps(manifest())


def test_one_bot_in_personal_team_and_group_chat() -> None:
    bots = manifest()["bots"]
    assert len(bots) == 1
    assert set(bots[0]["scopes"]) == {"personal", "team", "groupChat"}
    covered = {scope for listing in bots[0]["commandLists"] for scope in listing["scopes"]}
    assert covered == set(bots[0]["scopes"])


def command_lists() -> dict[str, list[dict[str, Any]]]:
    """The commands of each scope (one command list per scope)."""
    lists = manifest()["bots"][0]["commandLists"]
    return {scope: listing["commands"] for listing in lists for scope in listing["scopes"]}


def command_titles() -> set[str]:
    return {command["title"] for command in command_lists()["team"]}


def test_personal_chat_offers_prompt_starters() -> None:
    """In a personal chat Teams shows these instead of a welcome message."""
    personal = command_lists()["personal"]
    assert all(command.get("type") == "prompt" and command.get("prompt") for command in personal)
    assert {command["title"] for command in personal} >= PROMPT_STARTERS


def test_team_and_group_chat_offer_the_commands() -> None:
    lists = command_lists()
    assert lists["team"] == lists["groupChat"]
    assert all(command.get("type", "basic") == "basic" for command in lists["team"])
    assert command_titles() == set(COMMAND_EXAMPLES)
    known = {command.value for command in Command} | {"find"}
    assert command_titles() <= known


def _texts_sent() -> list[str]:
    """What Teams sends for each command or prompt starter."""
    sent = [f"{title} {COMMAND_EXAMPLES[title]}".strip() for title in command_titles()]
    return sent + [command["prompt"] for command in command_lists()["personal"]]


def test_commands_and_prompt_starters_are_understood_by_the_core(core_bot: Bot) -> None:
    """Each one's turn must differ from the turn for words the core cannot place."""
    key = ConversationKey(platform=Platform.TEAMS, workspace="t", channel="c", user="u")

    def kinds(text: str) -> list[tuple[str, str]]:
        result = core_bot.handle(IncomingMessage(key=key, text=text, received_at=1.0), None)
        return [(r.kind, getattr(r, "title", None) or "") for r in result.replies]

    gibberish = kinds("qqzx vvbn")
    for words in _texts_sent():
        assert kinds(words) and kinds(words) != gibberish, words


# -- icons -----------------------------------------------------------------------------------


def read_png(data: bytes) -> tuple[int, int, list[list[tuple[int, ...]]]]:
    """(width, height, RGBA rows) of an 8-bit RGBA PNG, with all five row filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        assert (
            zlib.crc32(kind + body)
            == struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        )
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color_type = struct.unpack(">IIBB", header[:10])
    assert (depth, color_type) == (8, 6), "expected 8-bit RGBA"
    raw, stride, rows, prev = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, up_left = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[x : x + 4]) for x in range(0, stride, 4)])
        prev = line
    return width, height, rows


def test_color_icon_is_192_square_and_opaque() -> None:
    width, height, rows = read_png((MANIFEST_DIR / "color.png").read_bytes())
    assert (width, height) == (192, 192)
    assert all(px[3] == 255 for row in rows for px in row)
    assert len({px for row in rows for px in row}) > 2, "expected a drawing, not a flat square"


def test_outline_icon_is_32_square_white_on_transparent() -> None:
    width, height, rows = read_png((MANIFEST_DIR / "outline.png").read_bytes())
    assert (width, height) == (32, 32)
    pixels = [px for row in rows for px in row]
    assert all(px[:3] == (255, 255, 255) for px in pixels if px[3] > 0)
    assert any(px[3] == 0 for px in pixels) and any(px[3] == 255 for px in pixels)


@pytest.mark.slow  # draws both icons in pure Python: run by CI (.ci/run), not by default
def test_committed_icons_come_from_the_generator() -> None:
    assert (MANIFEST_DIR / "outline.png").read_bytes() == icons.outline_icon()
    assert (MANIFEST_DIR / "color.png").read_bytes() == icons.color_icon()


# -- the package -----------------------------------------------------------------------------


def test_package_writes_a_zip_with_the_app_id(tmp_path: Path, validator: Draft4Validator) -> None:
    target = build_package(tmp_path, APP_ID)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        document = json.loads(archive.read("manifest.json"))
        assert archive.read("color.png") == (MANIFEST_DIR / "color.png").read_bytes()
    assert document["id"] == document["bots"][0]["botId"] == APP_ID
    assert document["manifestVersion"] == "1.30"
    assert errors(validator, document) == []  # the zip's manifest against the 1.30 schema


def test_package_command_takes_the_app_id_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    out = tmp_path / "app.zip"
    assert package(out, None) == 0
    assert json.loads(zipfile.ZipFile(out).read("manifest.json"))["id"] == APP_ID
    assert str(out) in capsys.readouterr().out


def test_package_command_refuses_without_a_usable_app_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    assert package(tmp_path / "app.zip", None) == 2
    assert "MICROSOFT_APP_ID" in capsys.readouterr().err
    assert package(tmp_path / "app.zip", "my-bot") == 2
    assert "GUID" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()
