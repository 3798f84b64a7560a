"""Generated registries for the benchmarks: realistic, valid, reproducible (seeded)."""

import csv
import random
from pathlib import Path

from servicedesk.national_code import check_digit

FIRST = [
    "علی",
    "محمد",
    "زهرا",
    "فاطمه",
    "حسین",
    "مریم",
    "رضا",
    "سارا",
    "مهدی",
    "نرگس",
    "امیر",
    "لیلا",
]
LAST = ["رضایی", "احمدی", "کریمی", "حسینی", "محمدی", "موسوی", "جعفری", "قاسمی", "نوری", "یزدانی"]
STANDARDS = [(f"7{n:03d}-20-001-1", f"استاندارد مهارت شماره {n}") for n in range(200)]
CENTRES = [f"آموزشگاه فنی و حرفه‌ای شماره {n}" for n in range(100)]
HEADER = [
    "number",
    "national_id",
    "first_name",
    "last_name",
    "father_name",
    "standard_code",
    "standard_title",
    "issue_date",
    "grade",
    "theory_score",
    "practical_score",
    "training_center",
    "province",
]


def national_code(index: int) -> str:
    first_nine = f"{(index * 7919 + 1000003) % 10**9:09d}"
    code = first_nine + str(check_digit(first_nine))
    return code if len(set(code)) > 1 else national_code(index + 1)


def certificate_number(index: int) -> str:
    return f"{1405_0000000 + index}"


def rows(count: int, seed: int = 1405):
    rng = random.Random(seed)
    for index in range(count):
        code, title = STANDARDS[index % len(STANDARDS)]
        yield [
            certificate_number(index),
            national_code(index),
            rng.choice(FIRST),
            rng.choice(LAST),
            rng.choice(FIRST),
            code,
            title,
            f"{rng.randint(1390, 1404)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
            rng.choice(["درجه ۱", "درجه ۲", "درجه ۳"]),
            rng.randint(50, 100),
            rng.randint(50, 100),
            CENTRES[index % len(CENTRES)],
            "مازندران",
        ]


def write_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(count))
    return path
