"""Accounts' sessions: built while an account is in use, and client classes shared by
service across accounts without holding any account's session."""

from __future__ import annotations

import gc
import weakref

import boto3
import pytest

from fixtures.aws.data import AccountData
from fixtures.run.accounts import AccountConfig
from fixtures.run.sessions import AwsSession
from tests.conftest import ACCOUNT_ID, Suite, assert_unresolved

ARN = f"arn:aws:iam::{ACCOUNT_ID}:user/auditor"


def account(name: str, moto_url: str) -> AwsSession:
    return AwsSession(AccountConfig(name, ACCOUNT_ID, ("us-east-1",), "us-east-1"), moto_url)


def test_accounts_share_a_client_class_that_holds_neither_session(moto_url: str) -> None:
    first, second = account("a1", moto_url), account("a2", moto_url)
    iam = first.client("iam")
    assert "Users" in iam.list_users()
    assert first._session is not None
    core = weakref.ref(first._session._session)  # the botocore Session behind it
    events = weakref.ref(first._session._session.get_component("event_emitter"))

    assert type(second.client("iam")) is type(iam)
    assert type(first.client("iam", "eu-west-1")) is type(iam)
    first.release()
    del iam
    gc.collect()

    assert core() is None  # the shared class kept nothing of the account's session
    assert events() is None
    assert "Users" in second.client("iam").list_users()
    # botocore's documentation is still there, written with the class's own emitter
    assert "UserName" in str(second.client("iam").list_users.__doc__)


def test_each_accounts_handlers_see_only_its_own_calls(moto_url: str) -> None:
    first, second = account("a1", moto_url), account("a2", moto_url)

    AccountData(first, ARN, 30).call("iam", "ListUsers")
    AccountData(second, ARN, 30).call("iam", "ListUsers")
    AccountData(second, ARN, 30).call("iam", "GetAccountSummary")

    assert (first.requests.api_calls, second.requests.api_calls) == (1, 2)
    assert len(first.recording.calls) == 1
    assert len(second.recording.calls) == 2


def test_other_sessions_keep_botocores_own_classes(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = account("a1", moto_url).client("iam")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    plain = boto3.Session(region_name="us-east-1").client("iam", endpoint_url=moto_url)
    extended = account("a2", moto_url)
    assert extended._session is not None
    # a session with a handler of its own where the class is built gets a class of its own
    extended._session.events.register(
        "creating-client-class.iam",
        lambda class_attributes, **_: class_attributes.update(extra=lambda self: 1),
    )

    assert type(plain) is not type(ours)
    assert type(extended.client("iam")) is not type(ours)
    assert extended.client("iam").extra() == 1
    assert not hasattr(ours, "extra")


def test_the_shared_loader_reads_botocores_models_into_plain_dicts() -> None:
    from botocore.loaders import Loader

    from fixtures.run.sessions import _SHARED_LOADER, _PlainJSONFileLoader

    ours = Loader(file_loader=_PlainJSONFileLoader())  # not the shared one: a fresh parse
    model = ours.load_service_model("iam", "service-2")
    own = Loader().load_service_model("iam", "service-2")  # botocore's OrderedDicts

    assert type(model) is dict
    assert type(model["shapes"]) is dict
    assert model == own
    assert list(model["shapes"]) == list(own["shapes"])  # the file's order, kept
    assert ours.load_data("endpoints") == Loader().load_data("endpoints")
    assert isinstance(_SHARED_LOADER.file_loader, _PlainJSONFileLoader)


def test_the_services_read_are_those_the_allowed_actions_name() -> None:
    from fixtures.aws.data import iam_action
    from fixtures.aws.read_only import READS
    from fixtures.run.sessions import services_read

    services = services_read()
    prefixes = {action.split(":", 1)[0] for action in READS}

    assert {"elb", "elbv2", "opensearch", "s3", "s3control", "sso-admin"} <= services
    assert not {"es", "sso"} & services  # IAM's prefixes, not the services the suite calls
    assert {iam_action(service, "Any").split(":", 1)[0] for service in services} == prefixes


def test_the_shared_loader_parses_a_file_once_for_threads_asking_at_once() -> None:
    import threading

    from fixtures.run.sessions import _SharedLoader

    loader = _SharedLoader()
    parsed: list[str] = []
    load_file = loader.file_loader.load_file

    def counted(path: str) -> object:
        parsed.append(path)
        return load_file(path)

    loader.file_loader.load_file = counted
    threads = [
        threading.Thread(target=loader.load_service_model, args=("ec2", "service-2"))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len([path for path in parsed if path.endswith("service-2")]) == 1
    assert "DescribeInstances" in loader.load_service_model("ec2", "service-2")["operations"]


def test_a_role_assumed_from_an_unknown_profile_is_could_not_assess(suite: Suite) -> None:
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/audit"
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "profile": "does-not-exist", "role_arn": role}}
    )

    run = suite.run()

    assert_unresolved(run, "prod", "does-not-exist")


def test_models_warmed_ahead_build_each_services_shared_client_class() -> None:
    from fixtures.run import sessions

    sessions._CLASSES.clear()
    sessions.warm_models(frozenset({"iam", "no-such-service"})).join(timeout=60)

    built = {service: cls for (service, _), cls in sessions._CLASSES.items()}
    assert "iam" in built
    assert "no-such-service" not in built  # left for the client that needs it to fail on
    client = sessions.sealed_session("us-east-1").client("iam", endpoint_url="http://127.0.0.1:9")
    assert type(client) is built["iam"]  # shared, not built again
