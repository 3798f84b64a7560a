from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from servicedesk.language import english_if_written, is_persian, localized

SURVEY = SimpleNamespace(title="نظرسنجی", title_en="Survey", intro="مقدمه", intro_en="")


def test_a_page_is_persian_when_its_language_is_persian_or_unset():
    with translation.override("fa"):
        assert is_persian()
    with translation.override("en"):
        assert not is_persian()
        assert is_persian("fa-ir")
    with translation.override(None):
        assert is_persian()


def test_english_if_written_falls_back_to_the_persian():
    assert english_if_written(SURVEY, "title") == "Survey"
    assert english_if_written(SURVEY, "intro") == "مقدمه"


def test_localized_gives_the_english_only_on_english_pages():
    with translation.override("en"):
        assert localized(SURVEY, "title") == "Survey"
        assert localized(SURVEY, "intro") == "مقدمه"
    with translation.override("fa"):
        assert localized(SURVEY, "title") == "نظرسنجی"


def test_the_localized_tag_marks_persian_text_on_english_pages():
    template = Template('{% localized s "intro" %}|{% localized s "intro" plain=True %}')
    with translation.override("en"):
        rendered = template.render(Context({"s": SURVEY}))
    assert rendered == '<span lang="fa" dir="rtl">مقدمه</span>|مقدمه'
    with translation.override("fa"):
        assert template.render(Context({"s": SURVEY})) == "مقدمه|مقدمه"
