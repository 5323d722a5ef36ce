"""factory_boy factories for the accounts app. Every identifier they make passes its checksum.

Users (each a `User` with a usable password, `PASSWORD`, so `client.login(username=..., password=PASSWORD)`
works; `client.force_login(user)` is quicker):

- `UserFactory(role=...)` — any role, no profile;
- `OrganizationUserFactory`, `IndividualUserFactory` — applicant users without a profile (use the profile
  factories below to get both);
- `RecommenderUserFactory` (with a `Recommender`), `OfficeUserFactory`, `AgencyUserFactory`, `ExpertUserFactory`,
  `SupervisorUserFactory`, `LeadingGroupUserFactory`.

Profiles and the rest:

- `OrganizationFactory` — an `OrganizationProfile` with its organization user, a valid unified social credit code
  (GB 32100 check character), registered 8 years ago; `OrganizationFactory(with_certification=True)` adds a
  `CertificationFactory` certificate;
- `CertificationFactory` — a GB/T 19001 certificate valid from a year ago through today + 1 year;
- `IndividualFactory` — an `IndividualProfile` with its individual user, a valid ID number (GB 11643 check
  character, born 1980), in quality work in Binzhou for 10 years;
- `RecommenderFactory` — a county-level `Recommender` (kind "county");
- `NotificationFactory` — an unread inbox entry.

Helpers: `valid_credit_code(body17)` and `valid_id_number(body17)` append the check character to 17 characters;
`credit_code_sequence(n)` and `id_number_sequence(n, birth=date)` give the n-th distinct valid code.
"""

import datetime

import factory
from django.utils import timezone
from stdnum.cn import ric, uscc

from accounts.models import (
    Certification,
    District,
    IndividualProfile,
    Notification,
    OrganizationProfile,
    OrganizationSize,
    Recommender,
    Role,
    Sector,
    User,
)

PASSWORD = "Binzhou-Award-2018"
BINZHOU_AREA = "372321"  # 惠民县 as coded before 2000, so stdnum.cn.ric.validate accepts it too


def valid_credit_code(body17: str) -> str:
    """A unified social credit code: 17 characters plus the GB 32100 check character."""
    return body17 + uscc.calc_check_digit(body17)


def credit_code_sequence(n: int) -> str:
    """The n-th distinct valid code: "91371600MA" (enterprise, Binzhou) + 7 digits + check character."""
    return valid_credit_code(f"91371600MA{n:07d}")


def valid_id_number(body17: str) -> str:
    """A resident ID number: 17 digits plus the GB 11643 check character (0-9 or X)."""
    return body17 + ric.calc_check_digit(body17 + "0")


def id_number_sequence(n: int, *, birth: datetime.date = datetime.date(1980, 5, 17)) -> str:
    """The n-th distinct valid ID number of someone born in 惠民县 (Binzhou) on `birth`; passes `ric.validate`
    for births up to 2000."""
    birth = birth + datetime.timedelta(days=n // 1000)
    return valid_id_number(f"{BINZHOU_AREA}{birth:%Y%m%d}{n % 1000:03d}")


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class RecommenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommender
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"推荐单位{n}")
    kind = Recommender.Kind.COUNTY
    district = District.BINCHENG


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.ORGANIZATION
    password = factory.django.Password(PASSWORD)


class OrganizationUserFactory(UserFactory):
    role = Role.ORGANIZATION
    username = factory.Sequence(lambda n: f"org{n}")


class IndividualUserFactory(UserFactory):
    role = Role.INDIVIDUAL
    username = factory.Sequence(lambda n: f"person{n}")


class RecommenderUserFactory(UserFactory):
    role = Role.RECOMMENDER
    username = factory.Sequence(lambda n: f"recommender{n}")
    recommender = factory.SubFactory(RecommenderFactory)


class OfficeUserFactory(UserFactory):
    role = Role.OFFICE
    username = factory.Sequence(lambda n: f"office{n}")


class AgencyUserFactory(UserFactory):
    role = Role.AGENCY
    username = factory.Sequence(lambda n: f"agency{n}")


class ExpertUserFactory(UserFactory):
    role = Role.EXPERT
    username = factory.Sequence(lambda n: f"expert{n}")


class SupervisorUserFactory(UserFactory):
    role = Role.SUPERVISOR
    username = factory.Sequence(lambda n: f"supervisor{n}")


class LeadingGroupUserFactory(UserFactory):
    role = Role.LEADING_GROUP
    username = factory.Sequence(lambda n: f"leader{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization profile with its user; registered 8 years ago, medium-sized, secondary sector."""

    class Meta:
        model = OrganizationProfile
        skip_postgeneration_save = True

    class Params:
        with_certification = factory.Trait(
            certification=factory.RelatedFactory(
                "tests.factories.accounts.CertificationFactory", "organization"
            )
        )

    user = factory.SubFactory(OrganizationUserFactory, full_name=factory.SelfAttribute("..name"))
    name = factory.Sequence(lambda n: f"滨州示范制造有限公司{n}")
    credit_code = factory.Sequence(credit_code_sequence)
    registration_date = factory.LazyFunction(lambda: _years_ago(8))
    district = District.BINCHENG
    sector = Sector.SECONDARY
    industry = "纺织"
    size = OrganizationSize.MEDIUM
    address = "滨州市滨城区黄河五路 1 号"
    contact_name = "王经理"
    contact_phone = "0543-1234567"


class CertificationFactory(factory.django.DjangoModelFactory):
    """A GB/T 19001 certificate valid from a year ago through today + 1 year (Art. 15(三))."""

    class Meta:
        model = Certification

    organization = factory.SubFactory(OrganizationFactory)
    kind = Certification.Kind.GBT19001
    standard = "GB/T 19001-2016"
    number = factory.Sequence(lambda n: f"00123Q{n:05d}R0M")
    issuer = "中国质量认证中心"
    valid_from = factory.LazyFunction(lambda: _years_ago(1))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class IndividualFactory(factory.django.DjangoModelFactory):
    """An individual profile with its user; in quality work in Binzhou for 10 years."""

    class Meta:
        model = IndividualProfile

    user = factory.SubFactory(IndividualUserFactory, full_name=factory.SelfAttribute("..name"))
    name = factory.Sequence(lambda n: f"张质量{n}")
    id_number = factory.Sequence(id_number_sequence)
    employer = "滨州示范制造有限公司"
    employer_credit_code = ""
    position = "质量总监"
    district = District.BINCHENG
    sector = Sector.SECONDARY
    quality_work_since = factory.LazyFunction(lambda: _years_ago(10))
    contact_phone = "13905430000"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "test"
    subject = factory.Sequence(lambda n: f"通知{n}")
    body = "请及时处理。"
    link = ""
    delivery_key = factory.Sequence(lambda n: f"test-notification-{n}")
