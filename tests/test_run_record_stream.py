"""The run record and its outputs written result by result: results kept on disk while a
run goes (fixtures/results/spill.py), read back in the record's order with the ids of the
AWS answers they rest on, and every file the same document as the whole record would be."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from fixtures.outputs.asff import to_asff
from fixtures.outputs.csv_rows import to_csv
from fixtures.outputs.files import stream_asff, stream_csv, stream_json_array, stream_ocsf
from fixtures.outputs.ocsf import to_ocsf
from fixtures.results.run_record import RecordResults, record_text
from fixtures.results.spill import SpilledBytes, SpilledResults
from tests.conftest import ACCOUNT_ID, REPO, Suite
from tests.data.records import hostile, sample, with_verdicts

CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ACTIVE = RootAccessKey(active=True, last_rotated=CREATED)


def spilled(results: list[dict[str, Any]]) -> SpilledResults:
    """``results`` kept as a run keeps them: as their teardown reports' JSON text."""
    kept = SpilledResults()
    for result in results:
        kept.append_json(json.dumps(result, sort_keys=True), result["nodeid"])
    return kept


def test_spilled_results_read_back_whole_and_in_any_order() -> None:
    results = with_verdicts(sample())["results"]
    for result in results:
        result.pop("part")  # a live run's results name no part: they are its part 0
    kept = spilled(results)

    assert len(kept) == len(results)
    assert kept.nodeids == [r["nodeid"] for r in results]
    assert kept[len(results) - 1] == {**results[-1], "part": 0}
    assert kept[0] == {**results[0], "part": 0}  # after a later one: no shared position
    assert list(kept) == [{**r, "part": 0} for r in results]


def test_spilled_bytes_read_back_each_piece_by_its_index() -> None:
    pieces = [b"first", b"", b"\x00\xff" * 3000, "\u00e9t\u00e9".encode()]
    spilled = SpilledBytes("test-")
    assert [spilled.append(piece) for piece in pieces] == [0, 1, 2, 3]
    assert len(spilled) == 4
    assert [spilled[i] for i in (2, 0, 3, 1)] == [pieces[i] for i in (2, 0, 3, 1)]
    assert spilled[-1] == pieces[-1]
    assert spilled[-4] == pieces[0]
    assert [spilled.length(i) for i in range(4)] == [5, 0, 6000, 5]
    for outside in (4, -5):
        with pytest.raises(IndexError):
            spilled[outside]
    spilled.close()


def test_a_merged_result_keeps_its_part() -> None:
    result = {**sample()["results"][0], "part": 3}

    assert spilled([result])[0]["part"] == 3


def answers_for(results: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """A response table per account with an answer for each API call of ``results``, and
    one more answer of each action and region that no result's call got."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for result in results:
        for call in result["api_calls"]:
            service, operation = call["action"].split(":")
            ids = [call["request_id"], "not-this-call"]
            for n, rid in enumerate(ids):
                meta = {"ResponseMetadata": {"RequestId": rid}} if rid else {}
                key = f"{call['action']}/{call['region']}/{rid}/{n}"
                tables.setdefault(result["account"], {})[key] = {
                    "service": service,
                    "operation": operation,
                    "region": call["region"],
                    "answers": [{"status": 200, "response": meta}],
                }
    return tables


def used_answers(result: dict[str, Any], table: dict[str, dict[str, Any]]) -> list[str]:
    """The ids of ``table``'s answers ``result`` rests on, found by reading every entry of
    the table for it (how the record found them before it indexed the table)."""
    from fixtures.aws.data import iam_action
    from fixtures.aws.recorded import request_id

    wanted: dict[tuple[str, str], set[str | None]] = {}
    for call in result["api_calls"]:
        wanted.setdefault((call["action"], call["region"]), set()).add(call["request_id"])
    return sorted(
        key
        for key, entry in table.items()
        if any(
            request_id(answer)
            in wanted.get(
                (iam_action(entry["service"], entry["operation"]), entry["region"]), set()
            )
            for answer in entry["answers"]
        )
    )


def test_record_results_are_in_collection_order_with_the_answers_they_rest_on() -> None:
    results = sample()["results"]
    responses = answers_for(results)
    kept = spilled(results)
    backwards = list(reversed(range(len(results))))

    view = RecordResults(kept, backwards, responses)

    assert len(view) == len(results)
    assert [r["nodeid"] for r in view] == [r["nodeid"] for r in reversed(results)]
    expected = [used_answers(r, responses[r["account"]]) for r in reversed(results)]
    assert [r["responses"] for r in view] == expected
    assert any(expected)  # so the comparison can fail
    assert not any("not-this-call" in key for ids in expected for key in ids)
    assert view[0] == {**results[-1], "part": 0, "responses": expected[0]}
    assert view.responses is responses


def test_the_record_text_is_the_record_one_result_per_line() -> None:
    record = hostile(sample())
    record["responses"] = answers_for(record["results"])

    text = "".join(record_text(record))

    assert json.loads(text) == record
    assert list(json.loads(text)) == list(record)  # the fields in the record's order
    lines = text.splitlines()
    start = lines.index(' "results": [')
    for line, result in zip(lines[start + 1 :], record["results"], strict=False):
        assert json.loads(line.rstrip(",")) == result
    assert "ünïcødé-漢字-🚀" in text  # UTF-8 as it is, not \\u escapes


def test_a_record_without_results_or_answers_is_valid_json() -> None:
    record = {**sample(), "results": []}

    assert json.loads("".join(record_text(record))) == record


def test_every_output_written_result_by_result_is_what_the_whole_record_gives() -> None:
    record = hostile(with_verdicts(sample()))
    twice = dict(record)  # a merge holding a result twice: ASFF keeps one finding for it
    twice["results"] = [*record["results"], {**record["results"][0], "part": 0}]

    csv_out, ocsf_out, asff_out, asff_twice = (io.StringIO() for _ in range(4))
    stream_csv(record, csv_out)
    stream_ocsf(record, ocsf_out)
    stream_asff(record, asff_out)
    stream_asff(twice, asff_twice)

    assert csv_out.getvalue() == to_csv(record)
    assert len(list(csv.reader(io.StringIO(csv_out.getvalue())))) == len(record["results"]) + 1
    assert json.loads(ocsf_out.getvalue()) == to_ocsf(record)
    assert json.loads(asff_out.getvalue()) == to_asff(record)
    assert json.loads(asff_twice.getvalue()) == to_asff(twice)
    assert len(to_asff(twice)) == len(to_asff(record))
    assert len(ocsf_out.getvalue().splitlines()) == len(record["results"]) + 2  # [ ... ]


def test_an_empty_json_array_is_valid(tmp_path: Path) -> None:
    out = io.StringIO()

    stream_json_array([], out)

    assert json.loads(out.getvalue()) == []


def test_a_failed_controls_teardown_output_is_still_shown_and_its_evidence_recorded(
    suite: Suite,
) -> None:
    """pytest's terminal no longer keeps passed setup and teardown reports without
    teardown output (fixtures/results/report.py ``PassedPhases``); one with output it
    shows under FAILURES, as before."""
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=ACTIVE))
    controls = suite.pytester.mkdir("controls")
    source = (REPO / "compliance_tests" / "iam" / "test_root_access_keys.py").read_text()
    (controls / "test_quiet.py").write_text(source.replace("root-access-keys", "root-keys-q"))
    (controls / "test_loud.py").write_text(
        source.replace("root-access-keys", "root-keys-l")
        + "\n\nimport pytest\n\n\n@pytest.fixture(autouse=True)\ndef loud():\n    yield\n"
        "    print('teardown output of the loud control')\n"
    )

    run = suite.run("-rA", control=controls)

    run.result.assert_outcomes(failed=2)
    failures = run.output.split("= FAILURES =", 1)[1]
    assert "Captured stdout teardown" in failures
    assert failures.count("teardown output of the loud control") == 1
    assert [r["verdict"] for r in run.record()["results"]] == ["violation", "violation"]


def test_kept_answers_are_unpacked_one_entry_at_a_time_as_the_record_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The record's response table of each account unpacks an entry when it is read, and
    keeps nothing unpacked: a fleet's answers are never all unpacked at once."""
    from fixtures.aws import recorded

    table = {
        f"call{n}": {
            "service": "iam",
            "operation": "ListUsers",
            "region": "us-east-1",
            "params": {},
            "answers": [{"status": 200, "response": {"Users": [f"u{n}"]}}],
        }
        for n in range(3)
    }
    recording = recorded.Recording()
    recording.add(table)
    unpacked: list[bytes] = []
    unpack = recorded.unpacked

    def counted(answer: bytes) -> dict[str, Any]:
        unpacked.append(answer)
        return unpack(answer)

    monkeypatch.setattr(recorded, "unpacked", counted)

    kept = recording.kept()

    assert unpacked == []
    assert len(kept) == 3
    assert kept["call1"] == table["call1"]
    assert len(unpacked) == 1
    assert dict(kept) == table  # every entry, each read once more
    assert len(unpacked) == 4


def answer(n: int) -> dict[str, Any]:
    """A kept answer with request id ``r{n}``."""
    return {"status": 200, "response": {"ResponseMetadata": {"RequestId": f"r{n}"}}}


def entry(n: int, *answers: int) -> dict[str, Any]:
    """A kept iam:ListUsers call with parameters ``{"n": n}`` and ``answer(a)`` for each of
    ``answers``."""
    return {
        "service": "iam",
        "operation": "ListUsers",
        "region": "us-east-1",
        "params": {"n": n},
        "answers": [answer(a) for a in answers],
    }


def test_answers_set_aside_read_back_with_those_kept_after() -> None:
    """A released account's answers go to disk (``set_aside``); an answer that arrives
    later is kept after them, and the record reads both as one table."""
    from types import SimpleNamespace

    from fixtures.aws import recorded

    key = [recorded.call_key("iam", "ListUsers", "us-east-1", {"n": n}) for n in range(8)]
    table = {key[n]: entry(n, n) for n in range(3)}
    recording = recorded.Recording()
    recording.add(table)
    store = SpilledBytes("test-")
    recording.set_aside(store)
    assert (recording.calls, recording.request_ids, len(store)) == ({}, {}, 1)
    # a request in flight when the account was released: a later answer of the second call
    model = SimpleNamespace(service_model=SimpleNamespace(service_name="iam"), name="ListUsers")
    context = {recorded._REGION: "us-east-1", recorded._PARAMS: {"n": 1}}
    recording._keep(model, context, answer(9))
    # a worker's: one call made here too, its answer kept after the one set aside
    recording.add({key[0]: entry(0, 5), key[7]: entry(7, 7)})
    recording.set_aside(store)
    recording.set_aside(store)  # nothing new: no piece

    expected = {**table, key[0]: entry(0, 0, 5), key[1]: entry(1, 1, 9), key[7]: entry(7, 7)}
    assert len(store) == 2
    assert recording.table() == expected
    assert dict(recording.kept()) == expected
    assert recording.kept().call(key[1])[3] == ["r1", "r9"]
    assert recording.kept().call(key[7])[3] == ["r7"]
    assert recording.kept().call(key[0])[3] == ["r0", "r5"]


def test_a_workers_packed_table_is_added_as_it_was_kept() -> None:
    """What an xdist worker sends (``packed_table``: answers still packed, with their
    request ids) is added on the controller (``add_packed``) as the worker kept it, and
    after what the controller kept of the same call."""
    from fixtures.aws import recorded

    worker = recorded.Recording()
    worker.add({"a": entry(0, 1, 2), "b": entry(1, 3)})
    worker.set_aside(SpilledBytes("test-"))
    worker.add({"c": entry(2, 4)})
    controller = recorded.Recording()
    controller.add({"a": entry(0, 9)})

    sent = worker.packed_table()
    controller.add_packed(sent)

    assert all(isinstance(answer, bytes) for _, answers, _ in sent.values() for answer in answers)
    assert controller.table() == {"a": entry(0, 9, 1, 2), "b": entry(1, 3), "c": entry(2, 4)}
    assert controller.kept().call("a")[3] == ["r9", "r1", "r2"]


def test_the_results_are_matched_to_kept_answers_by_request_ids_kept_with_them() -> None:
    """This run's answers give each result's ``responses`` from the request ids kept as
    each answer came, without unpacking them: the same ids as from the unpacked table."""
    from fixtures.aws import recorded
    from fixtures.results.run_record import _response_index

    table = {
        f"call{n}": {
            "service": "iam",
            "operation": "ListUsers" if n % 2 else "GetAccountSummary",
            "region": "us-east-1",
            "params": {"n": n},
            "answers": [
                {"status": 200, "response": {"ResponseMetadata": {"RequestId": f"r{n}"}}},
                {"status": None, "raised": "ClientError: throttled"},
            ],
        }
        for n in range(4)
    }
    recording = recorded.Recording()
    recording.add(table)

    index = _response_index(recording.kept())

    assert index == _response_index(table)
    listed = [("call1", {"r1", None}), ("call3", {"r3", None})]
    assert index[("iam:ListUsers", "us-east-1")] == listed
