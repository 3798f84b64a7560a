import pytest

from servicedesk.access_log import redact_path
from servicedesk.logs import redact


def test_private_codes_are_cut_out_of_access_log_paths():
    assert redact_path("/c/ElUKdRTrZcewNEx2RowrPpeI") == "/c/[redacted]"
    assert (
        redact_path("/en/certificates/receipts/NFEJY3J92SYQ/qr.svg")
        == "/en/certificates/receipts/[redacted]/qr.svg"
    )
    assert redact_path("/services/14031548100/") == "/services/14031548100/"


def test_a_private_segment_goes_whole_from_a_path_even_with_spaces_in_it():
    assert redact_path("/c/ElUKdRTr ZcewNEx2") == "/c/[redacted]"


@pytest.mark.parametrize("scrub", [redact, redact_path], ids=["log", "access log"])
@pytest.mark.parametrize(
    ("path", "hidden"),
    [
        ("/certificates/requests/42/scan/", "42"),  # once hidden from the access log only
        ("/api/v1/holders/0499370899/", "0499370899"),  # once hidden from the log only
        ("/feedback/by-mail/ali.rezaei@example.org/", "ali.rezaei@example.org"),
        ("/feedback/track/DEMA-2345/", "DEMA-2345"),
    ],
)
def test_logs_and_the_access_log_hide_the_same_things(scrub, path, hidden):
    assert hidden not in scrub(path)
