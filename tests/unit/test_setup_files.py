import re
from datetime import date
from pathlib import Path

import pytest

from bot.core.model import PACES
from bot.core.replies.cohort import welcome_message
from bot.setup_files import load_cohort, load_curriculum
from bot.yaml_files import SetupFileError
from tests.unit.typed import SLASH


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_files_load() -> None:
    curriculum = load_curriculum(Path("config/curriculum.sample.yml"))
    cohort = load_cohort(Path("config/cohort.sample.yml"))
    assert len(curriculum.modules) == 32
    assert len({m.unit for m in curriculum.modules}) == 8
    assert all(m.minutes == 15 for m in curriculum.modules)
    assert sum(o.seats for o in cohort.organisations) == 40
    assert {"gla", "london-councils", "camden"} <= {o.id for o in cohort.organisations}


def test_the_sample_curriculum_says_at_its_top_that_it_is_a_sample() -> None:
    first_line = Path("config/curriculum.sample.yml").read_text().splitlines()[0]
    assert first_line.startswith("# SAMPLE CURRICULUM")


def test_the_sample_cohort_file_gives_the_hours_a_week_the_bot_says() -> None:
    curriculum = load_curriculum(Path("config/curriculum.sample.yml"))
    setup = load_cohort(Path("config/cohort.sample.yml"))
    [line] = [
        line
        for line in Path("config/cohort.sample.yml").read_text().splitlines()
        if line.startswith("default_pace:")
    ]
    for pace in PACES:
        welcome = welcome_message(setup.cohort, curriculum, pace, date(2027, 1, 4), SLASH)
        weekly = re.search(r"about (.+?) a week", welcome.text)
        assert weekly is not None
        assert f"{pace} (about {weekly.group(1)} a week)" in line, line


def test_a_wrong_value_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "title: Course\nunits:\n  - title: One\n    modules:\n"
        "      - id: a\n        title: A\n        minutes: lots\n        link: https://x.test/a\n",
    )
    with pytest.raises(SetupFileError) as error:
        load_curriculum(path)
    assert str(error.value).startswith(f"{path}, line 7: units.0.modules.0.minutes:")


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "title: Course\nunits: [\n  - broken: : :\n")
    with pytest.raises(SetupFileError) as error:
        load_curriculum(path)
    assert str(error.value).startswith(f"{path}, line 3")


def test_an_empty_or_missing_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(SetupFileError, match="the file is empty"):
        load_curriculum(write(tmp_path, "# nothing\n"))
    with pytest.raises(SetupFileError, match="cannot read the file"):
        load_curriculum(tmp_path / "missing.yml")


def test_repeated_module_ids_are_refused(tmp_path: Path) -> None:
    module = "      - {id: a, title: A, minutes: 15, link: 'https://x.test/a'}\n"
    path = write(tmp_path, "title: C\nunits:\n  - title: U\n    modules:\n" + module * 2)
    with pytest.raises(SetupFileError, match="repeated: a"):
        load_curriculum(path)


def test_cohort_problems_name_the_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "slug: c1\nname: C\nstart_date: 2027-01-11\ndefault_pace: 4\ntime_zone: Mars/Base\n"
        "organisations:\n  - {id: camden, name: Camden, seats: 2}\n"
        "participants:\n  - {user: amira, name: Amira, org: nowhere, seniority: director}\n",
    )
    with pytest.raises(SetupFileError) as error:
        load_cohort(path)
    message = str(error.value)
    assert f"{path}, line 4: default_pace: default_pace must be 3 or 6 (weeks)." in message
    assert f"{path}, line 5: time_zone: unknown time zone 'Mars/Base'" in message


def test_a_participant_from_an_unknown_organisation_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "slug: c1\nname: C\nstart_date: 2027-01-11\n"
        "organisations:\n  - {id: camden, name: Camden, seats: 2}\n"
        "participants:\n  - {user: amira, name: Amira, org: nowhere, seniority: director}\n",
    )
    with pytest.raises(SetupFileError, match="names unknown org 'nowhere'"):
        load_cohort(path)


def test_a_file_listing_more_participants_than_seats_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "slug: c1\nname: C\nstart_date: 2027-01-11\n"
        "organisations:\n  - {id: camden, name: Camden, seats: 1}\n"
        "participants:\n  - {user: amira, name: Amira, org: camden, seniority: director}\n"
        "  - {user: ben, name: Ben, org: camden, seniority: director}\n",
    )
    with pytest.raises(SetupFileError, match="org 'camden' has 1 seat but 2 participants"):
        load_cohort(path)


def test_the_privacy_notice_comes_from_the_cohort_file(tmp_path: Path) -> None:
    sample = load_cohort(Path("config/cohort.sample.yml")).cohort.privacy_notice
    assert sample is not None and sample.link == "https://loti.london/privacy"
    assert sample.text.startswith("LOTI keeps your name, organisation, job title")
    base = "slug: c\nname: C\nstart_date: 2027-01-11\norganisations: [{id: a, name: A, seats: 1}]\n"
    assert load_cohort(write(tmp_path, base)).cohort.privacy_notice is None
    wrong = write(tmp_path, base + "privacy_notice: {text: We keep it., link: not a link}\n")
    with pytest.raises(SetupFileError) as error:
        load_cohort(wrong)
    assert "privacy_notice.link" in str(error.value)


def test_a_date_that_does_not_exist_is_reported_with_its_line(tmp_path: Path) -> None:
    sample = Path("config/cohort.sample.yml").read_text(encoding="utf-8")
    path = write(tmp_path, sample.replace("start_date: 2027-01-11", "start_date: 2027-02-30"))
    with pytest.raises(SetupFileError) as error:
        load_cohort(path)
    assert str(error.value) == (
        f"{path}, line 7: 2027-02-30 is not a real date or time (day is out of range for month)."
    )


def test_a_tag_yaml_will_not_build_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "title: !!python/name:os.system\nunits: []\n")
    with pytest.raises(SetupFileError) as error:
        load_curriculum(path)
    assert str(error.value).startswith(f"{path}, line 1: could not determine a constructor")
