"""Stretch pictures as SVG, and the gallery of every figure side by side."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request, Response
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
    # One pose, still: the player shows only the positions a person may do (osteoporosis:
    # cat-cow's arch, not its rounding). The timeline names it (StretchBrief.figure_pose).
    pose: Annotated[str | None, Query(max_length=64)] = None,
    # ready: the get-ready phase's picture, getting into position from standing (or sitting
    # on the chair) and holding the start pose; a standing stretch draws as for the hold.
    phase: Literal["ready", "hold"] = "hold",
) -> Response:
    from ...figures.render import render as draw

    try:
        s = library.stretch(stretch_id)
        if pose is not None and (s.figure is None or pose not in {p.name for p in s.figure.poses}):
            raise LookupError(f"{stretch_id!r} has no pose {pose!r}")
        ready = phase == "ready"
        svg = draw(s, side, pose=pose, animate=animate and pose is None, ready=ready)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@router.get("/gallery", response_class=HTMLResponse)
def gallery(request: Request, library: LibraryDep) -> HTMLResponse:
    return render(request, "gallery.html", stretches=list(library.stretches.values()))
