"""Factories for training records (mixed into tests.factories.Factory) and content trees."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import yaml
from flask import current_app

from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.models import (
    Module,
    ModuleProgress,
    ModuleSection,
    PathwayModule,
    ProgressStatus,
    QuizAttempt,
    Reflection,
    ReflectionStatus,
    User,
)

_seq = itertools.count(1)


def sample_quiz(pass_mark: int = 80) -> dict:
    """Five questions: q1–q4 have one right answer (index 1), q5 needs both 0 and 2."""
    questions = [
        {
            "id": f"q{n}",
            "prompt": f"Question {n} about peer support?",
            "choices": [f"Choice {n}{letter}" for letter in "ABCD"],
            "answer": [1],
            "explanation": f"Secret explanation {n}: why the keyed choice is best.",
        }
        for n in range(1, 5)
    ]
    questions.append(
        {
            "id": "q5",
            "prompt": "Question 5: select all that apply.",
            "choices": ["Choice 5A", "Choice 5B", "Choice 5C", "Choice 5D"],
            "answer": [0, 2],
            "explanation": "Secret explanation 5: A and C together.",
        }
    )
    return {"pass_mark": pass_mark, "questions": questions}


RIGHT = {"q1": [1], "q2": [1], "q3": [1], "q4": [1], "q5": [0, 2]}


def pool_quiz(size: int = 12, pass_mark: int = 80, **extra) -> dict:
    """A pool of `size` one-answer questions p1…pN; the keyed choice is "Key pN" at index 2."""
    return {
        "pass_mark": pass_mark,
        "questions": [
            {
                "id": f"p{n}",
                "prompt": f"Pool question {n}?",
                "choices": [f"Wrong {n} one", f"Wrong {n} two", f"Key {n}", f"Wrong {n} three"],
                "answer": [2],
                "explanation": f"Pool explanation {n}.",
            }
            for n in range(1, size + 1)
        ],
        **extra,
    }


class TrainingFactory:
    def module(
        self,
        slug: str | None = None,
        *,
        version: int = 1,
        sections: int = 3,
        required: bool = True,
        is_current: bool = True,
        title: str | None = None,
        pass_mark: int = 80,
        competency_codes: list[str] | None = None,
        quiz: dict | None = None,
    ) -> Module:
        n = next(_seq)
        slug = slug or f"module-{n}"
        module = Module(
            slug=slug,
            version=version,
            is_current=is_current,
            title=title or f"Module {n}",
            summary=f"What module {n} is about.",
            minutes=30,
            required=required,
            content_hash=f"hash-{slug}-{version}",
            sources=["Author, A. (2020). A source. Publisher."],
            quiz=quiz or sample_quiz(pass_mark),
            reflection_prompts=[
                {"id": "r1", "prompt": "What did you notice about yourself?"},
                {"id": "r2", "prompt": "What will you do differently?"},
            ],
            competency_codes=competency_codes or [],
        )
        module.sections = [
            ModuleSection(position=p, heading=f"Part {p}", body_md=f"Text of **part {p}**.")
            for p in range(1, sections + 1)
        ]
        db.session.add(module)
        db.session.commit()
        return module

    def pathway(
        self,
        *modules: Module,
        pathway: str = "peer-worker",
        for_role: str = "trainee",
        title: str = "New peer support worker",
    ) -> list[PathwayModule]:
        rows = [
            PathwayModule(
                pathway=pathway, slug=m.slug, position=n, for_role=for_role, pathway_title=title
            )
            for n, m in enumerate(modules, start=1)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return rows

    def progress(
        self,
        user: User,
        module: Module,
        *,
        read: list[int] | None = None,
        completed: bool = False,
        score: int | None = None,
        last_position: int | None = None,
        days_ago: int = 1,
    ) -> ModuleProgress:
        positions = [s.position for s in module.sections]
        read = positions if completed and read is None else (read or [])
        row = ModuleProgress(
            user_id=user.id,
            module_id=module.id,
            status=ProgressStatus.COMPLETED if completed else ProgressStatus.IN_PROGRESS,
            sections_read=read,
            last_position=last_position or (max(read) if read else 1),
            started_at=utcnow() - timedelta(days=days_ago + 1),
            completed_at=utcnow() - timedelta(days=days_ago) if completed else None,
            score=score if score is not None else (100 if completed else None),
        )
        db.session.add(row)
        db.session.commit()
        return row

    def attempt(
        self, user: User, module: Module, *, score: int = 100, passed: bool = True, answers=None
    ) -> QuizAttempt:
        row = QuizAttempt(
            user_id=user.id,
            module_id=module.id,
            answers=answers if answers is not None else dict(RIGHT),
            score=score,
            passed=passed,
        )
        db.session.add(row)
        db.session.commit()
        return row

    def reflection(
        self,
        user: User,
        module: Module,
        *,
        prompt_id: str = "r1",
        text: str = "A reflection.",
        submitted: bool = False,
    ) -> Reflection:
        prompt = next(p for p in module.reflection_prompts if p["id"] == prompt_id)
        row = Reflection(
            user_id=user.id,
            module_id=module.id,
            prompt_id=prompt_id,
            prompt=prompt["prompt"],
            text=text,
            status=ReflectionStatus.SUBMITTED if submitted else ReflectionStatus.DRAFT,
            submitted_at=utcnow() if submitted else None,
        )
        db.session.add(row)
        db.session.commit()
        return row

    def real_content(self):
        """The project's own content/, synced: slower, so only where the real text matters."""
        from peertrain.catalog.sync import sync_all

        return sync_all(current_app.config["CONTENT_DIR"])

    def content_tree(self, root: Path) -> ContentTree:
        return ContentTree(root)


# --- a small valid content/ tree, for the catalog tests ----------------------------------

COMPETENCIES = {
    "source": "SAMHSA (2015). Core Competencies for Peer Workers.",
    "scale": [
        {"level": n, "label": label, "description": f"Level {n}."}
        for n, label in enumerate(["Not yet", "Developing", "Competent", "Proficient"], start=1)
    ],
    "categories": [
        {
            "code": "ENG",
            "title": "Engages peers",
            "description": "Building relationships.",
            "competencies": [
                {"code": "ENG-1", "statement": "Explains the peer role."},
                {"code": "ENG-2", "statement": "Asks how the person wants support."},
            ],
        },
        {
            "code": "GRO",
            "title": "Promotes growth",
            "description": "Own development.",
            "competencies": [{"code": "GRO-1", "statement": "Brings practice to supervision."}],
        },
    ],
}

PATHWAYS = {
    "pathways": [
        {
            "code": "peer-worker",
            "title": "New peer support worker",
            "description": "Core training.",
            "for_role": "trainee",
            "modules": ["first-module", "second-module"],
        },
        {
            "code": "peer-supervisor",
            "title": "Peer supervisor",
            "description": "For supervisors.",
            "for_role": "supervisor",
            "modules": ["second-module"],
        },
    ]
}


def pool_questions() -> list[dict]:
    """A valid pool of 12: q1 one answer, q2 two, then ten one-answer questions with the key
    moving round; every choice of a question the same length, so no surface feature helps."""
    questions = [
        {
            "id": "q1",
            "prompt": "First question?",
            "choices": ["a", "b", "c"],
            "answer": [1],
            "explanation": "Because b.",
        },
        {
            "id": "q2",
            "prompt": "Second question?",
            "choices": ["a", "b", "c"],
            "answer": [0, 2],
            "explanation": "Because a and c.",
        },
    ]
    questions += [
        {
            "id": f"q{n}",
            "prompt": f"Question {n}?",
            "choices": [f"option {letter}" for letter in "ABCD"],
            "answer": [n % 4],
            "explanation": f"Because of what question {n} is about.",
        }
        for n in range(3, 13)
    ]
    return questions


def module_meta(slug: str, version: int = 1) -> dict:
    return {
        "slug": slug,
        "title": f"Title of {slug}",
        "version": version,
        "summary": "A short summary.",
        "minutes": 30,  # the estimate for BODY: 2 prompts and the check, reading rounds to 0
        "required": True,
        "competencies": ["ENG-1", "ENG-2", "GRO-1"],
        "sources": ["Author, A. (2020). A book. Publisher."],
        "knowledge_check": {"pass_mark": 80, "questions": pool_questions()},
        "reflection_prompts": [
            {"id": "r1", "prompt": "What did you notice?"},
            {"id": "r2", "prompt": "What next?"},
        ],
    }


BODY = """
## Getting started

Some teaching text with **emphasis**.

## Going further

More text.

- a list item
"""


def module_text(meta: dict, body: str = BODY) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body


class ContentTree:
    """Write, then break, one part of a valid tree at a time."""

    def __init__(self, root: Path):
        self.root = root
        (root / "modules").mkdir(parents=True, exist_ok=True)
        self.write_yaml("competencies.yaml", COMPETENCIES)
        self.write_yaml("pathways.yaml", PATHWAYS)
        for slug in ("first-module", "second-module"):
            self.write_module(slug, module_meta(slug))

    def write_yaml(self, name: str, data) -> None:
        (self.root / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def write_module(self, filename: str, meta: dict, body: str = BODY) -> Path:
        path = self.root / "modules" / f"{filename}.md"
        path.write_text(module_text(meta, body), encoding="utf-8")
        return path

    def write_raw(self, relative: str, text: str) -> None:
        (self.root / relative).write_text(text, encoding="utf-8")
