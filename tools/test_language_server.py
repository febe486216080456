"""The dataset's schemas in a real editor's YAML language server: a maintainer's check, not
part of the test suite (it needs npm's ``yaml-language-server``; the suite checks the same
typos against the schemas with a JSON Schema validator, ``tests/test_schema_dataset.py``).

    npm install --no-save yaml-language-server
    CEASEWATCH_YAML_LANGUAGE_SERVER=node_modules/.bin/yaml-language-server \
        pytest tools/test_language_server.py

It speaks the language-server protocol to the server over stdio, opens a real incident file
with typos, and reads the diagnostics and completions an editor would show.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from ceasewatch import schema as schemas
from tests.test_schema import REPO_ROOT, bundled_files

SERVER = os.environ.get("CEASEWATCH_YAML_LANGUAGE_SERVER", "")
assert SERVER, "set CEASEWATCH_YAML_LANGUAGE_SERVER to a yaml-language-server program"


class Client:
    """A minimal language-server client: requests, notifications, and the server's replies."""

    def __init__(self, program: str) -> None:
        self.server = subprocess.Popen(  # noqa: S603  (the program the maintainer named)
            [program, "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        out = self.server.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline().decode()) not in ("\r\n", ""):
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.inbox.put(json.loads(out.read(length)))

    def send(self, **message: Any) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.server.stdin is not None
        self.server.stdin.write(f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
        self.server.stdin.flush()

    def wait(self, method: str | None = None, ident: int | None = None) -> dict[str, Any]:
        """The next message that is the reply to ``ident`` or a ``method`` notification,
        answering the server's own requests (its configuration) on the way."""
        while True:
            message = self.inbox.get(timeout=30)
            if message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                self.send(id=message["id"], result=[{"validate": True}] * len(items))
            elif "id" in message and "method" in message:
                self.send(id=message["id"], result=None)
            elif message.get("id") == ident or (method and message.get("method") == method):
                return message

    def close(self) -> None:
        self.server.kill()
        self.server.wait(timeout=10)
        self.reader.join(timeout=10)  # it stops at the end of the killed server's output
        for pipe in (self.server.stdin, self.server.stdout):
            if pipe is not None:
                pipe.close()


def test_the_editor_flags_typos_and_completes_sources(tmp_path: Path) -> None:
    program = shutil.which(SERVER) or SERVER
    # the bundled dataset's first incident with a claim, beside schemas made for it now
    path, text = next(
        (p, p.read_text(encoding="utf-8"))
        for p, kind in bundled_files()
        if kind == "incident" and "\n  - source: " in p.read_text(encoding="utf-8")
    )
    names = schemas.Names.of(REPO_ROOT)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "incident.schema.json").write_text(
        schemas.render("incident", names), encoding="utf-8"
    )
    rel = path.relative_to(REPO_ROOT)
    target = tmp_path / rel
    target.parent.mkdir(parents=True)
    source = text.split("\n  - source: ", 1)[1].split("\n", 1)[0].strip()
    typo = source[:-1]
    assert typo not in names.ids["source"]
    broken = text.replace(f"\n  - source: {source}\n", f"\n  - source: {typo}\n", 1)
    target.write_text(broken, encoding="utf-8")
    line = broken.split("\n").index(f"  - source: {typo}")

    client = Client(program)
    try:
        client.send(
            id=1,
            method="initialize",
            params={
                "processId": None,
                "rootUri": tmp_path.as_uri(),
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        client.wait(ident=1)
        client.send(method="initialized", params={})
        client.send(
            method="workspace/didChangeConfiguration",
            params={"settings": {"yaml": {"validate": True, "completion": True}}},
        )
        uri = target.as_uri()
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": broken}
        client.send(method="textDocument/didOpen", params={"textDocument": document})
        published = client.wait(method="textDocument/publishDiagnostics")["params"]
        flagged = [(d["range"]["start"]["line"], d["message"]) for d in published["diagnostics"]]
        assert [at for at, _ in flagged] == [line], flagged
        assert "Value is not accepted" in flagged[0][1]

        position = {"line": line, "character": len("  - source: ")}
        client.send(
            id=2,
            method="textDocument/completion",
            params={"textDocument": {"uri": uri}, "position": position},
        )
        result = client.wait(ident=2)["result"]
        items = result["items"] if isinstance(result, dict) else result
        offered = {item["label"]: item.get("documentation") for item in items}
        assert set(offered) == set(names.ids["source"])
        assert offered[source] == names.ids["source"][source]
    finally:
        client.close()
