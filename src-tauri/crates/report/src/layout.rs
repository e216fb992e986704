//! A small page-layout engine over printpdf: wrapped paragraphs, headings kept with what follows,
//! tables whose rows wrap and continue on the next page under a repeated header, and a footer with
//! "page / pages". Layout is a list of positioned items per page; `finish` turns it into a PDF.

use super::fonts::{char_width, font_for, subset_font, text_width, FontKey, Weight};
use super::labels::{t, Lang};
use chrono::NaiveDate;
use printpdf::{Color, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem};
use std::collections::{BTreeMap, BTreeSet};

/// An RGB colour, each part 0-1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const INK: Rgb = Rgb(0.11, 0.13, 0.16);
pub const MUTED: Rgb = Rgb(0.40, 0.43, 0.48);
pub const RULE: Rgb = Rgb(0.78, 0.80, 0.83);
pub const HEADER_FILL: Rgb = Rgb(0.91, 0.93, 0.95);
pub const ZEBRA: Rgb = Rgb(0.972, 0.976, 0.98);
pub const GREEN: Rgb = Rgb(0.12, 0.50, 0.25);
pub const AMBER: Rgb = Rgb(0.72, 0.45, 0.02);
pub const RED: Rgb = Rgb(0.75, 0.14, 0.14);
pub const GREY: Rgb = Rgb(0.50, 0.52, 0.55);
pub const ACCENT: Rgb = Rgb(0.13, 0.30, 0.53);

/// Size, weight and colour of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    pub const fn new(weight: Weight, size: f32, color: Rgb) -> Style {
        Style { weight, size, color }
    }
    fn leading(&self) -> f32 {
        self.size * 1.3
    }
}

pub const BODY: Style = Style::new(Weight::Regular, 9.0, INK);
/// A quiet line where a section has nothing to show ("No certification ... is recorded.").
pub const NOTE: Style = Style::new(Weight::Regular, 9.0, MUTED);

/// A page size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

pub const A4_PORTRAIT: PageSize = PageSize { width: 595.28, height: 841.89 };
pub const A4_LANDSCAPE: PageSize = PageSize { width: 841.89, height: 595.28 };

#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// `y` is the baseline, measured from the top of the page.
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A filled rectangle; `y` is its top edge.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
}

/// A table column: its title and its share of the table's width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub share: f32,
}

impl Column {
    pub fn new(title: impl Into<String>, share: f32) -> Column {
        Column { title: title.into(), share }
    }
}

/// One table cell: text, optionally bold or coloured, optionally led by a coloured square (a
/// status shown in colour and in words).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
    pub color: Option<Rgb>,
    pub chip: Option<Rgb>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }
    pub fn bold(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), bold: true, ..Cell::default() }
    }
    pub fn status(text: impl Into<String>, color: Rgb) -> Cell {
        Cell { text: text.into(), color: Some(color), chip: Some(color), bold: false }
    }
    pub fn muted(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), color: Some(MUTED), ..Cell::default() }
    }
}

/// Who made a document, when and in which language: its properties and the left of every footer
/// ("Vetted 0.1.0 · generated 2026-11-22").
#[derive(Debug, Clone, Copy)]
pub struct Made<'a> {
    pub lang: Lang,
    pub generated_on: NaiveDate,
    /// The same moment in seconds since the epoch, for the document's creation date.
    pub generated_at: i64,
    pub app_version: &'a str,
}

/// What a document says about itself; the centre of every footer. The right of the footer is the
/// page number "n / N".
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    pub title: String,
    pub subject: String,
    pub footer_center: String,
}

const CHIP: f32 = 6.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const FOOTER_SIZE: f32 = 7.5;

/// Lays out a document page by page, top to bottom.
pub struct Layout {
    size: PageSize,
    margin: f32,
    top: f32,
    bottom: f32,
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Layout {
    pub fn new(size: PageSize) -> Layout {
        let mut layout = Layout { size, margin: 42.0, top: 46.0, bottom: 50.0, pages: Vec::new(), y: 0.0 };
        layout.new_page();
        layout
    }

    pub fn width(&self) -> f32 {
        self.size.width - 2.0 * self.margin
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    fn room(&self) -> f32 {
        self.size.height - self.bottom - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= self.top + 0.01
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn keep(&mut self, height: f32) {
        if self.room() < height && !self.at_top() {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a page").push(item);
    }

    /// Text at `x` on the baseline `y` of the current page, not wrapped.
    pub fn text_at(&mut self, x: f32, y: f32, text: &str, style: Style) {
        if !text.is_empty() {
            self.push(Item::Text { x, y, style, text: text.to_string() });
        }
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Item::Fill { x, y, w, h, color });
    }

    pub fn hline(&mut self, y: f32, color: Rgb, width: f32) {
        let (x1, x2) = (self.margin, self.size.width - self.margin);
        self.push(Item::Line { x1, y1: y, x2, y2: y, color, width });
    }

    /// A wrapped paragraph at `indent` from the left margin; it continues on the next page.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let lead = style.leading();
        for line in wrap(text, style.weight, style.size, self.width() - indent) {
            self.keep(lead);
            self.y += style.size;
            let (x, y) = (self.margin + indent, self.y);
            self.text_at(x, y, &line, style);
            self.y += lead - style.size;
        }
    }

    /// A bulleted paragraph.
    pub fn bullet(&mut self, text: &str, style: Style) {
        self.keep(style.leading());
        let (x, y) = (self.margin + 4.0, self.y + style.size);
        self.text_at(x, y, "•", style);
        self.paragraph(text, style, 14.0);
    }

    /// A section heading with a rule under it, kept with at least `follow` points of what comes
    /// after it.
    pub fn heading(&mut self, text: &str, follow: f32) {
        let style = Style::new(Weight::Bold, 11.5, ACCENT);
        self.space(12.0);
        self.keep(style.size + 8.0 + follow);
        self.y += style.size;
        let y = self.y;
        self.text_at(self.margin, y, text, style);
        self.y += 4.0;
        self.hline(self.y, RULE, 0.6);
        self.y += 6.0;
    }

    /// A table whose rows wrap; a row that does not fit moves (or, taller than a page, continues)
    /// to the next page, where the header is drawn again.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>], size: f32, header: bool) {
        let total: f32 = columns.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = columns.iter().map(|c| self.width() * c.share / total).collect();
        let lead = size * 1.3;
        let head_style = Style::new(Weight::Bold, size, INK);
        let head_lines: Vec<Vec<String>> =
            columns.iter().zip(&widths).map(|(c, w)| wrap(&c.title, Weight::Bold, size, w - 2.0 * CELL_PAD_X)).collect();
        let head_height = head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * CELL_PAD_Y;
        let draw_header = |l: &mut Layout| {
            if !header {
                return;
            }
            let top = l.y;
            l.fill(l.margin, top, l.width(), head_height, HEADER_FILL);
            let mut x = l.margin;
            for (lines, w) in head_lines.iter().zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    l.text_at(x + CELL_PAD_X, top + CELL_PAD_Y + size + i as f32 * lead, line, head_style);
                }
                x += w;
            }
            l.y += head_height;
            l.hline(l.y, GREY, 0.6);
        };
        let min_row = lead + 2.0 * CELL_PAD_Y;
        self.keep(if header { head_height } else { 0.0 } + min_row);
        draw_header(self);
        for (index, row) in rows.iter().enumerate() {
            let mut lines: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let chip = if cell.chip.is_some() { CHIP + 3.0 } else { 0.0 };
                    wrap(&cell.text, weight(cell), size, w - 2.0 * CELL_PAD_X - chip)
                })
                .collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * CELL_PAD_Y;
            if self.room() < height && (self.room() < min_row + lead * 2.0 || height <= self.page_body()) {
                self.new_page();
                draw_header(self);
            }
            let mut first = true;
            loop {
                let fit = (((self.room() - 2.0 * CELL_PAD_Y) / lead).floor() as usize).max(1);
                let part: Vec<Vec<String>> = lines.iter_mut().map(|l| l.drain(..fit.min(l.len())).collect()).collect();
                self.draw_row(row, &part, &widths, size, index % 2 == 1, first);
                first = false;
                if lines.iter().all(Vec::is_empty) {
                    break;
                }
                self.new_page();
                draw_header(self);
            }
        }
    }

    fn page_body(&self) -> f32 {
        self.size.height - self.top - self.bottom
    }

    fn draw_row(&mut self, row: &[Cell], lines: &[Vec<String>], widths: &[f32], size: f32, zebra: bool, first: bool) {
        let lead = size * 1.3;
        let height = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lead + 2.0 * CELL_PAD_Y;
        let top = self.y;
        if zebra {
            self.fill(self.margin, top, self.width(), height, ZEBRA);
        }
        let mut x = self.margin;
        for ((cell, cell_lines), w) in row.iter().zip(lines).zip(widths) {
            let style = Style::new(weight(cell), size, cell.color.unwrap_or(INK));
            if let (Some(color), true) = (cell.chip, first) {
                self.fill(x + CELL_PAD_X, top + CELL_PAD_Y + size * 0.85 - CHIP, CHIP, CHIP, color);
            }
            let indent = if cell.chip.is_some() { CHIP + 3.0 } else { 0.0 };
            for (i, line) in cell_lines.iter().enumerate() {
                self.text_at(x + CELL_PAD_X + indent, top + CELL_PAD_Y + size + i as f32 * lead, line, style);
            }
            x += w;
        }
        self.y += height;
        self.hline(self.y, RULE, 0.35);
    }

    /// The PDF: fonts subset to the glyphs used, the footer on every page.
    pub fn finish(mut self, info: &DocInfo, made: &Made<'_>) -> Result<Vec<u8>, String> {
        let footer_left =
            format!("Vetted {} · {} {}", made.app_version, t(made.lang, "generated"), super::labels::date(made.lang, made.generated_on));
        let total = self.pages.len();
        let footer = Style::new(Weight::Regular, FOOTER_SIZE, MUTED);
        let (width, height, margin) = (self.size.width, self.size.height, self.margin);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let y = height - 26.0;
            let number = format!("{} / {}", i + 1, total);
            page.push(Item::Line { x1: margin, y1: y - 11.0, x2: width - margin, y2: y - 11.0, color: RULE, width: 0.4 });
            page.push(Item::Text { x: margin, y, style: footer, text: footer_left.clone() });
            let center = fit(&info.footer_center, footer, width * 0.4);
            let cx = (width - text_width(&center, footer.weight, footer.size)) / 2.0;
            page.push(Item::Text { x: cx, y, style: footer, text: center });
            let nx = width - margin - text_width(&number, footer.weight, footer.size);
            page.push(Item::Text { x: nx, y, style: footer, text: number });
        }
        render(&self.pages, self.size, info, made)
    }
}

fn weight(cell: &Cell) -> Weight {
    if cell.bold {
        Weight::Bold
    } else {
        Weight::Regular
    }
}

/// `text` shortened with an ellipsis to fit `width` (for one-line places such as the footer).
pub fn fit(text: &str, style: Style, width: f32) -> String {
    if text_width(text, style.weight, style.size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let budget = width - text_width("…", style.weight, style.size);
    let mut used = 0.0;
    for c in text.chars() {
        used += char_width(font_for(c, style.weight), c, style.size);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_lowercase().next().unwrap_or(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü' | 'é' | 'è' | 'à')
}

/// A German compound's linking "s" ends `before`: a consonant, then "s", then a letter that is
/// not "s", "t", "c" or "p" ("…ungs|länder", "…trags|klauseln", "…ächs|aufzeichnungen").
fn compound_joint(before: &[char], after: &[char]) -> bool {
    let n = before.len();
    n >= 4
        && before[n - 1] == 's'
        && before[n - 2].is_alphabetic()
        && !is_vowel(before[n - 2])
        && before[n - 2] != 's'
        && before.iter().any(|&c| is_vowel(c))
        && after.first().is_some_and(|&c| c.is_alphabetic() && !matches!(c, 's' | 't' | 'c' | 'p' | 'h'))
}

/// A cut between `before` and `after` would split "ch", "ck", "sch", "ph", "th" or "qu".
fn inside_a_letter_group(before: &[char], after: &[char]) -> bool {
    let low = |c: Option<&char>| c.and_then(|c| c.to_lowercase().next());
    let (p, n, n2) = (low(before.last()), low(after.first()), low(after.get(1)));
    matches!((p, n), (Some('c'), Some('h' | 'k')) | (Some('p' | 't'), Some('h')) | (Some('q'), Some('u')))
        || (p == Some('s') && n == Some('c') && n2 == Some('h'))
}

/// Whether a word may be cut between `before` and `after` as German and English syllables
/// mostly are: before a consonant (or "ch", "sch", "ck") that a vowel follows, after a letter
/// that is not the word's last consonant cluster's start.
fn syllable_break(before: &[char], after: &[char]) -> bool {
    if inside_a_letter_group(before, after) || !before.iter().any(|&c| is_vowel(c)) {
        return false;
    }
    // skip a letter group that starts the next syllable
    let lower: String = after.iter().take(3).flat_map(|c| c.to_lowercase()).collect();
    let onset = if lower.starts_with("sch") {
        3
    } else if lower.starts_with("ch") || lower.starts_with("ck") || lower.starts_with("ph") {
        2
    } else {
        1
    };
    !is_vowel(after[0]) && after.get(onset).is_some_and(|&c| is_vowel(c)) && after[..onset].iter().all(|c| c.is_alphabetic())
}

/// A letter or digit of a script that hyphenates (not CJK, which breaks between characters).
fn is_letter(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// Breaks `text` into lines no wider than `width`: at spaces, between CJK characters, after a
/// hyphen or slash, and inside a word only when the word alone is too wide (then with a hyphen,
/// never leaving fewer than three letters for the next line). Closing punctuation may hang past
/// the edge by its own width. Newlines are kept.
pub fn wrap(text: &str, weight: Weight, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        // Where the line may break: the end of what stays, and the start of what moves on.
        let mut brk: Option<(usize, usize)> = None;
        for (at, c) in para.char_indices() {
            if c == '\r' {
                continue;
            }
            let cw = char_width(font_for(c, weight), c, size);
            // Closing punctuation hangs past the edge rather than start a line of its own.
            let hangs = matches!(c, ',' | '.' | ';' | ':' | ')' | '!' | '?');
            if w + cw > width && !line.is_empty() && !c.is_whitespace() && !hangs {
                match brk {
                    Some((keep, rest)) if keep > 0 => {
                        let tail = line[rest..].to_string();
                        line.truncate(keep);
                        lines.push(line.trim_end().to_string());
                        w = text_width(&tail, weight, size);
                        line = tail;
                    }
                    _ if is_letter(c) && line.chars().last().is_some_and(is_letter) => {
                        // A word wider than the column: cut with a hyphen, and at least three of
                        // its letters go on to the next line ("Informatio-/nen", not "Informatione/n").
                        let to_come = para[at..].chars().take_while(|&x| is_letter(x)).count();
                        let hyphen = char_width(font_for('-', weight), '-', size);
                        let mut tail = String::new();
                        while line.chars().count() > 3 && line.chars().last().is_some_and(is_letter) {
                            let moved = tail.chars().count();
                            if text_width(&line, weight, size) + hyphen <= width && moved + to_come >= 3 {
                                break;
                            }
                            tail.insert(0, line.pop().expect("a letter"));
                        }
                        // Where it fits, cut where a syllable may end: before a consonant that
                        // starts a syllable ("Verarbeitungslän-der"), never inside "ch", "ck",
                        // "sch", "ph" or "qu" ("Übermittlungsme-chanismus", not "…mec-hanismus").
                        let rest: Vec<char> = tail.chars().chain(para[at..].chars().take_while(|&x| is_letter(x))).collect();
                        let kept: Vec<char> = line.chars().collect();
                        // A German compound's joint first: after the "s" that links its parts
                        // ("Verarbeitungs-länder", "Standardvertrags-klauseln").
                        let joint = (0..=8usize).find(|&k| {
                            kept.len() >= 5 + k && {
                                let before = &kept[..kept.len() - k];
                                let after: Vec<char> = kept[kept.len() - k..].iter().chain(&rest).copied().collect();
                                after.len() >= 4 && compound_joint(before, &after)
                            }
                        });
                        let good = joint.or_else(|| {
                            (0..=4usize).find(|&k| {
                                kept.len() > 3 + k && kept[kept.len() - k - 1].is_alphabetic() && {
                                    let after: Vec<char> = kept[kept.len() - k..].iter().chain(&rest).copied().collect();
                                    after.len() >= 3 && syllable_break(&kept[..kept.len() - k], &after)
                                }
                            })
                        });
                        let fallback = (0..=2usize).find(|&k| {
                            kept.len() > 3 + k && {
                                let after: Vec<char> = kept[kept.len() - k..].iter().chain(&rest).copied().collect();
                                !inside_a_letter_group(&kept[..kept.len() - k], &after)
                            }
                        });
                        for _ in 0..good.or(fallback).unwrap_or(0) {
                            tail.insert(0, line.pop().expect("a letter"));
                        }
                        line.push('-');
                        lines.push(std::mem::take(&mut line));
                        w = text_width(&tail, weight, size);
                        line = tail;
                    }
                    _ => {
                        lines.push(std::mem::take(&mut line));
                        w = 0.0;
                    }
                }
                brk = None;
            }
            if c.is_whitespace() {
                if line.is_empty() {
                    continue;
                }
                brk = Some((line.len(), line.len() + c.len_utf8()));
            } else if is_cjk(c) && !line.is_empty() {
                brk = Some((line.len(), line.len()));
            }
            line.push(c);
            w += cw;
            if matches!(c, '-' | '/' | ',') {
                brk = Some((line.len(), line.len()));
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

fn render(pages: &[Vec<Item>], size: PageSize, info: &DocInfo, made: &Made<'_>) -> Result<Vec<u8>, String> {
    // Which characters each font draws, to subset it.
    let mut used: BTreeMap<FontKey, BTreeSet<char>> = BTreeMap::new();
    for item in pages.iter().flatten() {
        if let Item::Text { text, style, .. } = item {
            for c in text.chars() {
                used.entry(font_for(c, style.weight)).or_default().insert(c);
            }
        }
    }
    let mut doc = PdfDocument::new(&info.title);
    let meta = &mut doc.metadata.info;
    meta.subject = info.subject.clone();
    let creator = format!("Vetted {}", made.app_version);
    meta.producer = creator.clone();
    meta.author = creator.clone();
    meta.creator = creator;
    if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(made.generated_at) {
        meta.creation_date = at;
        meta.modification_date = at;
        meta.metadata_date = at;
    }
    let mut ids = BTreeMap::new();
    for (key, chars) in &used {
        ids.insert(*key, doc.add_font(&subset_font(*key, chars)?));
    }
    let page_ops = pages.iter().map(|items| {
        let mut ops = Vec::with_capacity(items.len() * 6);
        for item in items {
            match item {
                Item::Fill { x, y, w, h, color: c } => {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    let rect = Rect { mode: Some(PaintMode::Fill), ..Rect::from_xywh(Pt(*x), Pt(size.height - y - h), Pt(*w), Pt(*h)) };
                    ops.push(Op::DrawRectangle { rectangle: rect });
                }
                Item::Line { x1, y1, x2, y2, color: c, width } => {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(size.height - y) }, bezier: false };
                    ops.push(Op::DrawLine { line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false } });
                }
                Item::Text { x, y, style, text } => {
                    let mut x = *x;
                    for (key, run) in runs(text, style.weight) {
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont { font: PdfFontHandle::External(ids[&key].clone()), size: Pt(style.size) });
                        ops.push(Op::SetFillColor { col: color(style.color) });
                        ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(size.height - y) } });
                        x += run.chars().map(|c| char_width(key, c, style.size)).sum::<f32>();
                        ops.push(Op::ShowText { items: vec![TextItem::Text(run)] });
                        ops.push(Op::EndTextSection);
                    }
                }
            }
        }
        PdfPage::new(Pt(size.width).into(), Pt(size.height).into(), ops)
    });
    let pages: Vec<PdfPage> = page_ops.collect();
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions { subset_fonts: false, ..PdfSaveOptions::default() };
    Ok(doc.save(&options, &mut warnings))
}

/// `text` cut into runs that one font draws.
fn runs(text: &str, weight: Weight) -> Vec<(FontKey, String)> {
    let mut out: Vec<(FontKey, String)> = Vec::new();
    for c in text.chars() {
        let key = font_for(c, weight);
        match out.last_mut() {
            Some((k, run)) if *k == key => run.push(c),
            _ => out.push((key, c.to_string())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_never_exceeds_the_width() {
        let text = "Speech recognition and intent detection for the customer hotline, EU regions only";
        let lines = wrap(text, Weight::Regular, 9.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, Weight::Regular, 9.0) <= 120.0, "{line}");
            assert_eq!(line.trim(), line);
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_column_is_cut_and_cjk_breaks_between_characters() {
        let long = "x".repeat(200);
        let lines = wrap(&long, Weight::Regular, 9.0, 50.0);
        assert!(lines.len() > 3);
        assert_eq!(lines.iter().map(|l| l.trim_end_matches('-')).collect::<String>(), long, "{lines:?}");
        // A German word cut in a narrow column: a hyphen where it is cut, never one or two
        // letters alone on the next line, and every line within the width.
        for width in [30.0, 40.0, 48.0, 55.0, 61.0] {
            let lines = wrap("Informationen Verarbeitungsländer, Kommunikationsinhalte, Daten", Weight::Regular, 9.0, width);
            for (i, line) in lines.iter().enumerate() {
                let hanging = if line.ends_with(',') { text_width(",", Weight::Regular, 9.0) } else { 0.0 };
                assert!(text_width(line, Weight::Regular, 9.0) <= width + hanging + 0.01, "{width}: {lines:?}");
                if line.ends_with('-') {
                    assert!(lines[i + 1].chars().take_while(|c| c.is_alphabetic()).count() >= 3, "{width}: {lines:?}");
                }
            }
            assert!(!lines.iter().any(|l| l.starts_with(',')), "{width}: {lines:?}");
            let joined: String = lines.iter().map(|l| l.strip_suffix('-').unwrap_or(l).to_owned()).collect::<Vec<_>>().join("");
            assert_eq!(joined.replace(' ', ""), "InformationenVerarbeitungsländer,Kommunikationsinhalte,Daten", "{width}: {lines:?}");
        }
        // Cut where a syllable may end, never inside "ch" or "sch".
        for (word, width) in [
            ("Übermittlungsmechanismus", 70.0),
            ("Übermittlungsmechanismus", 100.0),
            ("Verarbeitungsländer", 60.0),
            ("Gesprächsaufzeichnungen", 70.0),
            ("Standardvertragsklauseln", 80.0),
        ] {
            let lines = wrap(word, Weight::Regular, 9.0, width);
            assert!(lines.len() >= 2, "{lines:?}");
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].trim_end_matches('-'), &pair[1]);
                assert!(!(a.ends_with('c') && b.starts_with(['h', 'k'])), "{lines:?}");
                assert!(!(a.ends_with('s') && b.starts_with("ch")), "{lines:?}");
                // a syllable starts with a consonant, unless the cut is a compound's joint ("Gesprächs-aufzeichnungen")
                assert!(a.ends_with('s') || !b.starts_with(|c: char| is_vowel(c)), "{lines:?}");
            }
        }
        // where a compound's joint is within reach, the cut is there
        for (word, first) in [("Standardvertragsklauseln", "Standardvertrags-"), ("Verarbeitungsländer", "Verarbeitungs-")] {
            let width = text_width(&format!("{first}xx"), Weight::Regular, 9.0);
            assert_eq!(wrap(word, Weight::Regular, 9.0, width)[0], first);
        }
        let cjk = "株式会社".repeat(10);
        let lines = wrap(&cjk, Weight::Regular, 9.0, 60.0);
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), cjk);
    }

    #[test]
    fn newlines_are_kept_and_empty_text_is_one_empty_line() {
        assert_eq!(wrap("a\nb", Weight::Regular, 9.0, 100.0), vec!["a", "b"]);
        assert_eq!(wrap("", Weight::Regular, 9.0, 100.0), vec![""]);
    }

    #[test]
    fn a_long_table_continues_on_new_pages_with_its_header_repeated() {
        let mut layout = Layout::new(A4_PORTRAIT);
        let columns = vec![Column::new("Name", 1.0), Column::new("Purpose", 3.0)];
        let rows: Vec<Vec<Cell>> =
            (0..200).map(|i| vec![Cell::text(format!("Vendor {i}")), Cell::text("Hosting ".repeat(i % 7 + 1))]).collect();
        layout.table(&columns, &rows, 8.5, true);
        assert!(layout.page_count() >= 4);
        for page in &layout.pages {
            let headers = page.iter().filter(|i| matches!(i, Item::Text { text, .. } if text == "Purpose")).count();
            assert_eq!(headers, 1, "each page has the header once");
        }
    }

    #[test]
    fn a_row_taller_than_a_page_continues_instead_of_overflowing() {
        let mut layout = Layout::new(A4_PORTRAIT);
        let columns = vec![Column::new("Control", 1.0), Column::new("Answer", 3.0)];
        let huge = "A very long answer. ".repeat(900);
        layout.table(&columns, &[vec![Cell::text("BL-01"), Cell::text(huge)]], 8.5, true);
        assert!(layout.page_count() >= 2);
        let bottom = A4_PORTRAIT.height - layout.bottom;
        for item in layout.pages.iter().flatten() {
            if let Item::Text { y, .. } = item {
                assert!(*y <= bottom + 0.01, "text below the body at {y}");
            }
        }
    }
}
