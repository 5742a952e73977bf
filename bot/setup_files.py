"""The curriculum and cohort files: their shape, checks, and core objects."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from bot.core.model import (
    PACES,
    Cohort,
    CohortSetup,
    Curriculum,
    Module,
    Organisation,
    ParticipantSetup,
    PrivacyNotice,
    Seniority,
    StaffSetup,
)
from bot.core.wording import plural
from bot.yaml_files import load_model

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
# A Slack member id (U012AB3CD), a console handle, or a Teams user id (29:1AbC…).
UserId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModuleFile(_Strict):
    id: Slug
    title: Annotated[str, Field(min_length=1, max_length=150)]
    minutes: Annotated[int, Field(gt=0, le=600)]
    link: HttpUrl


class UnitFile(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=150)]
    prompt: Annotated[str | None, Field(min_length=1, max_length=500)] = None
    modules: Annotated[list[ModuleFile], Field(min_length=1)]


class CurriculumFile(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=150)]
    units: Annotated[list[UnitFile], Field(min_length=1)]

    @model_validator(mode="after")
    def _module_ids_are_unique(self) -> Self:
        ids = [m.id for u in self.units for m in u.modules]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"module ids must be unique; repeated: {', '.join(repeated)}")
        return self

    def to_core(self) -> Curriculum:
        modules = tuple(
            Module(m.id, m.title, m.minutes, str(m.link), u.title)
            for u in self.units
            for m in u.modules
        )
        prompts = tuple((u.title, u.prompt) for u in self.units if u.prompt)
        return Curriculum(self.title, modules, prompts)


class OrganisationFile(_Strict):
    id: Slug
    name: Annotated[str, Field(min_length=1, max_length=150)]
    seats: Annotated[int, Field(ge=0, le=1000)]


class PersonFile(_Strict):
    user: UserId
    name: Annotated[str | None, Field(max_length=80)] = None


class ParticipantFile(_Strict):
    user: UserId
    name: Annotated[str, Field(min_length=1, max_length=80)]
    org: Slug
    seniority: Seniority
    pace: int | None = None

    @field_validator("pace")
    @classmethod
    def _pace_is_known(cls, pace: int | None) -> int | None:
        if pace is not None and pace not in PACES:
            raise ValueError("pace must be 3 or 6 (weeks)")
        return pace


class ChannelsFile(_Strict):
    cohort: str | None = None
    moderators: str | None = None
    coordinators: str | None = None


class PrivacyNoticeFile(_Strict):
    """What leaders agree to when they sign up, and where the full notice is."""

    text: Annotated[str, Field(min_length=1, max_length=2000)]
    link: HttpUrl | None = None


class CohortFile(_Strict):
    slug: Slug
    name: Annotated[str, Field(min_length=1, max_length=150)]
    start_date: date
    default_pace: int = 6
    time_zone: str = "Europe/London"
    channels: ChannelsFile = ChannelsFile()
    coordinators: list[PersonFile] = []
    moderators: list[PersonFile] = []
    organisations: Annotated[list[OrganisationFile], Field(min_length=1)]
    participants: list[ParticipantFile] = []
    privacy_notice: PrivacyNoticeFile | None = None

    @field_validator("default_pace")
    @classmethod
    def _pace_is_known(cls, pace: int) -> int:
        if pace not in PACES:
            raise ValueError("default_pace must be 3 or 6 (weeks)")
        return pace

    @field_validator("time_zone")
    @classmethod
    def _zone_exists(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"unknown time zone {zone!r}; use a name like Europe/London"
            ) from error
        return zone

    @model_validator(mode="after")
    def _participants_fit(self) -> Self:
        seats = {o.id: o.seats for o in self.organisations}
        if len(seats) != len(self.organisations):
            raise ValueError("organisation ids must be unique")
        users = [p.user for p in self.participants]
        if len(set(users)) != len(users):
            raise ValueError("each participant may be listed once")
        for participant in self.participants:
            if participant.org not in seats:
                raise ValueError(
                    f"participant {participant.user} names unknown org {participant.org!r}"
                )
        listed = Counter(p.org for p in self.participants)
        for org, count in listed.items():
            if count > seats[org]:
                raise ValueError(
                    f"org {org!r} has {plural(seats[org], 'seat')} but {count} participants "
                    "are listed for it: give it more seats, or list fewer"
                )
        return self

    def to_core(self) -> CohortSetup:
        cohort = Cohort(
            slug=self.slug,
            name=self.name,
            start_date=self.start_date,
            default_pace=self.default_pace,
            time_zone=self.time_zone,
            cohort_channel=self.channels.cohort,
            moderators_channel=self.channels.moderators,
            coordinators_channel=self.channels.coordinators,
            privacy_notice=(
                PrivacyNotice(
                    " ".join(self.privacy_notice.text.split()),
                    str(self.privacy_notice.link) if self.privacy_notice.link else None,
                )
                if self.privacy_notice
                else None
            ),
        )
        return CohortSetup(
            cohort=cohort,
            organisations=tuple(Organisation(o.id, o.name, o.seats) for o in self.organisations),
            coordinators=tuple(StaffSetup(c.user, c.name) for c in self.coordinators),
            moderators=tuple(StaffSetup(m.user, m.name) for m in self.moderators),
            participants=tuple(
                ParticipantSetup(p.user, p.name, p.org, p.seniority, p.pace)
                for p in self.participants
            ),
        )


def load_curriculum(path: Path) -> Curriculum:
    return load_model(path, CurriculumFile).to_core()


def load_cohort(path: Path) -> CohortSetup:
    return load_model(path, CohortFile).to_core()
