"""Reading an import file (CSV or XLSX) within bounds: size, rows, columns, cell length,
unpacked size and time, checked before and while reading (ADR 0022)."""

import contextlib
import csv
import io
import itertools
import re
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as defused_iterparse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import number

# Members smaller than this may pack tightly without meaning harm (an empty sheet's XML).
_RATIO_FROM_BYTES = 1_048_576
_CHUNK = 1_048_576
PROGRESS_EVERY = 1000  # rows between progress reports
LINE_CELL_CHARS = 10_000  # the average cell of the longest CSV line read


def file_size(file) -> int | None:
    """The size an upload declares, or that seeking finds; None for a stream."""
    size = getattr(file, "size", None)
    if size is not None:
        return size
    try:
        position = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end


def check_file_size(size: int | None) -> None:
    limit = settings.SATUPINTU_IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise _too_large(limit)


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(mb)s MB; split it or save it as CSV.")
        % {"mb": number(limit // 1_048_576)},
        code="too_large",
    )


class _Bounds:
    """The row, column, cell and time limits, checked on each row as it is read."""

    def __init__(self, progress: Callable[[int], None] | None):
        self.rows = settings.SATUPINTU_IMPORT_MAX_ROWS
        self.columns = settings.SATUPINTU_IMPORT_MAX_COLUMNS
        self.cell = settings.SATUPINTU_IMPORT_MAX_CELL_CHARS
        self.deadline = time.monotonic() + settings.SATUPINTU_IMPORT_MAX_SECONDS
        self.progress = progress

    def check(self, number_: int, cells) -> None:
        # Row 1 is the header: data rows are numbered from 2.
        if number_ > self.rows + 1:
            raise too_many_rows(self.rows)
        if number_ % PROGRESS_EVERY == 0:
            self._tick(number_)
        if not any(cells):
            return
        if len(cells) > self.columns and any(cells[self.columns :]):
            raise ValidationError(
                _("Row %(row)s has more than %(limit)s columns.")
                % {"row": number(number_), "limit": number(self.columns)},
                code="too_many_columns",
            )
        if any(len(cell) > self.cell for cell in cells if isinstance(cell, str)):
            raise ValidationError(
                _("Row %(row)s has a cell longer than %(limit)s characters.")
                % {"row": number(number_), "limit": number(self.cell)},
                code="cell_too_long",
            )

    def _tick(self, number_: int) -> None:
        if time.monotonic() > self.deadline:
            raise ValidationError(
                _("Reading the file took longer than %(limit)s seconds; split it.")
                % {"limit": number(settings.SATUPINTU_IMPORT_MAX_SECONDS)},
                code="too_slow",
            )
        if self.progress is not None:
            self.progress(number_ - 1)


def too_many_rows(limit: int) -> ValidationError:
    return ValidationError(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": number(limit)},
        code="too_many_rows",
    )


def header_key(cell) -> str:
    """A header cell as the column lists write it: lower case, words joined by "_"
    ("Pagu Sub Kegiatan" and "PAGU_SUB_KEGIATAN" are both `pagu_sub_kegiatan`)."""
    return re.sub(r"[^0-9a-z]+", "_", str(cell if cell is not None else "").lower()).strip("_")


HEADER_SEARCH_ROWS = 30  # title rows above the header (pivot exports): looked through


def read_rows(
    file,
    filename: str,
    *,
    columns: Iterable[str] = (),
    on_header: Callable[[list[str]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    sheet: str = "",
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {column: text}) for each data row, streamed
    and bounded: a file over a limit stops with a message, whatever was read so far unused.

    Header cells become `header_key`s. With `columns` (the keys the caller reads), the header
    is the first of the first HEADER_SEARCH_ROWS rows that holds two of them (or the only
    one asked), so title rows above it are passed over; otherwise it is the first row.
    `on_header` hears the header's keys once. `progress` hears the count of rows read,
    every PROGRESS_EVERY rows. An XLSX with several sheets holding data is read only when
    `sheet` names one (in any case); otherwise the message names them."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise ValidationError(_("Upload a CSV or XLSX file."))
    check_file_size(file_size(file))
    bounds = _Bounds(progress)
    cells = _xlsx_cells(file, bounds, sheet) if suffix == ".xlsx" else _csv_cells(file, bounds)
    wanted = set(columns)
    header, ahead = _header(cells, wanted)
    if on_header is not None:
        on_header([key for key in header if key])
    last = 1
    for last, row in itertools.chain(ahead, cells):
        if any(row):
            yield last, dict(zip(header, row, strict=False))
    if progress is not None:
        progress(last - 1)  # the last report: every row read


def _header(cells: Iterator, wanted: set[str]) -> tuple[list[str], list]:
    """The header's keys and the data rows read after it while looking for it."""
    seen: list[tuple[int, list[str]]] = []
    for row_number, row in cells:
        if any(row):
            seen.append((row_number, row))
        if not wanted or len(seen) >= HEADER_SEARCH_ROWS:
            break
        if seen and len(wanted & {header_key(cell) for cell in seen[-1][1]}) >= min(2, len(wanted)):
            break
    if not seen:
        return [], []
    at = next(
        (
            index
            for index, (_number, row) in enumerate(seen)
            if len(wanted & {header_key(cell) for cell in row}) >= min(2, len(wanted))
        ),
        0,
    )
    header = [header_key(cell) for cell in seen[at][1]]
    counts = Counter(key for key in header if key and (not wanted or key in wanted))
    if doubled := sorted(key for key, count in counts.items() if count > 1):
        raise ValidationError(
            _("The header row names the column %(names)s more than once; keep one.")
            % {"names": ", ".join(doubled)},
            code="duplicate_header",
        )
    return header, seen[at + 1 :]


class _Counted(io.RawIOBase):
    """A byte stream that refuses to give more than the size limit, for files whose size is
    not known in advance."""

    def __init__(self, file, limit: int):
        self.file, self.limit, self.seen = file, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.file.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            raise _too_large(self.limit)
        buffer[: len(data)] = data
        return len(data)


def _csv_cells(file, bounds: _Bounds):
    with contextlib.suppress(AttributeError, OSError):  # a stream: read from where it is
        file.seek(0)
    counted = io.BufferedReader(_Counted(file, settings.SATUPINTU_IMPORT_MAX_BYTES), _CHUNK)
    text = io.TextIOWrapper(counted, encoding="utf-8-sig", newline="")
    # A line longer than a full row of cells of LINE_CELL_CHARS (a cell may be longer, up to
    # the cell limit, but not all of them) is not a table: readline stops there, so a file
    # without line breaks is never held whole, and csv never meets a field past its limit.
    longest = bounds.columns * (min(bounds.cell, LINE_CELL_CHARS) + 3)

    def lines():
        while line := text.readline(longest):
            if len(line) >= longest and not line.endswith(("\n", "\r")):
                raise ValidationError(
                    _("A line of the file is longer than %(limit)s characters.")
                    % {"limit": number(longest)},
                    code="line_too_long",
                )
            yield line

    try:
        source = lines()
        first: list[str] = []  # the sniffer's sample: whole lines, about 4 KB
        while sum(map(len, first)) < 4096 and (line := next(source, None)) is not None:
            first.append(line)
        sample = "".join(first)[:4096]
        if len(first) > 1 and len(sample) == 4096:
            sample = sample.rsplit("\n", 1)[0]
        dialect = _dialect(sample)
        reader = csv.reader(itertools.chain(first, source), dialect)
        for row_number, cells in enumerate(reader, start=1):
            bounds.check(row_number, cells)
            yield row_number, [cell.strip() for cell in cells]
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from None
    finally:
        text.detach()


def _dialect(sample: str):
    """The CSV's delimiter as the sniffer finds it; when title rows above the table confuse
    it, the one of comma, semicolon and tab that the sample uses most."""
    if not sample:
        return csv.excel
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        counts = {delimiter: sample.count(delimiter) for delimiter in ",;\t"}

        class Found(csv.excel):
            delimiter = max(counts, key=counts.get)

        return Found


def check_xlsx_archive(file) -> None:
    """Before openpyxl opens it: a readable zip whose members unpack, by their declared and
    their real sizes, within the limit, none packed like a bomb; no XML entities."""
    limit = settings.SATUPINTU_IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio = settings.SATUPINTU_IMPORT_MAX_RATIO
    too_big = ValidationError(
        _("The XLSX file unpacks to more than %(mb)s MB; save it as CSV or split it.")
        % {"mb": number(limit // 1_048_576)},
        code="unpacks_too_large",
    )
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > 1000:
                raise _unreadable()
            if sum(member.file_size for member in members) > limit:
                raise too_big
            for member in members:
                if member.file_size > _RATIO_FROM_BYTES and member.file_size > ratio * max(
                    member.compress_size, 1
                ):
                    raise ValidationError(
                        _("The XLSX file is packed too tightly to be a spreadsheet."),
                        code="packed_too_tightly",
                    )
            # Declared sizes can lie: unpack each member, counting, and stop at the limit.
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise too_big
            # A spreadsheet's XML has no DTD: defusedxml refuses one (entities, external
            # references) in the prolog, which ends where the first element starts.
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as stream:
                        for _event in defused_iterparse(stream, ("start",), forbid_dtd=True):
                            break
    except DefusedXmlException:
        raise ValidationError(
            _("The XLSX file declares XML entities or a DTD, which are not accepted."),
            code="xml_entities",
        ) from None
    except (ParseError, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError):
        raise _unreadable() from None
    except (RuntimeError, EOFError, OSError, ValueError):  # encrypted, cut short, malformed
        raise _unreadable() from None
    finally:
        file.seek(0)


def _unreadable() -> ValidationError:
    return ValidationError(_("The XLSX file cannot be read."), code="unreadable")


def _sheet(workbook, asked: str):
    """The sheet asked for by name, or the only one holding data; else say which there are."""
    names = ", ".join(worksheet.title for worksheet in workbook.worksheets)
    if asked.strip():
        chosen = next(
            (w for w in workbook.worksheets if w.title.strip().lower() == asked.strip().lower()),
            None,
        )
        if chosen is None:
            raise ValidationError(
                _("The file has no sheet named %(sheet)s; its sheets are %(sheets)s.")
                % {"sheet": asked.strip(), "sheets": names},
                code="no_such_sheet",
            )
        return chosen
    filled = [w for w in workbook.worksheets if (w.max_row or 0) > 1 or (w.max_column or 0) > 1]
    if len(filled) > 1:
        raise ValidationError(
            _("The file has several sheets (%(sheets)s): write the one to import in “Sheet”.")
            % {"sheets": ", ".join(worksheet.title for worksheet in filled)},
            code="several_sheets",
        )
    return filled[0] if filled else workbook.worksheets[0]


def _xlsx_cells(file, bounds: _Bounds, asked: str = ""):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_archive(file)
    try:
        # read_only streams the sheet; openpyxl parses through defusedxml when it is
        # installed (openpyxl.xml.DEFUSEDXML), so entities are refused there too.
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, SyntaxError, TypeError):
        raise _unreadable() from None
    try:
        sheet = _sheet(workbook, asked)
        # The <dimension> a file declares: refuse at once what it says is too big.
        if (sheet.max_row or 0) > bounds.rows + 1:
            raise too_many_rows(bounds.rows)
        rows = sheet.iter_rows(
            values_only=True, max_col=bounds.columns + 1, max_row=bounds.rows + 2
        )
        for row_number, cells in enumerate(rows, start=1):
            bounds.check(row_number, cells)
            if not any(cells):
                continue  # openpyxl fills the rows a sheet skips: counted, not passed on
            yield row_number, [_cell_text(value) for value in cells]
    except (ValueError, SyntaxError, KeyError, IndexError, TypeError, OSError):
        # defusedxml's refusals are ValueErrors, broken XML a SyntaxError (ParseError);
        # our own ValidationErrors are none of these and pass through.
        raise _unreadable() from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
