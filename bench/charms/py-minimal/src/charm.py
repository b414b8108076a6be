#!/usr/bin/env python3
"""py-minimal: the minimal requirer of the hook benchmark on Python ops + data_interfaces v0.

The same work as bench/charms/pg-minimal: ask for database "minimal" and, when the credentials
or the endpoints arrive, write them to credentials.json in the charm directory (mode 0600).
ops and data_interfaces are not in this repository: bench/python-deps.ts finds them.
"""
import json
import os

import ops
from charms.data_platform_libs.v0.data_interfaces import DatabaseRequires


class PyMinimalCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self.database = DatabaseRequires(self, relation_name="database", database_name="minimal")
        framework.observe(self.database.on.database_created, self._write)
        framework.observe(self.database.on.endpoints_changed, self._write)

    def _write(self, event) -> None:
        endpoints = (event.endpoints or "").split(",")
        fd = os.open("credentials.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({"username": event.username, "password": event.password, "endpoints": endpoints}, out)


if __name__ == "__main__":
    ops.main(PyMinimalCharm)
