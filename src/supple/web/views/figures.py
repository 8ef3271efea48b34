"""Stretch pictures as SVG, and the gallery of every figure side by side."""

from __future__ import annotations

from typing import Literal

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from ..deps import LibraryDep
from . import router
from .common import PageNotFound, render


@router.get("/figures/{stretch_id}.svg")
def figure_svg(
    stretch_id: str,
    library: LibraryDep,
    side: Literal["left", "right"] = "left",
    animate: bool = False,
) -> Response:
    from ...figures.render import render as draw

    try:
        s = library.stretch(stretch_id)
        svg = draw(s, side, animate=animate)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@router.get("/gallery", response_class=HTMLResponse)
def gallery(request: Request, library: LibraryDep) -> HTMLResponse:
    return render(request, "gallery.html", stretches=list(library.stretches.values()))
