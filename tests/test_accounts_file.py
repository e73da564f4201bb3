"""Unit tests of fixtures/run/accounts.py: loading and validating the accounts file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures.run.accounts import (
    AccountConfig,
    AccountsFileError,
    RoleStep,
    is_valid_account_name,
    load_accounts,
)
from fixtures.run.sessions import known_regions

VALID_FILE = """
[accounts.prod]
account_id = "111122223333"
profile = "prod-audit"
regions = ["us-east-1", "eu-west-1"]

[accounts.staging]
account_id = "444455556666"
role_arn = "arn:aws:iam::444455556666:role/ComplianceAudit"
external_id = "example-external-id"
session_name = "compliance-ci"
regions = "enabled"

[accounts.sandbox]
account_id = "777788889999"
regions = ["eu-central-1", "eu-west-1"]
home_region = "us-east-1"

[accounts.local]
account_id = "123456789012"
endpoint_url = "http://127.0.0.1:5000"
regions = ["us-west-2"]

[accounts.demo]
account_id = "123456789012"
demo = true
regions = ["us-east-1"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "accounts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_account(body: str, name: str = "prod") -> str:
    """A file with a single account: a valid id and region, plus ``body``."""
    return f'[accounts.{name}]\naccount_id = "111122223333"\nregions = ["us-east-1"]\n{body}\n'


@pytest.fixture
def accounts(tmp_path: Path) -> dict[str, AccountConfig]:
    return load_accounts(write(tmp_path, VALID_FILE))


def test_valid_file_loads_every_account_in_order(accounts: dict[str, AccountConfig]) -> None:
    assert list(accounts) == ["prod", "staging", "sandbox", "local", "demo"]
    assert all(name == account.name for name, account in accounts.items())


def test_profile_account(accounts: dict[str, AccountConfig]) -> None:
    assert accounts["prod"] == AccountConfig(
        name="prod",
        account_id="111122223333",
        regions=("us-east-1", "eu-west-1"),
        home_region="us-east-1",
        profile="prod-audit",
    )
    assert accounts["prod"].credential_source == "profile 'prod-audit'"


def test_role_account_with_all_enabled_regions(accounts: dict[str, AccountConfig]) -> None:
    staging = accounts["staging"]

    assert staging.account_id == "444455556666"
    assert staging.role_arn == "arn:aws:iam::444455556666:role/ComplianceAudit"
    assert staging.external_id == "example-external-id"
    assert staging.session_name == "compliance-ci"
    assert staging.profile is None
    assert staging.regions is None
    assert staging.home_region == "us-east-1"
    assert staging.credential_source == (
        "role arn:aws:iam::444455556666:role/ComplianceAudit assumed with the ambient environment"
    )


def test_ambient_account_with_explicit_home_region(accounts: dict[str, AccountConfig]) -> None:
    sandbox = accounts["sandbox"]

    assert sandbox.regions == ("eu-central-1", "eu-west-1")
    assert sandbox.home_region == "us-east-1"
    assert sandbox.profile is None
    assert sandbox.role_arn is None
    assert sandbox.session_name == "aws-compliance-audit"
    assert sandbox.credential_source == "the ambient environment"


def test_endpoint_account_home_region_defaults_to_first_region(
    accounts: dict[str, AccountConfig],
) -> None:
    local = accounts["local"]

    assert local.endpoint_url == "http://127.0.0.1:5000"
    assert local.regions == ("us-west-2",)
    assert local.home_region == "us-west-2"
    assert local.demo is False


def test_demo_account(accounts: dict[str, AccountConfig]) -> None:
    demo = accounts["demo"]

    assert demo.demo is True
    assert demo.profile is None
    assert demo.endpoint_url is None
    assert demo.credential_source == "the embedded demo server"


def test_role_assumed_from_profile_credential_source(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        one_account('profile = "hub"\nrole_arn = "arn:aws:iam::111122223333:role/path/Audit"'),
    )

    account = load_accounts(path)["prod"]

    assert account.credential_source == (
        "role arn:aws:iam::111122223333:role/path/Audit assumed with profile 'hub'"
    )


def test_shipped_accounts_file_loads() -> None:
    path = Path(__file__).resolve().parent.parent / "accounts.toml"

    accounts = load_accounts(path)

    assert accounts["demo"].demo is True


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"

    with pytest.raises(AccountsFileError, match=re.escape(f"accounts file {path} does not exist")):
        load_accounts(path)


def test_invalid_toml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "[accounts.prod\naccount_id = 1")

    with pytest.raises(AccountsFileError, match="is not valid TOML"):
        load_accounts(path)


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_bytes(b"\xff\xfe[accounts]")

    with pytest.raises(AccountsFileError, match="cannot be read"):
        load_accounts(path)


@pytest.mark.parametrize("text", ["", "# nothing here\n", "[accounts]\n", "accounts = 1\n"])
def test_no_account_tables_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)

    message = "defines no [accounts.NAME] or [organizations.NAME] table"
    with pytest.raises(AccountsFileError, match=re.escape(message)):
        load_accounts(path)


def test_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, one_account("") + '\n[account.typo]\naccount_id = "111122223333"\n')

    with pytest.raises(AccountsFileError, match=r"unknown top-level key\(s\) \['account'\]"):
        load_accounts(path)


def test_unknown_account_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, one_account('acount_id = "111122223333"'))

    with pytest.raises(
        AccountsFileError, match=re.escape("account 'prod': unknown key(s) ['acount_id']")
    ):
        load_accounts(path)


def test_account_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "[accounts]\nprod = 1\n")

    with pytest.raises(AccountsFileError, match=re.escape("must be a table ([accounts.prod])")):
        load_accounts(path)


@pytest.mark.parametrize(
    "account_id_line",
    [
        "",  # missing
        'account_id = "11112222333"',  # 11 digits
        'account_id = "1111222233334"',  # 13 digits
        'account_id = "11112222333x"',
        'account_id = ""',
        "account_id = 111122223333",  # an integer, which would lose leading zeros
    ],
)
def test_bad_account_id_is_refused(tmp_path: Path, account_id_line: str) -> None:
    path = write(tmp_path, f'[accounts.prod]\n{account_id_line}\nregions = ["us-east-1"]\n')

    with pytest.raises(
        AccountsFileError,
        match=re.escape("account 'prod': account_id must be the 12-digit id as a string"),
    ):
        load_accounts(path)


@pytest.mark.parametrize("name", ["bad name<x>", "bad/name", "", "naïve"])
def test_bad_account_name_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, one_account("", name=f'"{name}"'))

    with pytest.raises(
        AccountsFileError,
        match=re.escape(f"account {name!r}: names may use only letters, digits, '_', '.' and '-'"),
    ):
        load_accounts(path)


@pytest.mark.parametrize(
    ("regions", "message"),
    [
        ("[]", 'regions must be a list of region names or "enabled"'),
        ('"all"', 'regions must be a list of region names or "enabled"'),
        ('["us-east-1", "Europe"]', "'Europe' is not a region name"),
        ('["us-east"]', "'us-east' is not a region name"),
        ("[1]", "1 is not a region name"),
        ('["us-east-1", "eu-west-1", "us-east-1"]', "regions lists a region twice"),
    ],
)
def test_bad_regions_are_refused(tmp_path: Path, regions: str, message: str) -> None:
    path = write(tmp_path, f'[accounts.prod]\naccount_id = "111122223333"\nregions = {regions}\n')

    with pytest.raises(AccountsFileError, match=re.escape(f"account 'prod': {message}")):
        load_accounts(path)


def test_every_region_botocore_knows_is_a_region_name(tmp_path: Path) -> None:
    # The file's check is of shape only; a name pattern must not refuse a real region
    # (eusc-de-east-1, of the aws-eusc partition, has a four-letter prefix).
    regions = sorted(known_regions())
    listed = ", ".join(f'"{region}"' for region in regions)
    path = write(tmp_path, f'[accounts.prod]\naccount_id = "111122223333"\nregions = [{listed}]\n')

    assert load_accounts(path)["prod"].regions == tuple(regions)


def test_missing_regions_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[accounts.prod]\naccount_id = "111122223333"\n')

    with pytest.raises(AccountsFileError, match="regions must be a list of region names"):
        load_accounts(path)


def test_bad_home_region_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, one_account('home_region = "home"'))

    with pytest.raises(AccountsFileError, match="home_region 'home' is not a region name"):
        load_accounts(path)


def test_external_id_without_role_arn_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, one_account('external_id = "abc"'))

    with pytest.raises(AccountsFileError, match="external_id needs role_arn"):
        load_accounts(path)


@pytest.mark.parametrize(
    "role_arn",
    [
        "ComplianceAudit",
        "arn:aws:iam::111122223333:user/ComplianceAudit",
        "arn:aws:iam::1111:role/ComplianceAudit",
        "arn:aws:sts::111122223333:role/ComplianceAudit",
        "arn:aws:iam::111122223333:role/",
    ],
)
def test_malformed_role_arn_is_refused(tmp_path: Path, role_arn: str) -> None:
    path = write(tmp_path, one_account(f'role_arn = "{role_arn}"'))

    with pytest.raises(
        AccountsFileError, match=re.escape(f"role_arn {role_arn!r} is not an IAM role ARN")
    ):
        load_accounts(path)


@pytest.mark.parametrize(
    "role_arn",
    [
        "arn:aws:iam::111122223333:role/ComplianceAudit",
        "arn:aws-us-gov:iam::111122223333:role/audit/Compliance+Audit@ci",
        "arn:aws-cn:iam::111122223333:role/a=b,c.d_e-f",
    ],
)
def test_well_formed_role_arn_is_accepted(tmp_path: Path, role_arn: str) -> None:
    path = write(tmp_path, one_account(f'role_arn = "{role_arn}"'))

    assert load_accounts(path)["prod"].role_arn == role_arn


@pytest.mark.parametrize(
    "extra",
    [
        'profile = "prod-audit"',
        'role_arn = "arn:aws:iam::111122223333:role/Audit"',
        'endpoint_url = "http://127.0.0.1:5000"',
    ],
)
def test_demo_combined_with_credentials_is_refused(tmp_path: Path, extra: str) -> None:
    path = write(tmp_path, one_account(f"demo = true\n{extra}"))

    with pytest.raises(
        AccountsFileError, match="a demo account takes no profile, role or endpoint"
    ):
        load_accounts(path)


@pytest.mark.parametrize("value", ['"true"', "1", '"yes"'])
def test_demo_that_is_not_a_bool_is_refused(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, one_account(f"demo = {value}"))

    with pytest.raises(AccountsFileError, match="demo must be true or false"):
        load_accounts(path)


def test_demo_false_is_an_ordinary_account(tmp_path: Path) -> None:
    path = write(tmp_path, one_account('demo = false\nprofile = "prod-audit"'))

    account = load_accounts(path)["prod"]

    assert account.demo is False
    assert account.profile == "prod-audit"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("profile", '""'),
        ("profile", '"   "'),
        ("profile", "1"),
        ("session_name", '""'),
        ("endpoint_url", '""'),
        ("home_region", '""'),
    ],
)
def test_empty_or_non_string_text_is_refused(tmp_path: Path, key: str, value: str) -> None:
    path = write(tmp_path, one_account(f"{key} = {value}"))

    with pytest.raises(
        AccountsFileError, match=re.escape(f"account 'prod': {key} must be a non-empty string")
    ):
        load_accounts(path)


def test_error_message_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, one_account('profile = ""'))

    with pytest.raises(AccountsFileError, match=re.escape(f"accounts file {path}, account 'prod'")):
        load_accounts(path)


@pytest.mark.parametrize("name", ["prod", "Prod-EU_2", "team.prod", "a", "123", "x-y.z_0"])
def test_is_valid_account_name_accepts_plain_names(name: str) -> None:
    assert is_valid_account_name(name)


@pytest.mark.parametrize(
    "name",
    ["", "bad name", "bad<x>", "a/b", "a\\b", "prod\n", "naïve", "a:b", "a*", "prod;rm"],
)
def test_is_valid_account_name_rejects_other_characters(name: str) -> None:
    assert not is_valid_account_name(name)


# --- [organizations.NAME] -----------------------------------------------------------------

VALID_ORGANIZATION = """
[organizations.main]
profile = "org-audit"
role_arn = "arn:aws:iam::111122223333:role/OrgLister"
external_id = "org-external-id"
endpoint_url = "http://127.0.0.1:5000"
home_region = "eu-west-1"
regions = ["eu-west-1", "us-east-1"]
member_role_name = "audit/OrganizationAccountAccessRole"
member_external_id = "member-external-id"
session_name = "compliance-org"
duration_seconds = 3600
include_organizational_units = ["ou-ab12-34cd56ef"]
exclude_organizational_units = ["ou-ab12-99999999"]
skip_accounts = ["444455556666"]
organization_id = "o-a1b2c3d4e5"
"""


def one_organization(body: str, name: str = "main") -> str:
    """A file with a single organization: its required keys (unless ``body`` gives
    member_role_name), plus ``body``."""
    role = "" if body.startswith("member_role_name") else 'member_role_name = "Audit"\n'
    return f'[organizations.{name}]\n{role}regions = ["us-east-1"]\n{body}\n'


def test_an_organization_is_read_with_every_key(tmp_path: Path) -> None:
    from fixtures.run.accounts import OrganizationConfig, load_organizations

    path = write(tmp_path, VALID_ORGANIZATION)

    assert load_organizations(path) == {
        "main": OrganizationConfig(
            name="main",
            member_role_name="audit/OrganizationAccountAccessRole",
            regions=("eu-west-1", "us-east-1"),
            home_region="eu-west-1",
            profile="org-audit",
            role_arn="arn:aws:iam::111122223333:role/OrgLister",
            external_id="org-external-id",
            endpoint_url="http://127.0.0.1:5000",
            member_external_id="member-external-id",
            session_name="compliance-org",
            duration_seconds=3600,
            include_organizational_units=("ou-ab12-34cd56ef",),
            exclude_organizational_units=("ou-ab12-99999999",),
            skip_accounts=("444455556666",),
            organization_id="o-a1b2c3d4e5",
        )
    }
    assert load_accounts(path) == {}  # a file with only organizations is a valid file
    assert "org-external-id" not in repr(load_organizations(path)["main"])


def test_an_organization_has_defaults(tmp_path: Path) -> None:
    from fixtures.run.accounts import load_organizations

    organization = load_organizations(write(tmp_path, one_organization("")))["main"]

    assert organization.home_region == "us-east-1"
    assert organization.duration_seconds == 3600
    assert organization.session_name == "aws-compliance-audit"
    assert not organization.filtered_by_unit
    assert (organization.profile, organization.role_arn, organization.skip_accounts) == (
        None,
        None,
        (),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("acount = 1", "unknown key(s) ['acount']"),
        ("demo = true", "unknown key(s) ['demo']"),
        ("account_id = '111122223333'", "unknown key(s) ['account_id']"),
        ('profile = ""', "profile must be a non-empty string"),
        ("profile = 1", "profile must be a non-empty string"),
        ('role_arn = "arn:aws:iam::1:role/x"', "is not an IAM role ARN"),
        ('external_id = "x"', "external_id needs role_arn"),
        ('endpoint_url = " "', "endpoint_url must be a non-empty string"),
        ('home_region = "home"', "home_region 'home' is not a region name"),
        ('member_role_name = "a role"', "member_role_name 'a role' is not an IAM role name"),
        ('member_role_name = "/Audit"', "member_role_name '/Audit' is not an IAM role name"),
        (f'member_role_name = "{"a" * 65}"', "is not an IAM role name"),
        ("member_external_id = 5", "member_external_id must be a non-empty string"),
        ('member_external_id = "x"', "member_external_id is not an external id AWS accepts"),
        ('session_name = "org audit"', "session_name 'org audit' is not a role session name"),
        ('member_role_name = "R\u00f4le"', "is not an IAM role name"),
        ('session_name = ""', "session_name must be a non-empty string"),
        ("duration_seconds = 899", "duration_seconds must be a whole number of seconds from 900"),
        ("duration_seconds = 43201", "from 900 to 43200"),
        ("duration_seconds = 3600.5", "duration_seconds must be a whole number"),
        ("duration_seconds = true", "duration_seconds must be a whole number"),
        ('duration_seconds = "3600"', "duration_seconds must be a whole number"),
        (
            'role_arn = "arn:aws:iam::111122223333:role/L"\nduration_seconds = 3601',
            "from 900 to 3600 (a member's role chained through role_arn",
        ),
        ("include_organizational_units = []", "include_organizational_units must be a non-empty"),
        ('include_organizational_units = "ou-ab12-34cd56ef"', "must be a non-empty list"),
        (
            'include_organizational_units = ["r-ab12"]',
            "include_organizational_units: 'r-ab12' is not an organizational unit id",
        ),
        (
            'exclude_organizational_units = ["OU-AB12-34CD56EF"]',
            "is not an organizational unit id",
        ),
        (
            'exclude_organizational_units = ["ou-ab12-34cd56ef", "ou-ab12-34cd56ef"]',
            "exclude_organizational_units lists an organizational unit twice",
        ),
        (
            'include_organizational_units = ["ou-ab12-34cd56ef"]\n'
            'exclude_organizational_units = ["ou-ab12-34cd56ef"]',
            "ou-ab12-34cd56ef is in both include_organizational_units and exclude_",
        ),
        ('organization_id = "o-abc"', "organization_id 'o-abc' is not an organization id"),
        ('organization_id = "O-A1B2C3D4E5"', "is not an organization id (o-...)"),
        ('organization_id = "r-a1b2"', "is not an organization id (o-...)"),
        ("organization_id = 1", "organization_id must be a non-empty string"),
        ("skip_accounts = []", "skip_accounts must be a non-empty list of 12-digit account ids"),
        ("skip_accounts = [111122223333]", "skip_accounts: 111122223333 is not a 12-digit"),
        ('skip_accounts = ["11112222333"]', "skip_accounts: '11112222333' is not a 12-digit"),
        (
            'skip_accounts = ["111122223333", "111122223333"]',
            "skip_accounts lists an account twice",
        ),
    ],
)
def test_bad_organization_values_are_refused(tmp_path: Path, body: str, message: str) -> None:
    from fixtures.run.accounts import load_organizations

    path = write(tmp_path, one_organization(body))

    for load in (load_organizations, load_accounts):  # either reader refuses the file
        with pytest.raises(AccountsFileError) as raised:
            load(path)
        assert str(raised.value).startswith(f"accounts file {path}, organization 'main': ")
        assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[organizations.main]\nregions = ["us-east-1"]\n', "member_role_name is required"),
        ('[organizations.main]\nmember_role_name = "A"\n', "regions must be a list of region"),
        ('[organizations.main]\nmember_role_name = "A"\nregions = "all"\n', "regions must be"),
        ("[organizations]\nmain = 1\n", "must be a table ([organizations.main])"),
        ('[organizations."a b"]\n', "names may use only letters, digits"),
    ],
)
def test_bad_organization_tables_are_refused(tmp_path: Path, text: str, message: str) -> None:
    from fixtures.run.accounts import load_organizations

    path = write(tmp_path, text)

    with pytest.raises(AccountsFileError, match=re.escape(message)):
        load_organizations(path)


def test_organizations_that_are_not_tables_are_refused(tmp_path: Path) -> None:
    from fixtures.run.accounts import load_organizations

    path = write(tmp_path, "organizations = 1\n" + one_account(""))

    with pytest.raises(AccountsFileError, match=re.escape("organizations must hold")):
        load_organizations(path)


# --- role chains: role_arn, then chained_role_arns ------------------------------------

HUB_ROLE = 'role_arn = "arn:aws:iam::111111111111:role/Hub"'
HUB = f'{HUB_ROLE}\nexternal_id = "hub-external-id"'


def test_a_role_chain_keeps_each_steps_external_id(tmp_path: Path) -> None:
    chain = (
        'chained_role_arns = ["arn:aws:iam::222222222222:role/Audit",'
        ' { role_arn = "arn:aws:iam::111122223333:role/Member", external_id = "m-id" }]'
    )
    path = write(tmp_path, one_account(f"{HUB}\n{chain}\nduration_seconds = 900"))

    account = load_accounts(path)["prod"]

    assert account.role_chain == (
        RoleStep("arn:aws:iam::111111111111:role/Hub", "hub-external-id"),
        RoleStep("arn:aws:iam::222222222222:role/Audit"),
        RoleStep("arn:aws:iam::111122223333:role/Member", "m-id"),
    )
    assert account.duration_seconds == 900
    assert account.credential_source == (
        "role chain arn:aws:iam::111111111111:role/Hub then"
        " arn:aws:iam::222222222222:role/Audit then arn:aws:iam::111122223333:role/Member"
        " assumed with the ambient environment"
    )
    assert "m-id" not in repr(account)  # external ids are secrets in reprs


def test_an_old_file_is_a_chain_of_one(accounts: dict[str, AccountConfig]) -> None:
    staging = accounts["staging"]

    assert staging.role_chain == (
        RoleStep("arn:aws:iam::444455556666:role/ComplianceAudit", "example-external-id"),
    )
    assert staging.duration_seconds == 3600
    assert accounts["prod"].role_chain == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'chained_role_arns = ["arn:aws:iam::222222222222:role/A"]',
            "chained_role_arns needs role_arn (the first role)",
        ),
        (f"{HUB}\nchained_role_arns = []", "chained_role_arns must be a non-empty list"),
        (
            f'{HUB}\nchained_role_arns = "arn:aws:iam::222222222222:role/A"',
            "chained_role_arns must be a non-empty list of role ARNs",
        ),
        (
            f'{HUB}\nchained_role_arns = ["arn:aws:iam::2:role/A"]',
            "chained_role_arns, step 2: role_arn 'arn:aws:iam::2:role/A' is not an IAM role ARN",
        ),
        (
            f'{HUB}\nchained_role_arns = ["arn:aws:iam::222222222222:role/A", 5]',
            "chained_role_arns, step 3: 5 is neither a role ARN nor a table",
        ),
        (
            f'{HUB}\nchained_role_arns = [{{ external_id = "x" }}]',
            "chained_role_arns, step 2: role_arn None is not an IAM role ARN",
        ),
        (
            f'{HUB}\nchained_role_arns = [{{ role_arn = "arn:aws:iam::222222222222:role/A",'
            ' external_id = "" }]',
            "chained_role_arns, step 2: external_id must be a non-empty string",
        ),
        (
            f'{HUB}\nchained_role_arns = [{{ role_arn = "arn:aws:iam::222222222222:role/A",'
            ' session_name = "s" }]',
            "chained_role_arns, step 2: unknown key(s) ['session_name']",
        ),
        (
            f'{HUB}\nchained_role_arns = [{{ role_arn = "arn:aws:iam::222222222222:role/A",'
            ' external_id = "x" }]',
            "chained_role_arns, step 2: external_id is not an external id AWS accepts (2 to 1224",
        ),
        (f'{HUB_ROLE}\nexternal_id = "a"', "external_id is not an external id AWS accepts"),
        (f'{HUB_ROLE}\nexternal_id = "has space"', "external_id is not an external id AWS accepts"),
        (f'{HUB_ROLE}\nexternal_id = "{"e" * 1225}"', "external_id is not an external id AWS"),
        (f'{HUB}\nsession_name = "my session"', "session_name 'my session' is not a role session"),
        (f'{HUB}\nsession_name = "s\u00e9ssion"', "is not a role session name AWS accepts"),
        (f'{HUB}\nsession_name = "{"s" * 65}"', "is not a role session name AWS accepts"),
        (f'{HUB}\nsession_name = "s"', "session_name 's' is not a role session name AWS accepts"),
        (
            'role_arn = "arn:aws:iam::111111111111:role/Audit\u00e9"',
            "is not an IAM role ARN",
        ),
        ("duration_seconds = 900", "duration_seconds needs role_arn"),
        (f"{HUB}\nduration_seconds = 899", "duration_seconds must be a whole number of seconds"),
        (f"{HUB}\nduration_seconds = 43201", "from 900 to 43200"),
        (f'{HUB}\nduration_seconds = "900"', "duration_seconds must be a whole number"),
        (f"{HUB}\nduration_seconds = true", "duration_seconds must be a whole number"),
        (
            f'{HUB}\nchained_role_arns = ["arn:aws:iam::222222222222:role/A"]\n'
            "duration_seconds = 3601",
            "from 900 to 3600 (a role chain: AWS allows an hour)",
        ),
    ],
)
def test_a_bad_role_chain_is_one_line_naming_the_key(
    tmp_path: Path, body: str, message: str
) -> None:
    path = write(tmp_path, one_account(body))

    with pytest.raises(AccountsFileError) as raised:
        load_accounts(path)

    assert str(raised.value).startswith(f"accounts file {path}, account 'prod': ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_single_role_may_last_twelve_hours(tmp_path: Path) -> None:
    path = write(tmp_path, one_account(f"{HUB}\nduration_seconds = 43200"))

    assert load_accounts(path)["prod"].duration_seconds == 43200
