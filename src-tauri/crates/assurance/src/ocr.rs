//! Text recognised in page images (Tesseract's TSV output) turned into the text layer the facts
//! are read from: words grouped into Tesseract's lines, placed in PDF points as the text of a PDF
//! would be. Pure: the caller runs the recogniser and passes its output in.

use crate::text::{Line, Page, Run, TextLayer};

/// One page as recognised: its 1-based number, the resolution it was rendered at (dots per inch)
/// and Tesseract's TSV (`tesseract page.png stdout tsv`).
pub struct RecognisedPage<'a> {
    pub number: u32,
    pub dpi: f32,
    pub tsv: &'a str,
}

/// A recognised word: left and right edge, top, height (pixels), text.
type Word = (f32, f32, f32, f32, String);
/// Tesseract's place of a line: block, paragraph, line.
type LineKey = (u32, u32, u32);

/// Words recognised with less confidence than this are left out (noise: stamps, lines, logos).
const MIN_CONFIDENCE: f32 = 30.0;

/// The text layer of recognised pages.
pub fn layer(pages: &[RecognisedPage<'_>]) -> TextLayer {
    TextLayer { pages: pages.iter().map(page).collect(), encrypted: false }
}

fn page(p: &RecognisedPage<'_>) -> Page {
    let to_points = 72.0 / p.dpi.max(1.0);
    let mut height = 0.0f32;
    let mut lines: Vec<(LineKey, Vec<Word>)> = Vec::new();
    for row in p.tsv.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        if cells.len() < 12 {
            continue;
        }
        let num = |i: usize| cells[i].trim().parse::<f32>().unwrap_or(0.0);
        if cells[0] == "1" {
            height = num(9);
            continue;
        }
        let text = cells[11].trim();
        if cells[0] != "5" || text.is_empty() || num(10) < MIN_CONFIDENCE {
            continue;
        }
        let key = (num(2) as u32, num(3) as u32, num(4) as u32);
        let word = (num(6), num(6) + num(8), num(7), num(9), text.to_owned());
        match lines.last_mut() {
            Some((k, words)) if *k == key => words.push(word),
            _ => lines.push((key, vec![word])),
        }
    }
    let mut out: Vec<Line> = lines
        .into_iter()
        .map(|(_, words)| {
            // the line's baseline: the bottom of its tallest word, in points from the page's foot
            let bottom = words.iter().map(|w| w.2 + w.3).fold(0.0f32, f32::max);
            let size = words.iter().map(|w| w.3).fold(0.0f32, f32::max) * to_points;
            let y = (height - bottom).max(0.0) * to_points;
            let runs: Vec<Run> = words
                .iter()
                .map(|(left, right, _, _, text)| Run { x: left * to_points, end: right * to_points, y, size, text: text.clone() })
                .collect();
            let text = runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
            Line { y, runs, text }
        })
        .collect();
    // top to bottom, as a PDF's lines are read
    out.sort_by(|a, b| b.y.total_cmp(&a.y));
    Page { number: p.number, lines: out, images: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_words_become_lines_in_points() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n\
                   5\t1\t2\t1\t1\t1\t163\t427\t896\t98\t95.2\tCERTIFICATE\n\
                   5\t1\t2\t1\t1\t2\t1117\t427\t177\t98\t95.2\tOF\n\
                   5\t1\t3\t1\t1\t1\t161\t900\t300\t40\t12.0\t~~\n\
                   5\t1\t3\t1\t1\t2\t500\t900\t300\t40\t91.0\tExpiration:\n";
        let l = layer(&[RecognisedPage { number: 1, dpi: 300.0, tsv }]);
        let texts: Vec<&str> = l.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["CERTIFICATE OF", "Expiration:"]);
        let first = &l.pages[0].lines[0];
        assert!((first.runs[0].x - 163.0 * 0.24).abs() < 0.01);
        assert!((first.y - (3300.0 - 525.0) * 0.24).abs() < 0.01);
    }
}
