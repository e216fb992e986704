//! A PDF's text layer as lines a person reads: each page's text runs placed by the text and
//! graphics matrices, words put back together across runs, runs on one baseline joined into a
//! line (left to right), lines top to bottom, each run keeping its x so that a row of labels can
//! be matched with the row of values under it. Limits keep a hostile file from costing more than
//! a real one.

use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};
use std::collections::BTreeMap;

/// What reading refuses to go beyond.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_pages: u32,
    /// Per stream, decompressed.
    pub max_stream: usize,
    pub max_objects: usize,
    /// Text runs per page.
    pub max_runs: usize,
    /// Form XObjects inside form XObjects.
    pub max_nesting: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 100 << 20, max_pages: 500, max_stream: 32 << 20, max_objects: 200_000, max_runs: 200_000, max_nesting: 8 }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum TextError {
    NotPdf,
    TooLarge { limit: usize },
    TooManyPages { pages: u32, limit: u32 },
    TooManyObjects { limit: usize },
    NeedsPassword,
    Damaged(String),
}

/// A piece of text drawn at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub end: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// Runs on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub y: f32,
    pub runs: Vec<Run>,
    /// The runs joined: a space where they are apart, none where a word was split.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub lines: Vec<Line>,
    /// Images drawn on the page.
    pub images: u32,
}

impl Page {
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// The text of every page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextLayer {
    pub pages: Vec<Page>,
    pub encrypted: bool,
}

/// Opens a PDF (decrypting one that needs no password) and reads its text layer.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<TextLayer, TextError> {
    if bytes.len() > limits.max_bytes {
        return Err(TextError::TooLarge { limit: limits.max_bytes });
    }
    let start = bytes.iter().take(1024).position(|_| true).map(|_| &bytes[..bytes.len().min(1024)]).unwrap_or(&[]);
    if !start.windows(5).any(|w| w == b"%PDF-") {
        return Err(TextError::NotPdf);
    }
    let options = lopdf::LoadOptions { max_decompressed_size: Some(limits.max_stream), ..Default::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => TextError::NeedsPassword,
        other => TextError::Damaged(other.to_string()),
    })?;
    if doc.objects.len() > limits.max_objects {
        return Err(TextError::TooManyObjects { limit: limits.max_objects });
    }
    let encrypted = doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok();
    let ids = doc.get_pages();
    if ids.len() as u32 > limits.max_pages {
        return Err(TextError::TooManyPages { pages: ids.len() as u32, limit: limits.max_pages });
    }
    let mut pages = Vec::with_capacity(ids.len());
    for (number, id) in ids {
        pages.push(read_page(&doc, number, id, limits));
    }
    Ok(TextLayer { pages, encrypted })
}

/// A font as far as reading needs it: how its codes become text, and how wide each is.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Bytes per code: 2 for composite (Type0) fonts.
    code_bytes: usize,
    widths: BTreeMap<u32, f32>,
    default_width: f32,
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn font<'a>(doc: &'a Document, dict: &'a Dictionary, limits: &Limits) -> Font<'a> {
    let encoding = dict.get_font_encoding_with_limit(doc, limits.max_stream).ok();
    let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
    let mut widths = BTreeMap::new();
    if subtype == b"Type0" {
        let descendant = dict
            .get(b"DescendantFonts")
            .and_then(|o| doc.dereference(o).map(|(_, o)| o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let mut default_width = 1000.0;
        if let Some(d) = descendant {
            default_width = d.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
            if let Ok(w) = d.get(b"W").and_then(|o| doc.dereference(o).map(|(_, o)| o)).and_then(Object::as_array) {
                let mut i = 0;
                while i + 1 < w.len() && widths.len() < 70_000 {
                    let first = number(&w[i]).unwrap_or(0.0) as u32;
                    match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
                        Ok(Object::Array(list)) => {
                            for (k, v) in list.iter().enumerate() {
                                widths.insert(first + k as u32, number(v).unwrap_or(default_width));
                            }
                            i += 2;
                        }
                        _ if i + 2 < w.len() => {
                            let last = number(&w[i + 1]).unwrap_or(0.0) as u32;
                            let width = number(&w[i + 2]).unwrap_or(default_width);
                            for c in first..=last.min(first + 70_000) {
                                widths.insert(c, width);
                            }
                            i += 3;
                        }
                        _ => break,
                    }
                }
            }
        }
        return Font { encoding, code_bytes: 2, widths, default_width };
    }
    let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
    if let Ok(w) = dict.get(b"Widths").and_then(|o| doc.dereference(o).map(|(_, o)| o)).and_then(Object::as_array) {
        for (k, v) in w.iter().enumerate().take(256) {
            widths.insert(first + k as u32, doc.dereference(v).ok().and_then(|(_, o)| number(o)).unwrap_or(500.0));
        }
    }
    Font { encoding, code_bytes: 1, widths, default_width: 500.0 }
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn read_page(doc: &Document, number: u32, id: ObjectId, limits: &Limits) -> Page {
    let mut runs = Vec::new();
    let mut images = 0;
    let resources = page_resources(doc, id);
    let content = doc.get_page_content_with_limit(id, limits.max_stream).unwrap_or_default();
    walk(doc, &content, &resources, IDENTITY, limits, 0, &mut runs, &mut images);
    Page { number, lines: lines(runs), images }
}

/// The page's resources merged with those it inherits.
fn page_resources(doc: &Document, id: ObjectId) -> Vec<&Dictionary> {
    match doc.get_page_resources(id) {
        Ok((own, inherited)) => own.into_iter().chain(inherited.iter().filter_map(|i| doc.get_dictionary(*i).ok())).collect(),
        Err(_) => Vec::new(),
    }
}

fn resource<'a>(doc: &'a Document, resources: &[&'a Dictionary], kind: &[u8], name: &[u8]) -> Option<&'a Object> {
    resources.iter().find_map(|r| {
        let group = r.get(kind).ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_dict().ok())?;
        group.get(name).ok()
    })
}

#[allow(clippy::too_many_arguments)]
fn walk<'a>(
    doc: &'a Document,
    content: &[u8],
    resources: &[&'a Dictionary],
    ctm0: Matrix,
    limits: &Limits,
    depth: u32,
    runs: &mut Vec<Run>,
    images: &mut u32,
) {
    let Ok(content) = lopdf::content::Content::decode(content) else { return };
    let mut fonts: BTreeMap<Vec<u8>, Font<'a>> = BTreeMap::new();
    let mut stack: Vec<Matrix> = Vec::new();
    let mut ctm = ctm0;
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let (mut size, mut leading, mut char_spacing, mut word_spacing, mut scale) = (1.0f32, 0.0f32, 0.0f32, 0.0f32, 1.0f32);
    let mut current: Option<Vec<u8>> = None;
    let nums = |ops: &[Object]| ops.iter().filter_map(number).collect::<Vec<f32>>();
    for op in &content.operations {
        if runs.len() >= limits.max_runs {
            return;
        }
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm0),
            "cm" => {
                let n = nums(o);
                if n.len() == 6 {
                    ctm = mul(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm);
                }
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                if let (Some(Object::Name(name)), Some(s)) = (o.first(), o.get(1).and_then(number)) {
                    size = s;
                    if !fonts.contains_key(name) {
                        if let Some(dict) = resource(doc, resources, b"Font", name)
                            .and_then(|f| doc.dereference(f).ok())
                            .and_then(|(_, f)| f.as_dict().ok())
                        {
                            fonts.insert(name.clone(), font(doc, dict, limits));
                        }
                    }
                    current = Some(name.clone());
                }
            }
            "TL" => leading = o.first().and_then(number).unwrap_or(leading),
            "Tc" => char_spacing = o.first().and_then(number).unwrap_or(0.0),
            "Tw" => word_spacing = o.first().and_then(number).unwrap_or(0.0),
            "Tz" => scale = o.first().and_then(number).unwrap_or(100.0) / 100.0,
            "Td" | "TD" => {
                let n = nums(o);
                if n.len() == 2 {
                    if op.operator == "TD" {
                        leading = -n[1];
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tlm);
                    tm = tlm;
                }
            }
            "Tm" => {
                let n = nums(o);
                if n.len() == 6 {
                    tlm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                    tm = tlm;
                }
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                    tm = tlm;
                }
                let Some(font) = current.as_ref().and_then(|n| fonts.get(n)) else { continue };
                let items: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => o.first().and_then(|a| a.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
                    "\"" => o.get(2).into_iter().collect(),
                    _ => o.first().into_iter().collect(),
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            let m = mul(&tm, &ctm);
                            let (x, y) = (m[4], m[5]);
                            let font_size = (size * (m[2] * m[2] + m[3] * m[3]).sqrt()).abs().max(0.1);
                            let mut advance = 0.0;
                            for code in bytes.chunks(font.code_bytes) {
                                let c = code.iter().fold(0u32, |acc, b| acc << 8 | *b as u32);
                                let w = font.widths.get(&c).copied().unwrap_or(font.default_width) / 1000.0;
                                advance += (w * size + char_spacing + if code == [32] { word_spacing } else { 0.0 }) * scale;
                            }
                            let text = match &font.encoding {
                                Some(e) => e.bytes_to_string(bytes).unwrap_or_default(),
                                None => bytes.iter().map(|b| *b as char).collect(),
                            };
                            tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                            let end = mul(&tm, &ctm)[4];
                            if !text.is_empty() {
                                runs.push(Run { x, end, y, size: font_size, text });
                            }
                        }
                        other => {
                            if let Some(adjust) = number(other) {
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, -adjust / 1000.0 * size * scale, 0.0], &tm);
                            }
                        }
                    }
                }
            }
            "Do" => {
                let Some(Object::Name(name)) = o.first() else { continue };
                let Some((_, object)) = resource(doc, resources, b"XObject", name).and_then(|x| doc.dereference(x).ok()) else { continue };
                let Ok(stream) = object.as_stream() else { continue };
                match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                    Ok(b"Image") => *images += 1,
                    Ok(b"Form") if depth < limits.max_nesting => {
                        let Ok(data) = stream.decompressed_content().or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone())) else {
                            continue;
                        };
                        if data.len() > limits.max_stream {
                            continue;
                        }
                        let matrix =
                            stream.dict.get(b"Matrix").and_then(Object::as_array).map(|a| a.iter().filter_map(number).collect::<Vec<_>>());
                        let form = match matrix {
                            Ok(n) if n.len() == 6 => mul(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm),
                            _ => ctm,
                        };
                        let own =
                            stream.dict.get(b"Resources").ok().and_then(|r| doc.dereference(r).ok()).and_then(|(_, r)| r.as_dict().ok());
                        let nested: Vec<&Dictionary> = own.into_iter().chain(resources.iter().copied()).collect();
                        walk(doc, &data, &nested, form, limits, depth + 1, runs, images);
                    }
                    _ => {}
                }
            }
            "BI" | "ID" => *images += 1,
            _ => {}
        }
    }
}

/// Runs grouped into lines: a run joins the line whose baseline is within a third of its size,
/// lines top to bottom, runs left to right, a space between runs that are apart.
fn lines(mut runs: Vec<Run>) -> Vec<Line> {
    runs.retain(|r| r.x.is_finite() && r.y.is_finite() && !r.text.trim().is_empty() || r.text == " ");
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Line> = Vec::new();
    for run in runs {
        match out.last_mut() {
            Some(line) if (line.y - run.y).abs() <= run.size.min(line.runs[0].size) * 0.35 => line.runs.push(run),
            _ => out.push(Line { y: run.y, runs: vec![run], text: String::new() }),
        }
    }
    for line in &mut out {
        line.runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut end: Option<f32> = None;
        for r in &line.runs {
            if let Some(e) = end {
                let gap = r.x - e;
                if gap > r.size * 0.18 && !text.ends_with(' ') && !r.text.starts_with(' ') {
                    text.push(' ');
                }
            }
            text.push_str(&r.text);
            end = Some(end.map_or(r.end, |e: f32| e.max(r.end)));
        }
        line.text = text.replace('ﬁ', "fi").replace('ﬂ', "fl").replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|l| !l.text.is_empty());
    out
}
