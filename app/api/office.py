"""The back office's shell: its pages (``/office/``, from ``office_ui/``), the front-end
libraries installed by npm (``/office/vendor/...``, from ``office_ui/node_modules``; no
CDN), and ``GET /api/office/shell``: navigation, the shell's words and the map settings
every page starts from (public: no personal data).

A new page plugs in with an HTML file in ``office_ui/``, an entry in the ``nav`` of
``texts/id/office.yml`` and its router included in ``app/main.py`` (see
``/work/notes/office-workbench.md``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from app.api import office_complaints, office_exports, office_outbox
from app.api.deps import SettingsDep
from app.config import ROOT_DIR, Settings
from core.texts import section

router = APIRouter(prefix="/api/office", tags=["office"])

OFFICE_DIR = ROOT_DIR / "office_ui"
NODE_MODULES = OFFICE_DIR / "node_modules"
# What the pages may load from node_modules: each package's built files only.
VENDOR = {
    "leaflet": NODE_MODULES / "leaflet" / "dist",
    "leaflet.markercluster": NODE_MODULES / "leaflet.markercluster" / "dist",
    "chart.js": NODE_MODULES / "chart.js" / "dist",
}


def tile_origin(settings: Settings) -> str:
    """The origin of the base-map tiles (for the CSP), or '' when none is configured."""
    parts = urlsplit(settings.map_tile_url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}" in settings.map_tile_url:
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def office_csp(settings: Settings) -> str:
    tiles = tile_origin(settings)
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob:{' ' + tiles if tiles else ''}; connect-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


class OfficeFiles(StaticFiles):
    """Pages and libraries with a strict Content-Security-Policy: scripts and styles from
    this origin only (nothing a citizen wrote can run in an officer's browser); images
    also from the configured tile server."""

    def __init__(
        self, *, directory: str, settings: Settings, html: bool = False, hide: tuple[str, ...] = ()
    ) -> None:
        super().__init__(directory=directory, html=html, check_dir=False)
        self.csp = office_csp(settings)
        self.hide = hide

    async def get_response(self, path: str, scope: Scope) -> Response:
        if self.hide and path.startswith(self.hide):
            return Response(status_code=404)
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = self.csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-cache"
        return response


@router.get("/shell")
def shell(settings: SettingsDep) -> dict[str, Any]:
    data = section("office")
    return {
        "title": data["title"],
        "nav": data["nav"],
        "texts": data["shell"],
        "sla": data["sla"],
        "channels": data["channels"],
        "map": {
            "tile_url": settings.map_tile_url,
            "tile_attribution": settings.map_tile_attribution,
        },
    }


def mount(app: FastAPI, settings: Settings) -> None:
    """Routes and static files of the back office (vendor paths before the pages)."""
    app.include_router(router)
    app.include_router(office_complaints.router)
    app.include_router(office_exports.router)
    app.include_router(office_outbox.router)
    for name, folder in VENDOR.items():
        app.mount(
            f"/office/vendor/{name}",
            OfficeFiles(directory=str(folder), settings=settings),
            name=f"office-vendor-{name}",
        )
    app.mount(
        "/office",
        OfficeFiles(
            directory=str(OFFICE_DIR),
            settings=settings,
            html=True,
            hide=("node_modules", "package"),  # npm's files: only /office/vendor/ serves them
        ),
        name="office",
    )
