"""Controls and AWS answers the end-to-end tests share: a control that passes for every
resolved account, one that passes in every region it runs in, and sts:AssumeRole refused."""

# sts:AssumeRole refused (HTTP 403), as STS answers it
ACCESS_DENIED = (
    b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
    b"<Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to"
    b" perform: sts:AssumeRole</Message></Error><RequestId>refused</RequestId></ErrorResponse>"
)

# The control ``iam/example`` (EXAMPLE), for test sources that add its tests.
EXAMPLE_CONTROL = """
from fixtures.results.controls import Control

EXAMPLE = Control(
    id="iam/example", title="Example", category="IAM", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",),
)
"""

ACCOUNT_CONTROL = (
    EXAMPLE_CONTROL
    + '''
@EXAMPLE
def test_account(account, evidence):
    """Passes for every account whose identity was proven."""
    assert account.caller_arn
'''
)

REGIONAL_CONTROL = '''
from fixtures.results.controls import Control

REGIONAL = Control(
    id="ec2/example", title="Example", category="EC2", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",), scope="region",
)

@REGIONAL
def test_regional(region, evidence):
    """Passes in every region it runs in."""
    assert region
'''
