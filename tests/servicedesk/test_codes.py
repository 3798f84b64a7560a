"""Tracking codes: made from an unambiguous alphabet, too many to guess, shown in groups of four,
read back however they are typed (old short codes too), and drawn again when taken."""

import math

import pytest
from django.db import IntegrityError

from servicedesk import codes


def test_a_new_code_carries_at_least_sixty_random_bits():
    assert len(codes.TRACKING_ALPHABET) ** codes.TRACKING_LENGTH >= 2**60
    assert len(set(codes.TRACKING_ALPHABET)) == len(codes.TRACKING_ALPHABET)
    assert len(codes.new_tracking_code()) == codes.TRACKING_LENGTH
    assert math.log2(len(codes.TRACKING_ALPHABET)) * len(codes.new_tracking_code()) >= 60


def test_a_new_code_has_twelve_unambiguous_characters():
    for _ in range(200):
        code = codes.new_tracking_code()
        assert codes.is_tracking_code(code)
        assert not set(code) & set("01OI")


def test_new_codes_do_not_repeat_and_use_only_the_alphabet():
    drawn = {codes.new_tracking_code() for _ in range(500)}
    assert len(drawn) == 500
    assert all(len(code) == 12 and set(code) <= set(codes.TRACKING_ALPHABET) for code in drawn)
    assert not set("01IO") & set(codes.TRACKING_ALPHABET)


def test_a_code_is_shown_in_groups_of_four():
    assert codes.format_tracking_code("ABCDEFGH2345") == "ABCD-EFGH-2345"
    assert codes.format_tracking_code("ABCD2345") == "ABCD-2345"
    assert codes.format_tracking_code("ABC") == "ABC"


@pytest.mark.parametrize(
    "typed",
    [
        "abcd-efgh-2345",
        " ABCD EFGH 2345 ",
        "abcd efgh ۲۳۴۵",
        "abcd‐efgh‐۲۳۴۵",
        "ABCD/EFGH/٢٣٤٥",
        "abcd\u200cefgh2345",
    ],
)
def test_a_code_typed_by_hand_is_read_back(typed):
    assert codes.normalize_tracking_code(typed) == "ABCDEFGH2345"
    assert codes.is_tracking_code(codes.normalize_tracking_code(typed))


@pytest.mark.parametrize("typed", ["abcd-2345", " ABCD 2345 ", "abcd‐۲۳۴۵"])
def test_an_old_eight_character_code_is_still_a_code(typed):
    assert codes.normalize_tracking_code(typed) == "ABCD2345"
    assert codes.is_tracking_code("ABCD2345")


@pytest.mark.parametrize(
    "code",
    ["ABCD234", "ABCD23450", "ABCDEFGH234", "ABCDEFGH23456", "ABCDEFGH2340", "ABCDO345", ""],
)
def test_codes_of_the_wrong_length_or_alphabet_are_not_codes(code):
    assert not codes.is_tracking_code(code)


def test_a_taken_code_is_drawn_again(db, monkeypatch):
    drawn = iter(["AAAA2222", "BBBB3333"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(drawn))
    tried = []

    def create(code):
        tried.append(code)
        if code == "AAAA2222":
            raise IntegrityError("duplicate key")
        return code

    assert codes.create_with_tracking_code(create) == "BBBB3333"
    assert tried == ["AAAA2222", "BBBB3333"]


def test_it_gives_up_after_the_attempts(db):
    def create(code):
        raise IntegrityError("duplicate key")

    with pytest.raises(IntegrityError):
        codes.create_with_tracking_code(create, attempts=3)
