"""The Data page: what supple keeps about the person and where; export, import, erase."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from ...services.data import held
from ..api.data import IMPORT_MAX_BYTES
from ..deps import OwnDep, StoreDep
from . import router
from .common import render


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, store: StoreDep, own: OwnDep) -> HTMLResponse:
    return render(
        request,
        "data.html",
        home=request.app.state.settings.home,
        held=held(store, own),
        import_mb=IMPORT_MAX_BYTES // 2**20,
    )
