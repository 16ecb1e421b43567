"""Files in hidden folders are not validated (issue 17, item 13).

Uploaders stage partial files in a folder whose name starts with a dot (``incoming/.partial/``)
and move them into place when complete; validating the staged copy would report on half a file.
Any path segment starting with a dot makes the key not an upload; the service says so once per
hidden folder, not once per staged file.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from connectors.events.polling import hidden_folder, not_an_upload
from connectors.storage import LocalStorage
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.reports import stored_report


@pytest.mark.parametrize("key, folder", [
    ("incoming/.partial/x.txt", "incoming/.partial/"),
    ("incoming/2022/.upload-tmp/deep/x.pdf", "incoming/2022/.upload-tmp/"),
    ("incoming/2022/x.pdf", None),
    ("incoming/a.b/x.pdf", None),
])
def test_any_segment_starting_with_a_dot_is_a_hidden_folder(key, folder):
    assert hidden_folder(key) == folder
    assert (not_an_upload(key) is None) == (folder is None)


@pytest.mark.usefixtures("prefect_harness")
def test_files_in_hidden_folders_are_not_validated_and_said_once_per_folder(tmp_path, caplog):
    set_checker(Checker(workers=0))
    try:
        (tmp_path / "bucket" / "incoming").mkdir(parents=True)
        store = LocalStorage(tmp_path / "bucket")
        sample = documents.SAMPLE.read_bytes()
        store.put("incoming/ok.txt", sample)
        for key in ("incoming/.partial/x.txt", "incoming/.partial/y.txt", "incoming/2022/.tmp/z.txt"):
            store.put(key, sample[: len(sample) // 3])  # half-written copies
        service = Service(str(tmp_path / "bucket" / "incoming"), mode="poll")
        with caplog.at_level(logging.WARNING):
            first = asyncio.run(service.run(once=True))
            second = asyncio.run(service.run(once=True))
        service.close()
        assert [(o.key, o.done) for o in first.outcomes] == [("incoming/ok.txt", True)]
        assert second.outcomes == []
        assert stored_report(store, "incoming/.partial/x.txt") is None
        said = [r.getMessage() for r in caplog.records]
        assert sum("incoming/.partial/" in m and "not validated" in m for m in said) == 1, said
        assert sum("incoming/2022/.tmp/" in m and "not validated" in m for m in said) == 1, said
    finally:
        set_checker(None)
