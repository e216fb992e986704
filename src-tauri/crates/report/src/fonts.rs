//! The fonts compiled into Vetted for PDFs: measuring text, picking a font that has each glyph, and
//! subsetting each font to the glyphs a document uses so a summary stays small.

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../data/fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../data/fonts/DejaVuSansCondensed-Bold.ttf");
static FALLBACK: &[u8] = include_bytes!("../data/fonts/DroidSansFallbackFull.ttf");

/// The weight a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// The font a glyph is drawn with: the asked-for weight of DejaVu, or the CJK fallback (which has
/// one weight) for characters DejaVu lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKey {
    Regular,
    Bold,
    Fallback,
}

impl FontKey {
    pub const ALL: [FontKey; 3] = [FontKey::Regular, FontKey::Bold, FontKey::Fallback];

    fn bytes(self) -> &'static [u8] {
        match self {
            FontKey::Regular => REGULAR,
            FontKey::Bold => BOLD,
            FontKey::Fallback => FALLBACK,
        }
    }

    /// The whole font, parsed once per process (the fallback only when a document needs it: it
    /// has 50,000 glyphs and takes ~40 ms to read).
    pub fn parsed(self) -> &'static ParsedFont {
        static CELLS: [OnceLock<ParsedFont>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CELLS[self as usize].get_or_init(|| ParsedFont::from_bytes(self.bytes(), 0, &mut Vec::new()).expect("the embedded fonts parse"))
    }
}

/// The font that draws `c` in `weight`: DejaVu if it has the glyph, else the fallback if it
/// does, else DejaVu (which shows its "missing glyph" box).
pub fn font_for(c: char, weight: Weight) -> FontKey {
    let primary = match weight {
        Weight::Regular => FontKey::Regular,
        Weight::Bold => FontKey::Bold,
    };
    if c.is_ascii() || has_glyph(primary, c) || !has_glyph(FontKey::Fallback, c) {
        primary
    } else {
        FontKey::Fallback
    }
}

fn has_glyph(key: FontKey, c: char) -> bool {
    matches!(key.parsed().lookup_glyph_index(c as u32), Some(g) if g != 0)
}

/// The advance of one character in points at `size`.
pub fn char_width(key: FontKey, c: char, size: f32) -> f32 {
    let font = key.parsed();
    let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
    let advance = font.get_glyph_width(gid).unwrap_or(0) as f32;
    advance * size / font.units_per_em as f32
}

/// The width of `text` in points, each character in the font that draws it.
pub fn text_width(text: &str, weight: Weight, size: f32) -> f32 {
    text.chars().map(|c| char_width(font_for(c, weight), c, size)).sum()
}

/// A copy of the font holding only the glyphs for `chars` (and `.notdef`), with a Unicode cmap,
/// so text maps to the same characters in the subset as in the whole font.
pub fn subset_font(key: FontKey, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
    let full = key.parsed();
    let mut glyphs: BTreeSet<u16> = chars.iter().filter_map(|c| full.lookup_glyph_index(*c as u32)).collect();
    glyphs.remove(&0);
    // allsorts needs .notdef first and no duplicates.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let data = ReadScope::new(key.bytes()).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())?;
    ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| "the subset font does not parse".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_extended_is_drawn_by_dejavu_and_cjk_by_the_fallback() {
        for c in "Łódź Ærø Straße".chars() {
            assert_eq!(font_for(c, Weight::Regular), FontKey::Regular, "{c}");
            assert_eq!(font_for(c, Weight::Bold), FontKey::Bold, "{c}");
        }
        for c in "株式会社".chars() {
            assert_eq!(font_for(c, Weight::Bold), FontKey::Fallback, "{c}");
        }
    }

    #[test]
    fn a_subset_keeps_the_characters_it_was_asked_for_and_is_small() {
        let chars: BTreeSet<char> = "Łódź Ærø".chars().collect();
        let sub = subset_font(FontKey::Regular, &chars).unwrap();
        for c in &chars {
            assert!(matches!(sub.lookup_glyph_index(*c as u32), Some(g) if g != 0), "{c}");
        }
        assert!(sub.lookup_glyph_index('Q' as u32).unwrap_or(0) == 0);
        assert!(sub.original_bytes.len() < REGULAR.len() / 10, "{} bytes", sub.original_bytes.len());
    }

    #[test]
    fn bold_is_wider_than_regular() {
        assert!(text_width("Vendor summary", Weight::Bold, 10.0) > text_width("Vendor summary", Weight::Regular, 10.0));
        assert_eq!(text_width("", Weight::Regular, 10.0), 0.0);
    }
}
