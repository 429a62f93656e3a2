"""Credential profiles (content/credentials/*.yaml): read, checked, and given to the pages as
plain dataclasses. Problems are named `file: field: what is wrong`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import loader
from .curriculum import citation_title
from .loader import ContentFileError
from .problems import Catalog, Report, is_type

CREDENTIALS_DIR = "credentials"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOP_KEYS = {
    "id", "name", "awarding_body", "summary", "training", "work_experience", "supervision",
    "exam", "renewal", "sources",
}  # fmt: skip
GROUP_COUNTS = ("full", "share")
MAX_HOURS = 10_000  # no credential asks for more; a bigger figure is a typing slip


@dataclass(frozen=True)
class Domain:
    code: str
    title: str
    hours: float  # 0: no minimum for this domain (it maps content only)
    categories: tuple[str, ...]


@dataclass(frozen=True)
class GroupRule:
    """How a credential counts group supervision: in full, or a share of each group hour,
    with an optional cap on the group hours counted."""

    counts: str = "full"
    share: float = 1.0
    cap_hours: float | None = None


@dataclass(frozen=True)
class Topic:
    topic: str
    title: str
    hours: float


@dataclass(frozen=True)
class Source:
    citation: str
    url: str
    accessed: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Credential:
    id: str
    name: str
    awarding_body: str
    summary: str
    training_hours: float
    domains: tuple[Domain, ...]
    work_hours: float
    work_within_years: int | None
    supervision_hours: float
    group: GroupRule
    exam_required: bool
    exam_name: str | None
    renewal_years: int
    ce_hours: float
    ce_topics: tuple[Topic, ...]
    sources: tuple[Source, ...]

    def domain_of(self) -> dict[str, str]:
        """Competency category code -> this credential's domain code."""
        return {cat: d.code for d in self.domains for cat in d.categories}


def credential_paths(content_dir: Path) -> list[Path]:
    folder = content_dir / CREDENTIALS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def check_credentials(
    content_dir: Path, catalog: Catalog, categories: set[str]
) -> list[Credential]:
    """Every credential file; the sound ones are returned. `categories`: the category codes of
    content/competencies.yaml, which every domain must map to."""
    found = []
    for path in credential_paths(content_dir):
        report = Report(catalog, path.relative_to(content_dir).as_posix())
        before = len(catalog.problems)
        try:
            data = loader.read_yaml(path)
        except ContentFileError as exc:
            report(exc.field, exc.message)
            continue
        if not isinstance(data, dict):
            report("file", "must be a mapping with id, name, training, … and sources")
            continue
        for key in sorted(set(data) - TOP_KEYS, key=str):
            report(str(key), "unknown key")
        _check_top(data, path, report)
        _check_training(data.get("training"), categories, report)
        _check_work(data.get("work_experience"), report)
        _check_supervision(data.get("supervision"), report)
        _check_exam(data.get("exam"), report)
        _check_renewal(data.get("renewal"), report)
        _check_sources(data.get("sources"), report)
        if len(catalog.problems) == before:
            found.append(_build(data))
    return found


def _hours(mapping: dict, key: str, where: str, report: Report, *, required=True) -> bool:
    value = mapping.get(key)
    if key not in mapping:
        if required:
            report(where, "missing")
        return False
    if not (is_type(value, int) or isinstance(value, float)) or not 0 < value <= MAX_HOURS:
        report(where, f"must be a number of hours above 0 and at most {MAX_HOURS}")
        return False
    return True


def _section(data, where: str, report: Report, keys: set[str]) -> dict | None:
    if not isinstance(data, dict):
        report(where, "must be a mapping")
        return None
    for key in sorted(set(data) - keys, key=str):
        report(f"{where}.{key}", "unknown key")
    return data


def _check_top(data: dict, path: Path, report: Report) -> None:
    if report.text(data, "id", "id", max_len=60):
        if data["id"] != path.stem:
            report("id", f"must equal the file name without .yaml ({path.stem!r})")
        elif not ID_RE.match(data["id"]):
            report("id", "use lower-case words joined by hyphens")
    report.text(data, "name", "name", max_len=120)
    report.text(data, "awarding_body", "awarding_body", max_len=200)
    report.text(data, "summary", "summary", max_len=600)


def _check_training(training, categories: set[str], report: Report) -> None:
    training = _section(training, "training", report, {"hours", "domains"})
    if training is None:
        return
    total_ok = _hours(training, "hours", "training.hours", report)
    domains = training.get("domains")
    if not isinstance(domains, list) or not domains:
        report("training.domains", "must be a non-empty list of {code, title, categories}")
        return
    codes: set[str] = set()
    owner: dict[str, str] = {}
    summed = 0.0
    for n, domain in enumerate(domains):
        where = f"training.domains[{n}]"
        if _section(domain, where, report, {"code", "title", "hours", "categories"}) is None:
            continue
        report.unique(domain, "code", where, codes, "domain", max_len=60)
        report.text(domain, "title", f"{where}.title", max_len=120)
        if _hours(domain, "hours", f"{where}.hours", report, required=False):
            summed += domain["hours"]
        cats = domain.get("categories")
        if not isinstance(cats, list) or not cats:
            report(f"{where}.categories", "must list at least one competency category code")
            continue
        for cat in cats:
            if cat not in categories:
                report(f"{where}.categories", f"{cat!r} is not a category in competencies.yaml")
            elif cat in owner:
                report(f"{where}.categories", f"{cat!r} is already in domain {owner[cat]!r}")
            else:
                owner[cat] = str(domain.get("code"))
    if total_ok and summed > training["hours"]:
        report("training.domains", f"domain hours add up to {summed:g}, more than the total")


def _check_work(work, report: Report) -> None:
    work = _section(work, "work_experience", report, {"hours", "within_years"})
    if work is not None:
        _hours(work, "hours", "work_experience.hours", report)
        years = work.get("within_years")
        if "within_years" in work and (not is_type(years, int) or not 1 <= years <= 20):
            report("work_experience.within_years", "must be a whole number of years, 1 to 20")


def _check_supervision(supervision, report: Report) -> None:
    if supervision is None:
        return  # some credentials ask for supervised work, not separate supervision hours
    supervision = _section(supervision, "supervision", report, {"hours", "group_supervision"})
    if supervision is None:
        return
    _hours(supervision, "hours", "supervision.hours", report)
    rule = supervision.get("group_supervision", {"counts": "full"})
    where = "supervision.group_supervision"
    if _section(rule, where, report, {"counts", "share", "cap_hours"}) is None:
        return
    if rule.get("counts") not in GROUP_COUNTS:
        report(f"{where}.counts", f"must be one of {', '.join(GROUP_COUNTS)}")
    share = rule.get("share")
    if rule.get("counts") == "share" and (
        not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1
    ):
        report(f"{where}.share", "with counts: share, give the share of each hour, above 0 to 1")
    if rule.get("counts") == "full" and "share" in rule:
        report(f"{where}.share", "only with counts: share")
    _hours(rule, "cap_hours", f"{where}.cap_hours", report, required=False)


def _check_exam(exam, report: Report) -> None:
    exam = _section(exam, "exam", report, {"required", "name"})
    if exam is None:
        return
    if not isinstance(exam.get("required"), bool):
        report("exam.required", "must be true or false")
    elif exam["required"]:
        report.text(exam, "name", "exam.name", max_len=120)


def _check_renewal(renewal, report: Report) -> None:
    renewal = _section(renewal, "renewal", report, {"years", "ce_hours", "topics"})
    if renewal is None:
        return
    years = renewal.get("years")
    if not is_type(years, int) or not 1 <= years <= 10:
        report("renewal.years", "must be a whole number of years, 1 to 10")
    ce_ok = _hours(renewal, "ce_hours", "renewal.ce_hours", report)
    topics = renewal.get("topics", [])
    if not isinstance(topics, list):
        report("renewal.topics", "must be a list of {topic, title, hours}")
        return
    seen: set[str] = set()
    summed = 0.0
    for n, topic in enumerate(topics):
        where = f"renewal.topics[{n}]"
        if _section(topic, where, report, {"topic", "title", "hours"}) is None:
            continue
        report.unique(topic, "topic", where, seen, "topic", max_len=40)
        report.text(topic, "title", f"{where}.title", max_len=80)
        if _hours(topic, "hours", f"{where}.hours", report):
            summed += topic["hours"]
    if ce_ok and summed > renewal["ce_hours"]:
        report("renewal.topics", f"topic hours add up to {summed:g}, more than ce_hours")


def _check_sources(sources, report: Report) -> None:
    if not isinstance(sources, list) or not sources:
        report("sources", "must be a non-empty list of {citation, url}")
        return
    for n, source in enumerate(sources):
        where = f"sources[{n}]"
        if _section(source, where, report, {"citation", "url", "accessed", "note"}) is None:
            continue
        if report.text(source, "citation", f"{where}.citation", max_len=400) and (
            citation_title(source["citation"]) is None
        ):
            report(f"{where}.citation", "give author or organisation, (year), title and publisher")
        if report.text(source, "url", f"{where}.url", max_len=400) and not source["url"].startswith(
            "https://"
        ):
            report(f"{where}.url", "must be the https:// address of the source")
        if "accessed" in source and not isinstance(source["accessed"], date):
            report(f"{where}.accessed", "must be a date (YYYY-MM-DD)")
        if "note" in source:
            report.text(source, "note", f"{where}.note", max_len=400)


def _build(data: dict) -> Credential:
    supervision = data.get("supervision") or {}
    rule = supervision.get("group_supervision") or {}
    renewal = data["renewal"]
    return Credential(
        id=data["id"],
        name=data["name"],
        awarding_body=data["awarding_body"],
        summary=data["summary"],
        training_hours=float(data["training"]["hours"]),
        domains=tuple(
            Domain(d["code"], d["title"], float(d.get("hours", 0)), tuple(d["categories"]))
            for d in data["training"]["domains"]
        ),
        work_hours=float(data["work_experience"]["hours"]),
        work_within_years=data["work_experience"].get("within_years"),
        supervision_hours=float(supervision.get("hours", 0)),
        group=GroupRule(
            counts=rule.get("counts", "full"),
            share=float(rule.get("share", 1)),
            cap_hours=float(rule["cap_hours"]) if "cap_hours" in rule else None,
        ),
        exam_required=data["exam"]["required"],
        exam_name=data["exam"].get("name"),
        renewal_years=renewal["years"],
        ce_hours=float(renewal["ce_hours"]),
        ce_topics=tuple(
            Topic(t["topic"], t["title"], float(t["hours"])) for t in renewal.get("topics", [])
        ),
        sources=tuple(
            Source(s["citation"], s["url"], s.get("accessed"), s.get("note"))
            for s in data["sources"]
        ),
    )
