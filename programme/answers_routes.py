"""Organiser pages for doorstep answers: the numbers, the CSV import, the template and export."""

from __future__ import annotations

import asyncio
import pickle
from datetime import date

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import spreadsheet
import web
from programme import canvass_store, importing, numbers, worker

MAX_UPLOAD = 20 * 1024 * 1024  # 50,000 answers are about 6 MB


class UploadError(ValueError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


async def render_answers(request: Request, error: str | None = None, status: int = 200,
                         plan: importing.Plan | None = None, file_name: str = ""):
    db = request.app.state.db
    wards = numbers.by_ward(await canvass_store.numbers(db))
    done = web.int_param(request.query_params.get("import"))
    return web.render(request, "programme/answers.html", {
        "wards": wards, "charts": [numbers.chart(w) for w in wards], "all_wards":
        await canvass_store.wards(db), "labels": numbers.LABELS, "counts": numbers.COUNTS,
        "error": error, "plan": plan, "file_name": file_name, "shown": importing.SHOWN,
        "imported": await canvass_store.an_import(db, done) if done else None,
    }, status)


@web.organiser_only
async def answers_page(request: Request):
    return await render_answers(request)


async def _upload(request: Request) -> tuple[str, bytes, bool]:
    """The uploaded file's name and bytes, and whether duplicates are to be kept."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "multipart/form-data":
        raise UploadError("Choose a CSV file with the page's form, then press Import.", 415)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD:
        raise UploadError("That file is too large: at most 20 MB. Split it into smaller files.",
                          413)
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=64 * 1024)
    except HTTPException:
        raise UploadError("That upload could not be read. Choose the file again and press "
                          "Import.") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UploadError("Choose a CSV file to import.")
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise UploadError("That file is too large: at most 20 MB. Split it into smaller "
                              "files.", 413)
        return upload.filename[:120], data, form.get("keep_duplicates") == "yes"
    finally:
        await form.close()


@web.organiser_only
async def import_answers(request: Request):
    db = request.app.state.db
    try:
        file_name, data, keep = await _upload(request)
    except UploadError as e:
        return await render_answers(request, str(e), e.status)
    # Seconds of parsing for a big file: in the worker process, so phones voting meanwhile are
    # answered (on a thread it would still take the interpreter's lock from them).
    parts = await worker.run(importing.read_in_parts, data, await canvass_store.wards(db),
                             date.today())
    plan = pickle.loads(parts[0])
    for part in parts[1:]:
        plan.rows.extend(pickle.loads(part))
        await asyncio.sleep(0)  # phones get their turn between parts
    if plan.ok:
        recorded = await canvass_store.already_recorded(db, [r.fingerprint for r in plan.rows])
        plan = await asyncio.to_thread(importing.leave_out_duplicates, plan, recorded, keep)
    if not plan.ok:
        count = len(plan.problems)
        return await render_answers(
            request, f"Nothing was imported: {file_name} has {count} problem"
            f"{'s' if count != 1 else ''} (listed below). Fix them and import the file again.",
            400, plan, file_name)
    if not plan.rows:
        return await render_answers(
            request, f"Nothing was imported: every row of {file_name} is already recorded.",
            400, plan, file_name)
    import_id = await canvass_store.import_plan(db, plan, file_name, web.actor(request))
    return web.redirect(f"/o/answers?import={import_id}")


def _csv(rows: list[list], name: str) -> Response:
    return Response(spreadsheet.csv_text(rows, bom=True), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def template(request: Request):
    return Response("\ufeff" + importing.TEMPLATE, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition":
                             'attachment; filename="doorstep-answers-template.csv"'})


@web.organiser_only
async def export(request: Request):
    """The answers, without contact details or nominations: safe to share with the programme
    working group."""
    db = request.app.state.db
    rows = await canvass_store.answers_for_export(db)
    await canvass_store.log_event(db, web.actor(request), "answers exported",
                                  f"{len(rows)} answers")
    # The id lets `hustings themes` read the export as it is (a theme lists answers by id).
    header = ["id", "area", "ward", "street", "date", "good", "improve", "invited", "source"]
    return _csv([header] + [[r["id"], r["area"], r["ward"], r["street"], r["day"], r["good"],
                             r["improve"], "yes" if r["invited"] else "no", r["source"]]
                            for r in rows],
                f"doorstep-answers-{date.today().isoformat()}.csv")


routes = [
    Route("/o/answers", answers_page),
    Route("/o/answers/import", import_answers, methods=["POST"]),
    Route("/o/answers/template.csv", template),
    Route("/o/answers/export.csv", export),
]
