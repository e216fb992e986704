//! Reading a questionnaire file into sheets of cells: the format sniffed from its bytes (never
//! trusted from the extension), limits against huge and hostile files, CSV dialects, and the
//! errors a person can act on ("encrypted workbook: save it without a password ...").

use calamine::{Data, Range, Reader, SheetVisible};
use std::io::{Cursor, Read};
use std::path::Path;
pub use vetted_domain::questionnaire::Format;
pub use vetted_domain::ReadError;

/// How much the importer reads before it refuses a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    pub max_file_bytes: u64,
    /// Rows per sheet (CSV: records).
    pub max_rows: usize,
    /// Cells over all sheets read.
    pub max_cells: usize,
    /// Uncompressed size of a zip-based workbook over its size on disk.
    pub max_zip_ratio: u64,
    /// Uncompressed size of a zip-based workbook, in bytes.
    pub max_unzipped_bytes: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 100 * 1024 * 1024,
            max_rows: 500_000,
            max_cells: 20_000_000,
            max_zip_ratio: 200,
            max_unzipped_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// One sheet, whole or its first rows: its cells as the reader gave them (formulas as their
/// cached values).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub cells: Range<Data>,
    /// Whether `cells` holds the whole sheet, not only its first rows.
    pub complete: bool,
    /// How many rows the sheet says it has (its declared dimension), for progress.
    pub declared_rows: u32,
}

impl Sheet {
    /// The cell at absolute (0-based) `row`, `col`, or Empty.
    pub fn get(&self, row: u32, col: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells.get_value((row, col)).unwrap_or(&EMPTY)
    }

    /// First and last absolute row of the used range, if any.
    pub fn rows(&self) -> Option<(u32, u32)> {
        Some((self.cells.start()?.0, self.cells.end()?.0))
    }

    pub fn cols(&self) -> Option<(u32, u32)> {
        Some((self.cells.start()?.1, self.cells.end()?.1))
    }

    fn whole(name: String, hidden: bool, cells: Range<Data>) -> Sheet {
        let declared_rows = cells.end().map_or(0, |e| e.0 + 1);
        Sheet { name, hidden, cells, complete: true, declared_rows }
    }
}

/// A file read whole, or the first rows of each sheet: its format and sheets, in workbook order.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

/// One row handed to the extractor, in sheet order: its absolute (0-based) index and cells.
/// The extractor may take the text out of a cell (`take_text`): the row is its to use up.
#[derive(Debug)]
pub struct Row<'a> {
    pub index: u32,
    cells: &'a mut [Data],
}

impl Row<'_> {
    /// The cell in absolute (0-based) column `col`, or Empty.
    pub fn get(&self, col: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells.get(col as usize).unwrap_or(&EMPTY)
    }

    /// A row over `cells`, which it may use up.
    pub fn new(index: u32, cells: &mut [Data]) -> Row<'_> {
        Row { index, cells }
    }

    /// The row's index and its cells, moved out of the reader's buffer: to hand it to another
    /// thread.
    pub fn into_owned(self) -> (u32, Vec<Data>) {
        (self.index, self.cells.iter_mut().map(std::mem::take).collect())
    }

    /// The text of the cell in column `col`, as `cell_text` gives it, moved out of the row
    /// when it is a string already (the cell is left empty): no copy per answer.
    pub fn take_text(&mut self, col: u32) -> String {
        match self.cells.get_mut(col as usize) {
            Some(Data::String(s)) if s.trim().len() == s.len() => std::mem::take(s),
            Some(d) => super::profile::cell_text(d),
            None => String::new(),
        }
    }
}

/// A workbook opened for import: `book` holds each sheet's first rows (or the whole sheet, for
/// formats read in one go), and `rows` streams a sheet's rows from the file without keeping
/// them, so reading and saving can overlap and a 100,000-row sheet never sits in memory twice.
pub struct OpenBook<'a> {
    pub name: String,
    pub book: Workbook,
    limits: ReadLimits,
    source: Source<'a>,
}

enum Source<'a> {
    /// Every sheet is whole in `book` (CSV, xls, ods: their readers load a sheet at once).
    Whole,
    Xlsx(calamine::Xlsx<Cursor<&'a [u8]>>),
    Xlsb(calamine::Xlsb<Cursor<&'a [u8]>>),
}

fn human(bytes: u64) -> String {
    crate::domain::human_size(bytes)
}

/// Runs the readers over a file from outside. A panic inside them (a third-party parser meeting
/// a malformed file it did not expect: the fuzzer found one in calamine's xls reader) becomes
/// this file's `unreadable_file` error instead of ending the app or the command.
pub fn guarded<T>(name: &str, read: impl FnOnce() -> crate::Result<T>) -> crate::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(ReadError::Corrupt { name: name.to_owned(), why: "its internal structure is inconsistent".into() }.into()))
}

/// What the bytes are, whatever the name says.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Format, ReadError> {
    let unsupported = |why: &str| ReadError::Unsupported { name: name.to_owned(), why: why.to_owned() };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt { name: name.to_owned(), why: format!("zip: {e}") })?;
        if let Ok(mut m) = zip.by_name("mimetype") {
            let mut mime = String::new();
            let _ = m.by_ref().take(200).read_to_string(&mut mime);
            return if mime.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
                Ok(Format::Ods)
            } else {
                Err(unsupported(&format!("an OpenDocument file of type {}", mime.trim())))
            };
        }
        if zip.by_name("xl/workbook.bin").is_ok() {
            return Ok(Format::Xlsb);
        }
        if zip.by_name("xl/workbook.xml").is_ok() {
            let mut types = String::new();
            if let Ok(mut t) = zip.by_name("[Content_Types].xml") {
                let _ = t.by_ref().take(1 << 20).read_to_string(&mut types);
            }
            return Ok(if types.contains("macroEnabled") { Format::Xlsm } else { Format::Xlsx });
        }
        if zip.by_name("word/document.xml").is_ok() {
            return Err(unsupported("a Word document"));
        }
        return Err(unsupported("a zip archive, not a workbook"));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let marker: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(ReadError::Encrypted { name: name.to_owned() });
        }
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(unsupported("a PDF document"));
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    // UTF-16 text (Excel's "Unicode Text" export) is full of NUL bytes and is still text.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || utf16_without_bom(head).is_some() {
        return Ok(Format::Csv);
    }
    if head.contains(&0) {
        return Err(unsupported("binary data"));
    }
    Ok(Format::Csv)
}

/// Reads `path` whole, within `limits`.
pub fn read_file(path: &Path, limits: &ReadLimits) -> Result<Workbook, ReadError> {
    let bytes = file_bytes(path, limits)?;
    let (name, ext) = names(path);
    read_bytes(&bytes, &name, &ext, limits)
}

/// A file's name, and its extension in lower case (what its content is checked against).
pub fn names(path: &Path) -> (String, String) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    (name, ext)
}

/// The bytes of the file at `path`, if it is there, a file, and within the size limit.
pub fn file_bytes(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, ReadError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(format!("there is no file at {}", path.display())),
        _ => ReadError::Corrupt { name: name.clone(), why: e.to_string() },
    })?;
    if !meta.is_file() {
        return Err(ReadError::NotFound(if meta.is_dir() {
            format!("{} is a folder, not a file", path.display())
        } else {
            format!("{} is not a regular file (a pipe, a device or a socket)", path.display())
        }));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ReadError::TooLarge { name, size: human(meta.len()), max: human(limits.max_file_bytes) });
    }
    std::fs::read(path).map_err(|e| ReadError::Corrupt { name, why: e.to_string() })
}

/// Reads a file's bytes whole; `ext` (lower case, may be empty) is checked against what the bytes are.
pub fn read_bytes(bytes: &[u8], name: &str, ext: &str, limits: &ReadLimits) -> Result<Workbook, ReadError> {
    Ok(open(bytes, name, ext, limits, None)?.book)
}

/// Opens a file's bytes for import: the format sniffed and checked against `ext` (lower case,
/// may be empty), the limits applied, and of every worksheet the first `head` rows read (all of
/// them when `None`; CSV, xls and ods sheets are always read whole).
pub fn open<'a>(bytes: &'a [u8], name: &str, ext: &str, limits: &ReadLimits, head: Option<u32>) -> Result<OpenBook<'a>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { name: name.to_owned() });
    }
    let format = sniff(bytes, name)?;
    if !ext.is_empty() && !format.matches_extension(ext) {
        return Err(ReadError::FormatMismatch { name: name.to_owned(), ext: ext.to_owned(), actual: format.label() });
    }
    if matches!(format, Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Ods) {
        check_zip(bytes, name, limits)?;
    }
    let mut open =
        OpenBook { name: name.to_owned(), book: Workbook { format, sheets: Vec::new() }, limits: *limits, source: Source::Whole };
    match format {
        Format::Csv => open.book.sheets.push(read_csv(bytes, name, limits)?),
        Format::Xls | Format::Ods => open.book.sheets = read_whole(bytes, format, name, limits)?,
        Format::Xlsx | Format::Xlsm | Format::Xlsb => {
            let cursor = Cursor::new(bytes);
            open.source = if format == Format::Xlsb {
                Source::Xlsb(calamine::Xlsb::new(cursor).map_err(|e| open.corrupt(e.to_string()))?)
            } else {
                Source::Xlsx(calamine::Xlsx::new(cursor).map_err(|e| open.corrupt(e.to_string()))?)
            };
            let metadata = match &open.source {
                Source::Xlsx(b) => worksheets(b.sheets_metadata()),
                Source::Xlsb(b) => worksheets(b.sheets_metadata()),
                Source::Whole => unreachable!("set above"),
            };
            open.book.sheets = metadata
                .into_iter()
                .map(|(name, hidden)| Sheet { name, hidden, cells: Range::empty(), complete: false, declared_rows: 0 })
                .collect();
            open.read_heads(head.unwrap_or(u32::MAX))?;
        }
    }
    Ok(open)
}

/// How many cells the smallest range holding `cells` has (what `Range::from_sparse` allocates).
fn bounding_box(cells: &[calamine::Cell<Data>]) -> usize {
    let Some(first) = cells.first() else { return 0 };
    let (mut lo, mut hi) = (first.get_position(), first.get_position());
    for (row, col) in cells.iter().map(|c| c.get_position()) {
        (lo, hi) = ((lo.0.min(row), lo.1.min(col)), (hi.0.max(row), hi.1.max(col)));
    }
    ((hi.0 - lo.0) as usize + 1).saturating_mul((hi.1 - lo.1) as usize + 1)
}

fn worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

impl OpenBook<'_> {
    fn corrupt(&self, why: String) -> ReadError {
        corrupt(&self.name, why)
    }

    /// Reads (again) the first `rows` rows of every sheet not yet whole: for a longer look at
    /// a layout no profile knows.
    pub fn read_heads(&mut self, rows: u32) -> Result<(), ReadError> {
        let mut cells_total: usize = self.book.sheets.iter().map(|s| s.cells.get_size().0 * s.cells.get_size().1).sum();
        for i in 0..self.book.sheets.len() {
            if self.book.sheets[i].complete {
                continue;
            }
            let name = self.book.sheets[i].name.clone();
            let mut cells: Vec<calamine::Cell<Data>> = Vec::new();
            let mut complete = true;
            let (mut last, mut seen_rows, max_rows) = (None, 0usize, self.limits.max_rows);
            let declared = self.stream(&name, &mut |row, col, value| {
                if row >= rows {
                    complete = false;
                    return false;
                }
                if last != Some(row) {
                    (last, seen_rows) = (Some(row), seen_rows + 1);
                    if seen_rows > max_rows {
                        return false;
                    }
                }
                cells.push(calamine::Cell::new((row, col), value.clone().into()));
                true
            })?;
            if seen_rows > self.limits.max_rows {
                return Err(ReadError::TooManyRows { name: self.name.clone(), what: format!("sheet {name}"), max: self.limits.max_rows });
            }
            // The range holds every cell of the cells' bounding box: measured before it is made,
            // as a cell reference may name a column millions of letters wide.
            cells_total = cells_total.saturating_add(bounding_box(&cells));
            if cells_total > self.limits.max_cells {
                return Err(ReadError::TooManyCells { name: self.name.clone(), max: self.limits.max_cells });
            }
            let range = Range::from_sparse(cells);
            let sheet = &mut self.book.sheets[i];
            sheet.cells = range;
            sheet.complete = complete;
            sheet.declared_rows = declared.max(sheet.cells.end().map_or(0, |e| e.0 + 1));
        }
        Ok(())
    }

    /// Hands every row of sheet `name` from absolute row `from` on to `f`, in order, until `f`
    /// says stop (false). Rows without cells are not handed on. `wanted` limits the columns
    /// converted (the others read as Empty). Returns whether the sheet was read to its end.
    pub fn rows(&mut self, name: &str, from: u32, wanted: Option<&[bool]>, f: &mut dyn FnMut(Row) -> bool) -> Result<bool, ReadError> {
        let index = self.book.sheets.iter().position(|s| s.name == name);
        let Some(index) = index else {
            return Err(ReadError::NoSuchSheet { name: self.name.clone(), sheet: name.to_owned(), sheets: String::new() });
        };
        let sheet = &self.book.sheets[index];
        let keep = |col: usize| wanted.is_none_or(|w| w.get(col).copied().unwrap_or(false));
        let mut buf: Vec<Data> = Vec::new();
        if sheet.complete {
            let (Some((r0, _)), Some((c0, _))) = (sheet.rows(), sheet.cols()) else { return Ok(true) };
            for (i, cells) in sheet.cells.rows().enumerate() {
                let index = r0 + i as u32;
                if index < from || cells.iter().all(|c| matches!(c, Data::Empty)) {
                    continue;
                }
                buf.clear();
                buf.resize(c0 as usize + cells.len(), Data::Empty);
                for (j, cell) in cells.iter().enumerate() {
                    if keep(c0 as usize + j) {
                        buf[c0 as usize + j] = cell.clone();
                    }
                }
                if !f(Row { index, cells: &mut buf }) {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let (max_rows, max_cells) = (self.limits.max_rows, self.limits.max_cells);
        let too_many_rows = ReadError::TooManyRows { name: self.name.clone(), what: format!("sheet {name}"), max: max_rows };
        let too_many_cells = ReadError::TooManyCells { name: self.name.clone(), max: max_cells };
        let mut current: Option<u32> = None;
        let mut rows_seen: usize = 0;
        let mut cells_seen: usize = 0;
        let mut stopped = false;
        let mut failed: Option<ReadError> = None;
        let mut flush = |index: u32, buf: &mut Vec<Data>| -> bool {
            let go = index < from || f(Row { index, cells: buf });
            for d in buf.iter_mut() {
                *d = Data::Empty;
            }
            go
        };
        self.stream(name, &mut |row, col, value| {
            if current != Some(row) {
                if let Some(prev) = current {
                    if !flush(prev, &mut buf) {
                        stopped = true;
                        return false;
                    }
                }
                current = Some(row);
                rows_seen += 1;
                if rows_seen > max_rows {
                    failed = Some(too_many_rows.clone());
                    return false;
                }
            }
            cells_seen += 1;
            if cells_seen > max_cells {
                failed = Some(too_many_cells.clone());
                return false;
            }
            let col = col as usize;
            if keep(col) {
                if buf.len() <= col {
                    buf.resize(col + 1, Data::Empty);
                }
                buf[col] = value.clone().into();
            }
            true
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if stopped {
            return Ok(false);
        }
        Ok(current.is_none_or(|last| flush(last, &mut buf)))
    }

    /// Feeds the non-empty cells of sheet `name` to `f` (row, column, value) in file order until
    /// it says stop; returns the rows the sheet declares. Streams from the file: nothing is kept.
    fn stream(&mut self, name: &str, f: &mut dyn FnMut(u32, u32, &calamine::DataRef) -> bool) -> Result<u32, ReadError> {
        let file = self.name.clone();
        let err = |e: String| corrupt(&file, format!("sheet {name}: {e}"));
        macro_rules! pump {
            ($reader:expr) => {{
                let mut reader = $reader.map_err(|e| err(e.to_string()))?;
                // Only for progress: a sheet's declared dimension may include empty, formatted rows.
                let declared = reader.dimensions().end.0.saturating_add(1);
                while let Some(cell) = reader.next_cell().map_err(|e| err(e.to_string()))? {
                    let (row, col) = cell.get_position();
                    if matches!(cell.get_value(), calamine::DataRef::Empty) {
                        continue;
                    }
                    if !f(row, col, cell.get_value()) {
                        break;
                    }
                }
                Ok(declared)
            }};
        }
        match &mut self.source {
            Source::Xlsx(b) => pump!(b.worksheet_cells_reader(name)),
            Source::Xlsb(b) => pump!(b.worksheet_cells_reader(name)),
            Source::Whole => unreachable!("whole sheets are not streamed"),
        }
    }
}

fn corrupt(name: &str, why: String) -> ReadError {
    let lower = why.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted { name: name.to_owned() }
    } else {
        ReadError::Corrupt { name: name.to_owned(), why }
    }
}

fn check_zip(bytes: &[u8], name: &str, limits: &ReadLimits) -> Result<(), ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt { name: name.to_owned(), why: format!("zip: {e}") })?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ReadError::Corrupt { name: name.to_owned(), why: format!("zip: {e}") })?;
        total = total.saturating_add(entry.size());
    }
    let on_disk = bytes.len() as u64;
    if total > limits.max_unzipped_bytes || total / on_disk.max(1) > limits.max_zip_ratio {
        return Err(ReadError::ZipBomb { name: name.to_owned(), unzipped: human(total), size: human(on_disk) });
    }
    Ok(())
}

/// The worksheets of an xls or ods file, each read whole (their readers load a sheet at once).
fn read_whole(bytes: &[u8], format: Format, name: &str, limits: &ReadLimits) -> Result<Vec<Sheet>, ReadError> {
    use calamine::{Ods, Sheets, Xls};
    let cursor = Cursor::new(bytes);
    let mut book: Sheets<Cursor<&[u8]>> = match format {
        Format::Xls => {
            check_xls_sizes(bytes, name, limits)?;
            Sheets::Xls(Xls::new(cursor).map_err(|e| corrupt(name, e.to_string()))?)
        }
        Format::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| corrupt(name, e.to_string()))?),
        _ => unreachable!("only xls and ods are read whole"),
    };
    let metadata = worksheets(book.sheets_metadata());
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut cells: usize = 0;
    for (sheet_name, hidden) in metadata {
        let range = book.worksheet_range(&sheet_name).map_err(|e| corrupt(name, format!("sheet {sheet_name}: {e}")))?;
        let (h, w) = range.get_size();
        if h > limits.max_rows {
            return Err(ReadError::TooManyRows { name: name.to_owned(), what: format!("sheet {sheet_name}"), max: limits.max_rows });
        }
        cells = cells.saturating_add(h.saturating_mul(w));
        if cells > limits.max_cells {
            return Err(ReadError::TooManyCells { name: name.to_owned(), max: limits.max_cells });
        }
        sheets.push(Sheet::whole(sheet_name, hidden, range));
    }
    Ok(sheets)
}

/// Refuses an xls that would make calamine set aside room for more cells than the limit, before
/// calamine reads it: a failed allocation ends the process (it is not a panic, so `guarded`
/// cannot catch it). Calamine reserves room for each sheet's cells as its DIMENSIONS record
/// claims (the fuzzer made one claim 26 billion cells), and then makes each sheet's range, and
/// its formulas' range, as big as the box around its cells: two cells far apart (row and column
/// go to 65,535 in a cell record) would ask for ~137 GB. So the workbook stream is walked as
/// calamine walks it, record by record from each sheet's offset, and both sizes are measured.
/// A file whose container cannot be opened is refused as damaged (calamine could not read it
/// either); one protected with a password is left to calamine, which says so.
fn check_xls_sizes(bytes: &[u8], name: &str, limits: &ReadLimits) -> Result<(), ReadError> {
    let damaged = |why: String| ReadError::Corrupt { name: name.to_owned(), why };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let mut stream = Vec::new();
    let mut workbook = file.open_stream("Workbook").or_else(|_| file.open_stream("Book")).map_err(|e| damaged(e.to_string()))?;
    workbook.read_to_end(&mut stream).map_err(|e| damaged(e.to_string()))?;
    let Some(sheets) = xls_sheet_offsets(&stream) else { return Ok(()) };
    let too_many = |cells: u64| cells > limits.max_cells as u64;
    let mut all = 0u64;
    for at in sheets {
        let Some(sheet) = stream.get(at..) else { continue };
        let (reserved, boxed) = xls_sheet_sizes(sheet);
        all = all.saturating_add(boxed);
        if too_many(reserved) || too_many(boxed) || too_many(all) {
            return Err(ReadError::TooManyCells { name: name.to_owned(), max: limits.max_cells });
        }
    }
    Ok(())
}

/// BIFF records as calamine reads them: type, then the data its length gives, until the stream
/// ends or a record runs past it. (CONTINUE records come out as records of their own: none of
/// the records measured here is continued.)
fn xls_records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let head = stream.get(..4)?;
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(4..4 + len)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?) as u32)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Where each sheet's records begin in the workbook stream (its BOUNDSHEET records, up to the
/// globals' end); none when the workbook is protected with a password (its records are
/// encrypted, and calamine refuses it).
fn xls_sheet_offsets(stream: &[u8]) -> Option<Vec<usize>> {
    let mut offsets = Vec::new();
    for (typ, data) in xls_records(stream) {
        match typ {
            0x002F if u16_at(data, 0) != Some(0) => return None,
            0x0085 => offsets.extend(u32_at(data, 0).map(|at| at as usize)),
            0x000A => break,
            _ => (),
        }
    }
    Some(offsets)
}

/// The cells calamine would set aside room for on the sheet whose records `sheet` begins with
/// (its DIMENSIONS claims, computed as calamine does, wrapping), and the cells of the box around
/// every cell it would read there (its range; the formulas' range lies inside it).
fn xls_sheet_sizes(sheet: &[u8]) -> (u64, u64) {
    let (mut reserved, mut rows, mut cols) = (0u64, (u32::MAX, 0u32), (u32::MAX, 0u32));
    let mut cell = |row: u32, first: u32, last: u32| {
        rows = (rows.0.min(row), rows.1.max(row));
        cols = (cols.0.min(first), cols.1.max(last));
    };
    // Nested substreams (an embedded chart's) are skipped, as calamine skips them.
    let (mut begun, mut depth) = (false, 0usize);
    for (typ, data) in xls_records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => (),
            }
            continue;
        }
        match typ {
            0x0809 if begun => depth += 1,
            0x0809 => begun = true,
            0x000A => break,
            0x0200 => reserved = reserved.max(xls_dimensions_claim(data)),
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: a row and a column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    cell(row, col, col);
                }
            }
            // MULRK: a row, its first column, then six bytes a cell.
            0x00BD if data.len() >= 6 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    cell(row, col, col + ((data.len() - 6) / 6).saturating_sub(1) as u32);
                }
            }
            _ => (),
        }
    }
    let boxed = if rows.0 > rows.1 { 0 } else { (rows.1 - rows.0 + 1) as u64 * (cols.1 - cols.0 + 1) as u64 };
    (reserved, boxed)
}

/// The cells a DIMENSIONS record makes calamine set aside room for: its first and one-past-last
/// row and column as calamine 0.38 reads them, and its `last - first + 1` in u32, which wraps
/// when the first is after the last.
fn xls_dimensions_claim(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return 0,
    };
    let (Some(first_row), Some(rows_end), Some(mut first_col), Some(cols_end)) = fields else { return 0 };
    if first_col > 0xFF || cols_end < first_col {
        first_col = 0;
    }
    let (last_row, last_col) = if rows_end >= 1 && cols_end >= 1 { (rows_end - 1, cols_end - 1) } else { (first_row, first_col) };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1) as u64;
    let cols = last_col.wrapping_sub(first_col).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
}

/// The delimiter a CSV uses, told from whole records (quoted fields may hold line breaks and the
/// other delimiters): of `,` `;` tab and `|`, the one that splits the most of the first records
/// into one and the same number of fields (more than one); ties go to more fields, then to the
/// order above.
fn delimiter(text: &str) -> u8 {
    // A sample of the first records is enough; cut at a character boundary.
    let mut end = text.len().min(256 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut best = (b',', (0usize, 0usize));
    for d in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(d).from_reader(sample.as_bytes());
        let mut widths: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for record in reader.records().take(60) {
            let Ok(record) = record else { break };
            if record.len() > 1 {
                *widths.entry(record.len()).or_default() += 1;
            }
        }
        // (how many records share the commonest width, that width)
        let score = widths.into_iter().map(|(width, n)| (n, width)).max().unwrap_or((0, 0));
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// The most characters a spreadsheet cell holds (Excel's limit); a longer CSV field is refused
/// rather than carried through matching and storage.
pub const MAX_CELL_CHARS: usize = 32_767;

/// `Some(little_endian)` when `head` reads as UTF-16 without a BOM: nearly every other byte is
/// NUL, as in mostly-Latin text.
fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let pairs: Vec<&[u8]> = head.chunks_exact(2).take(512).collect();
    if pairs.len() < 4 {
        return None;
    }
    let share = |hi: usize| pairs.iter().filter(|p| p[hi] == 0 && p[1 - hi] != 0).count() * 10 >= pairs.len() * 9;
    if share(1) {
        Some(true)
    } else if share(0) {
        Some(false)
    } else {
        None
    }
}

/// Decodes CSV bytes: UTF-8 (a BOM dropped), UTF-16 with a BOM or recognisably without one,
/// else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some((bytes[0] == 0xFF, &bytes[2..]))
    } else {
        utf16_without_bom(&bytes[..bytes.len().min(64 * 1024)]).map(|le| (le, bytes))
    };
    if let Some((le, body)) = utf16 {
        let units: Vec<u16> =
            body.chunks_exact(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }).collect();
        return String::from_utf16_lossy(&units);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

fn read_csv(bytes: &[u8], name: &str, limits: &ReadLimits) -> Result<Sheet, ReadError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter(&text)).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut width = 0;
    let mut cells: usize = 0;
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Corrupt { name: name.to_owned(), why: e.to_string() })?;
        if rows.len() >= limits.max_rows {
            return Err(ReadError::TooManyRows { name: name.to_owned(), what: "the file".into(), max: limits.max_rows });
        }
        cells += record.len();
        if cells > limits.max_cells {
            return Err(ReadError::TooManyCells { name: name.to_owned(), max: limits.max_cells });
        }
        if record.iter().any(|f| f.len() > MAX_CELL_CHARS && f.chars().count() > MAX_CELL_CHARS) {
            return Err(ReadError::CellTooLarge { name: name.to_owned(), row: rows.len() + 1, max: MAX_CELL_CHARS });
        }
        width = width.max(record.len());
        rows.push(record.iter().map(str::to_owned).collect());
    }
    let sheet_name = Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if rows.is_empty() || width == 0 {
        return Ok(Sheet::whole(sheet_name, false, Range::empty()));
    }
    let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
    for (r, row) in rows.into_iter().enumerate() {
        for (c, value) in row.into_iter().enumerate() {
            if !value.is_empty() {
                range.set_value((r as u32, c as u32), Data::String(value));
            }
        }
    }
    Ok(Sheet::whole(sheet_name, false, range))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8], name: &str, ext: &str) -> &'static str {
        read_bytes(bytes, name, ext, &ReadLimits::default()).unwrap_err().code().as_str()
    }

    #[test]
    fn hostile_and_mislabelled_bytes_get_their_error() {
        assert_eq!(codes(b"", "a.xlsx", "xlsx"), "file_empty");
        assert_eq!(codes(b"PK\x03\x04\x14\x00garbage", "a.xlsx", "xlsx"), "unreadable_file");
        assert_eq!(codes(b"%PDF-1.7 report", "a.xlsx", "xlsx"), "unsupported_format");
        assert_eq!(codes(&[0u8, 159, 146, 150, 0, 1, 2], "a.bin", "bin"), "unsupported_format");
        assert_eq!(codes(b"id,question,answer\n1,q,yes\n", "a.xlsx", "xlsx"), "format_mismatch");
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let err = read_bytes(&cfb, "locked.xlsx", "xlsx", &ReadLimits::default()).unwrap_err();
        assert_eq!(err.code(), "encrypted_workbook");
        assert!(err
            .to_string()
            .starts_with("encrypted workbook: locked.xlsx is protected with a password; save it without a password and import again"));
    }

    /// An xls workbook (BIFF8 in a compound file) of one sheet, "Q", holding `records` (type,
    /// data) between its BOF and EOF.
    fn xls(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let record = |typ: u16, data: &[u8]| [&typ.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat();
        let bof = |kind: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat());
        let sheet_at = |at: u32| record(0x0085, &[&at.to_le_bytes()[..], &[0, 0, 1, 0], b"Q"].concat());
        let globals_len = bof(5).len() + sheet_at(0).len() + record(0x000A, &[]).len();
        let mut stream = [bof(5), sheet_at(globals_len as u32), record(0x000A, &[]), bof(0x10)].concat();
        for (typ, data) in records {
            stream.extend(record(*typ, data));
        }
        stream.extend(record(0x000A, &[]));
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("Workbook").unwrap().write_all(&stream).unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// A NUMBER record: `value` at `row`, `col`.
    fn number(row: u16, col: u16, value: f64) -> (u16, Vec<u8>) {
        (0x0203, [&row.to_le_bytes()[..], &col.to_le_bytes(), &[0, 0], &value.to_le_bytes()].concat())
    }

    #[test]
    fn an_xls_whose_cells_or_claims_would_fill_the_memory_is_refused_before_calamine_reads_it() {
        let limits = ReadLimits::default();
        // Calamine reads what the helper writes.
        let book = read_bytes(&xls(&[number(0, 0, 1.0), number(2, 3, 7.0)]), "a.xls", "xls", &limits).unwrap();
        let cells = &book.sheets[0].cells;
        assert_eq!((cells.get_value((0, 0)), cells.get_value((2, 3))), (Some(&Data::Float(1.0)), Some(&Data::Float(7.0))));

        // Two cells as far apart as a cell record allows: calamine's range around them would be
        // 4.3 billion cells (137 GB), and asking for them ends the process.
        let far = xls(&[number(0, 0, 1.0), number(65_535, 65_535, 2.0)]);
        assert_eq!(codes(&far, "far.xls", "xls"), "too_many_cells");
        // The same with the far cells in a MULRK record (a row of numbers).
        let row = [&9u16.to_le_bytes()[..], &65_000u16.to_le_bytes(), &[0; 12], &65_001u16.to_le_bytes()].concat();
        assert_eq!(codes(&xls(&[number(60_000, 0, 1.0), (0x00BD, row)]), "far.xls", "xls"), "too_many_cells");
        // A DIMENSIONS claim whose first row is after its last: calamine's `last - first + 1`
        // wraps to 4 billion rows, and it reserves room for them before reading a cell.
        let wrapped = [&10u32.to_le_bytes()[..], &5u32.to_le_bytes(), &0u16.to_le_bytes(), &2u16.to_le_bytes(), &[0, 0]].concat();
        assert_eq!(codes(&xls(&[(0x0200, wrapped), number(0, 0, 1.0)]), "wrapped.xls", "xls"), "too_many_cells");
        // Far cells in an embedded chart's substream are skipped, as calamine skips them.
        let chart = [
            (0x0809, [&0x0600u16.to_le_bytes()[..], &0x20u16.to_le_bytes(), &[0; 12]].concat()),
            number(65_535, 65_535, 2.0),
            (0x000A, vec![]),
        ];
        let with_chart: Vec<_> = [number(0, 0, 1.0)].into_iter().chain(chart).collect();
        assert!(read_bytes(&xls(&with_chart), "chart.xls", "xls", &limits).is_ok());
        // A tighter limit counts the box around the cells, not the cells.
        let tight = ReadLimits { max_cells: 11, ..Default::default() };
        let apart = xls(&[number(0, 0, 1.0), number(3, 2, 2.0)]);
        assert!(read_bytes(&apart, "apart.xls", "xls", &ReadLimits { max_cells: 12, ..Default::default() }).is_ok());
        assert_eq!(read_bytes(&apart, "apart.xls", "xls", &tight).unwrap_err().code(), "too_many_cells");
    }

    #[test]
    fn utf16_text_as_excel_saves_it_reads_with_or_without_a_bom_and_huge_cells_are_refused() {
        let limits = ReadLimits::default();
        let text = "ID\tFrage\tAntwort\r\nA-1\tVerschlüsselung im Ruhezustand?\tJa\r\n";
        let le_bom: Vec<u8> = b"\xFF\xFE".iter().copied().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be_plain: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for bytes in [le_bom, be_plain] {
            assert_eq!(sniff(&bytes, "q.txt").unwrap(), Format::Csv);
            let sheet = &read_bytes(&bytes, "q.csv", "csv", &limits).unwrap().sheets[0];
            assert_eq!(sheet.cells.get_value((1, 1)), Some(&Data::String("Verschlüsselung im Ruhezustand?".into())));
            assert_eq!(sheet.cells.get_value((1, 2)), Some(&Data::String("Ja".into())));
        }
        let huge = format!("id,question,answer\nQ-1,{},Yes\n", "ü".repeat(MAX_CELL_CHARS + 1));
        let err = read_bytes(huge.as_bytes(), "q.csv", "csv", &limits).unwrap_err();
        assert_eq!(err.code(), "cell_too_large");
        let fits = format!("id,question,answer\nQ-1,{},Yes\n", "ü".repeat(MAX_CELL_CHARS));
        assert!(read_bytes(fits.as_bytes(), "q.csv", "csv", &limits).is_ok());
    }

    #[test]
    fn csv_dialects_bom_crlf_semicolons_newlines_and_windows_1252() {
        let limits = ReadLimits::default();
        let bom = b"\xEF\xBB\xBFID,Question,Answer\r\nA-1,\"Multi\r\nline\",Yes\r\n".to_vec();
        let sheet = &read_bytes(&bom, "q.csv", "csv", &limits).unwrap().sheets[0];
        assert_eq!(sheet.get(0, 0), &Data::String("ID".into()));
        assert_eq!(sheet.get(1, 1), &Data::String("Multi\r\nline".into()));
        let semi = "Frage;Antwort;Kommentar\nVerschlüsselung?;Ja;AES-256, TLS 1.3\n".as_bytes().to_vec();
        let sheet = &read_bytes(&semi, "q.csv", "csv", &limits).unwrap().sheets[0];
        assert_eq!(sheet.get(1, 2), &Data::String("AES-256, TLS 1.3".into()));
        let latin = b"Frage;Antwort\nGr\xfc\xdfe;Ja\n".to_vec();
        let sheet = &read_bytes(&latin, "q.csv", "csv", &limits).unwrap().sheets[0];
        assert_eq!(sheet.get(1, 0), &Data::String("Grüße".into()));
    }

    /// The delimiter is told from records, not physical lines: a `;` sheet (LibreOffice's or a
    /// German Excel's) whose quoted questions hold line breaks, commas and semicolons, and the
    /// same rows with `|` and tab.
    #[test]
    fn the_delimiter_is_told_from_whole_records_with_quoted_line_breaks() {
        let limits = ReadLimits::default();
        let rows = [
            ["Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership"],
            [
                "A&A-01.1",
                "Are audit and assurance policies, procedures, and standards established,\ndocumented, approved,\ncommunicated; applied?",
                "Yes",
                "CSP-owned",
            ],
            [
                "A&A-02.1",
                "Are independent audit and assurance assessments conducted according to\nrelevant standards at least annually?",
                "No",
                "Shared CSP and CSC",
            ],
            [
                "A&A-03.1",
                "Are independent audit and assurance assessments performed according to\nrisk-based plans and policies?",
                "NA",
                "",
            ],
        ];
        for d in [';', '|', '\t', ','] {
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(&d.to_string()) + "\r\n")
                .collect();
            let sheet = &read_bytes(text.as_bytes(), "caiq.csv", "csv", &limits).unwrap().sheets[0];
            assert_eq!(sheet.get(1, 0), &Data::String("A&A-01.1".into()), "delimiter {d:?}");
            assert!(matches!(sheet.get(1, 1), Data::String(q) if q.ends_with("communicated; applied?")), "delimiter {d:?}");
            assert_eq!(sheet.get(2, 2), &Data::String("No".into()), "delimiter {d:?}");
            assert_eq!(sheet.get(3, 2), &Data::String("NA".into()), "delimiter {d:?}");
        }
        // Unquoted, a comma list whose answers hold semicolons stays a comma list.
        let commas = "ID,Question,Answer\nQ1,Encryption at rest?,Yes; AES-256\nQ2,MFA?,No; planned\nQ3,Backups?,Yes\n";
        let sheet = &read_bytes(commas.as_bytes(), "q.csv", "csv", &limits).unwrap().sheets[0];
        assert_eq!(sheet.get(1, 2), &Data::String("Yes; AES-256".into()));
    }

    #[test]
    fn row_and_cell_limits_refuse_before_reading_everything() {
        let limits = ReadLimits { max_rows: 3, ..ReadLimits::default() };
        let text = "a,b\n1,2\n3,4\n5,6\n".as_bytes().to_vec();
        assert_eq!(read_bytes(&text, "q.csv", "csv", &limits).unwrap_err().code(), "too_many_rows");
    }
}
