"""The demo's synthetic cast: plausible applicants across regions and a panel of judges.

Every person, address and project here is invented. `quality` is each project's true merit
and `bias` each judge's habit (harsh or lenient): the demo's judges score from these, so the
ranking the platform publishes can be checked against the truth.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoApplicant:
    key: str
    applicant_type: str
    name: str
    city: str
    country: str
    organisation: str
    language: str
    category: str
    sectors: tuple[str, ...]
    title: str
    quality: float
    on_behalf_of_city: str | None = None

    @property
    def email(self) -> str:
        return f"{self.key}@applicants.example.org"

    @property
    def contact_name(self) -> str:
        """A person is their own contact; an organisation's inbox is its team's."""
        return self.name if self.applicant_type == "individual" else f"{self.name} team"


@dataclass(frozen=True)
class DemoJudge:
    judge_id: str
    name: str
    country: str
    city: str
    organisation: str
    domain: str
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    bias: float

    @property
    def email(self) -> str:
        return f"{self.judge_id}@{self.domain}"


def _city(
    key: str,
    city: str,
    country: str,
    category: str,
    sectors: tuple[str, ...],
    title: str,
    quality: float,
    language: str = "en",
) -> DemoApplicant:
    return DemoApplicant(
        key=key,
        applicant_type="city_government",
        name=f"{city} City Government",
        city=city,
        country=country,
        organisation=f"{city} City Government",
        language=language,
        category=category,
        sectors=sectors,
        title=title,
        quality=quality,
    )


TECH = "tech-innovacity"
HUMAN = "human-centricity"
LEADERSHIP = "leadership"

APPLICANTS: tuple[DemoApplicant, ...] = (
    _city("bogota", "Bogotá", "CO", TECH, ("mobility",), "TransMilenio open data for riders", 8.6),
    _city("nairobi", "Nairobi", "KE", TECH, ("safety",), "Flood early-warning sensor mesh", 7.9),
    _city("lisbon", "Lisbon", "PT", TECH, ("energy",), "Solar rooftops for public schools", 6.4),
    _city("tallinn", "Tallinn", "EE", TECH, ("governance",), "One-click city permits", 8.1),
    _city("kigali", "Kigali", "RW", TECH, ("environment",), "Smart waste collection routes", 5.7),
    _city("surabaya", "Surabaya", "ID", TECH, ("environment",), "Plastic-for-bus-fare kiosks", 7.2),
    _city("danang", "Da Nang", "VN", TECH, ("mobility",), "Adaptive traffic signals", 4.9),
    _city("busan", "Busan", "KR", TECH, ("safety",), "부산 해안 안전 디지털 트윈", 6.9, "ko"),
    _city(
        "montevideo",
        "Montevideo",
        "UY",
        HUMAN,
        ("welfare",),
        "Digital literacy for older people",
        8.3,
    ),
    _city("accra", "Accra", "GH", HUMAN, ("welfare",), "Sign-language city services hotline", 6.1),
    _city(
        "amman", "Amman", "JO", HUMAN, ("welfare",), "Accessible transit for wheelchair users", 7.5
    ),
    _city(
        "ulaanbaatar",
        "Ulaanbaatar",
        "MN",
        HUMAN,
        ("welfare",),
        "Youth coding clubs in ger districts",
        5.2,
    ),
    _city(
        "kathmandu",
        "Kathmandu",
        "NP",
        HUMAN,
        ("welfare",),
        "Telehealth kiosks for remote wards",
        6.8,
    ),
    _city("suwon", "Suwon", "KR", HUMAN, ("welfare",), "수원 어르신 디지털 동행", 7.0, "ko"),
    DemoApplicant(
        key="medellin-ruta-n",
        applicant_type="institution",
        name="Ruta N Medellín",
        city="Medellín",
        country="CO",
        organisation="Ruta N",
        language="en",
        category=TECH,
        sectors=("governance",),
        title="Open innovation district platform",
        quality=7.7,
        on_behalf_of_city="Medellín",
    ),
    DemoApplicant(
        key="helsinki-forum",
        applicant_type="corporation",
        name="Forum Virium Helsinki",
        city="Helsinki",
        country="FI",
        organisation="Forum Virium",
        language="en",
        category=HUMAN,
        sectors=("culture",),
        title="Inclusive digital twin workshops",
        quality=6.6,
        on_behalf_of_city="Helsinki",
    ),
    DemoApplicant(
        key="quito-mayor-aide",
        applicant_type="individual",
        name="Ana Ruiz",
        city="Quito",
        country="EC",
        organisation="",
        language="en",
        category=LEADERSHIP,
        sectors=("governance",),
        title="A decade of open-government leadership",
        quality=7.4,
    ),
    DemoApplicant(
        key="tunis-cio",
        applicant_type="individual",
        name="Karim Ben Salah",
        city="Tunis",
        country="TN",
        organisation="",
        language="en",
        category=LEADERSHIP,
        sectors=("governance",),
        title="Building Tunis's first city data office",
        quality=6.2,
    ),
    DemoApplicant(
        key="almaty-cdo",
        applicant_type="individual",
        name="Aigerim Sadykova",
        city="Almaty",
        country="KZ",
        organisation="",
        language="en",
        category=LEADERSHIP,
        sectors=("governance",),
        title="Citizen-first digital services in Almaty",
        quality=8.0,
    ),
    DemoApplicant(
        key="melbourne-cto",
        applicant_type="individual",
        name="Grace Liu",
        city="Melbourne",
        country="AU",
        organisation="",
        language="en",
        category=LEADERSHIP,
        sectors=("governance",),
        title="Climate-ready city technology strategy",
        quality=5.5,
    ),
)

JUDGES: tuple[DemoJudge, ...] = (
    DemoJudge(
        "j-kim",
        "Kim Min-jun",
        "KR",
        "Seoul",
        "Seoul Digital Foundation",
        "sdf.example.kr",
        ("mobility", "safety"),
        ("en", "ko"),
        bias=-2.0,
    ),
    DemoJudge(
        "j-okafor",
        "Ngozi Okafor",
        "KE",
        "Nairobi",
        "Nairobi Tech Institute",
        "nti.example.ke",
        ("environment", "safety"),
        ("en",),
        bias=0.0,
    ),
    DemoJudge(
        "j-silva",
        "João Silva",
        "BR",
        "São Paulo",
        "Urban Data Lab",
        "udl.example.br",
        ("mobility", "governance"),
        ("en",),
        bias=+2.0,
    ),
    DemoJudge(
        "j-meyer",
        "Lena Meyer",
        "DE",
        "Berlin",
        "TU Urban Systems",
        "tus.example.de",
        ("energy", "environment"),
        ("en",),
        bias=0.3,
    ),
    DemoJudge(
        "j-tanaka",
        "Hiro Tanaka",
        "JP",
        "Yokohama",
        "Smart City Council",
        "scc.example.jp",
        ("governance", "culture"),
        ("en",),
        bias=-0.3,
    ),
    DemoJudge(
        "j-lim",
        "Lim Wei Ling",
        "SG",
        "Singapore",
        "Civic Design Studio",
        "cds.example.sg",
        ("welfare", "culture"),
        ("en",),
        bias=0.2,
    ),
    DemoJudge(
        "j-dubois",
        "Claire Dubois",
        "FR",
        "Lyon",
        "Ville Numérique",
        "vn.example.fr",
        ("welfare", "governance"),
        ("en",),
        bias=-0.2,
    ),
    DemoJudge(
        "j-park",
        "Park Ji-woo",
        "KR",
        "Suwon",
        "Suwon City Government",
        "suwon.example.kr",
        ("welfare", "mobility"),
        ("en", "ko"),
        bias=0.1,
    ),
)
