"""A local server speaking just enough of PostgreSQL's wire protocol to refuse a password.

The real server under test trusts every local connection, so it never says
"password authentication failed". This one does, as PostgreSQL does: it
declines SSL and GSS encryption, asks for the password in clear text, records
it, and answers with an ErrorResponse (FATAL, SQLSTATE 28P01). The real libpq
behind psycopg talks to it, so the message Plaza reads is the genuine one.

    with RefusingPostgres() as server:
        url = f"postgresql://alice:wrong@127.0.0.1:{server.port}/plaza"
"""

from __future__ import annotations

import socket
import struct
import threading
from typing import Self

SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104


class RefusingPostgres:
    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.passwords: list[str] = []  # what each client sent
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._socket.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._socket.accept()
            except OSError:  # closed by __exit__
                return
            with client:
                try:
                    self._refuse(client)
                except (OSError, ValueError):
                    pass  # a client that went away: nothing to answer

    def _refuse(self, client: socket.socket) -> None:
        while True:  # encryption requests first, each declined with "N"
            (length,) = struct.unpack("!i", _read(client, 4))
            body = _read(client, length - 4)
            if struct.unpack("!i", body[:4])[0] not in (SSL_REQUEST, GSSENC_REQUEST):
                break
            client.sendall(b"N")
        fields = body[4:].split(b"\0")
        user = dict(zip(fields[::2], fields[1::2], strict=False)).get(b"user", b"").decode()
        client.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
        kind, length = struct.unpack("!ci", _read(client, 5))
        if kind != b"p":
            raise ValueError(f"expected a password message, got {kind!r}")
        self.passwords.append(_read(client, length - 4).rstrip(b"\0").decode())
        notice = (b"SFATAL\0VFATAL\0C28P01\0M"
                  + f'password authentication failed for user "{user}"'.encode() + b"\0\0")
        client.sendall(b"E" + struct.pack("!i", len(notice) + 4) + notice)


def _read(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            raise ValueError("the client closed the connection")
        data += chunk
    return data
