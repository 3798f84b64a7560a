from servicedesk.access_log import redact_path


def test_private_codes_are_cut_out_of_access_log_paths():
    assert redact_path("/c/ElUKdRTrZcewNEx2RowrPpeI") == "/c/…"
    assert (
        redact_path("/en/certificates/receipts/NFEJY3J92SYQ/qr.svg")
        == "/en/certificates/receipts/…/qr.svg"
    )
    assert redact_path("/services/14031548100/") == "/services/14031548100/"
