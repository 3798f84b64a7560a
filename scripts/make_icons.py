"""Draw the portal's PNG and ICO icons from static/icons/favicon.svg with Debian's Chromium.

Run after changing the SVG: `.venv/bin/python scripts/make_icons.py`. The files it writes are
committed; the portal never draws them at run time.
"""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
SVG = BASE_DIR / "static" / "icons" / "favicon.svg"
# Served under /static/icons/ (linked from every page) ...
PNGS = {"icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180}
# ... and at the site's root (WHITENOISE_ROOT), where browsers and crawlers look unasked.
ROOT = BASE_DIR / "webroot"
ICO_SIZES = [16, 32, 48]


def render(page, size: int) -> bytes:
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        f'<body style="margin:0"><img src="data:image/svg+xml;base64,{svg_base64()}" '
        f'width="{size}" height="{size}" style="display:block"></body>'
    )
    return page.screenshot(omit_background=True)


def svg_base64() -> str:
    import base64

    return base64.b64encode(SVG.read_bytes()).decode()


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page(device_scale_factor=1)
        for name, size in PNGS.items():
            png = render(page, size)
            (SVG.parent / name).write_bytes(png)
            if name == "apple-touch-icon.png":
                (ROOT / name).write_bytes(png)
        largest = Image.open(io.BytesIO(render(page, 256)))
        largest.save(ROOT / "favicon.ico", sizes=[(size, size) for size in ICO_SIZES])
        browser.close()


if __name__ == "__main__":
    main()
