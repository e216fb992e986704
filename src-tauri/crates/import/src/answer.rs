//! Answers normalised to yes / no / partial / not applicable / unknown, from English and German
//! words, "x" marks, and free text that starts with a verdict ("Yes - we encrypt ..."). Pure.

pub use vetted_domain::questionnaire::Answer;

/// Words (lower case, inner spaces single) that are a whole answer or open one.
const VOCABULARY: &[(&str, Answer)] = &[
    ("yes", Answer::Yes),
    ("y", Answer::Yes),
    ("true", Answer::Yes),
    ("ja", Answer::Yes),
    ("j", Answer::Yes),
    ("oui", Answer::Yes),
    ("sí", Answer::Yes),
    ("si", Answer::Yes),
    ("no", Answer::No),
    ("n", Answer::No),
    ("false", Answer::No),
    ("nein", Answer::No),
    ("non", Answer::No),
    ("partial", Answer::Partial),
    ("partially", Answer::Partial),
    ("partly", Answer::Partial),
    ("in part", Answer::Partial),
    ("teilweise", Answer::Partial),
    ("teils", Answer::Partial),
    ("partiellement", Answer::Partial),
    ("partiel", Answer::Partial),
    ("en partie", Answer::Partial),
    ("parcialmente", Answer::Partial),
    ("parcial", Answer::Partial),
    ("na", Answer::Na),
    ("n/a", Answer::Na),
    ("n.a.", Answer::Na),
    ("n. a.", Answer::Na),
    ("not applicable", Answer::Na),
    ("nicht zutreffend", Answer::Na),
    ("nicht anwendbar", Answer::Na),
    ("entfällt", Answer::Na),
    // The BSI IT-Grundschutz check's word for a requirement that need not be met.
    ("entbehrlich", Answer::Na),
    ("nicht relevant", Answer::Na),
    ("sans objet", Answer::Na),
    ("non applicable", Answer::Na),
    ("no aplica", Answer::Na),
    ("no aplicable", Answer::Na),
    ("k. a.", Answer::Unknown),
    ("k.a.", Answer::Unknown),
    ("keine angabe", Answer::Unknown),
    ("skipped", Answer::Unknown),
    ("unknown", Answer::Unknown),
    ("?", Answer::Unknown),
    ("-", Answer::Unknown),
    ("tbd", Answer::Unknown),
];

/// Collapses whitespace and lower-cases.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The vocabulary's answer for a whole cell, as written or without trailing punctuation.
fn lookup(word: &str) -> Option<Answer> {
    let find = |w: &str| VOCABULARY.iter().find(|(v, _)| *v == w).map(|(_, a)| *a);
    find(word).or_else(|| find(word.trim_end_matches(['.', '!', ':', ';', ',']).trim()))
}

/// The answer a cell's text gives: a whole-cell word from the vocabulary, else the verdict the
/// text opens with ("Yes - ...", "Partially, ...", "Nein: ..."); else `Unknown`. The second value
/// says whether the text gave a verdict at all (false for blank and for free text without one).
pub fn normalise(text: &str) -> (Answer, bool) {
    // Fast path, no allocation: most cells are one word of the vocabulary.
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return (Answer::Unknown, false);
    }
    if trimmed.len() <= 16 && !trimmed.contains("  ") {
        if let Some((w, a)) = VOCABULARY.iter().find(|(w, _)| w.eq_ignore_ascii_case(trimmed)) {
            return (*a, *a != Answer::Unknown || *w != "?");
        }
    }
    let c = clean(text);
    // A numbered choice from a form's list ("1) Yes", "2. No"): the choice is its text.
    let c = match c.split_once([')', '.']) {
        Some((n, rest)) if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ') => {
            rest.trim().to_owned()
        }
        _ => c,
    };
    if c.is_empty() {
        return (Answer::Unknown, false);
    }
    if let Some(a) = lookup(&c) {
        return (a, a != Answer::Unknown || c != "?");
    }
    // A verdict opening free text: the longest vocabulary phrase followed by a separator.
    let mut best: Option<(usize, Answer)> = None;
    for (word, answer) in VOCABULARY {
        if word.len() < 2 && !matches!(*word, "y" | "n") {
            continue;
        }
        if let Some(rest) = c.strip_prefix(word) {
            let separated = rest.starts_with([' ', '-', '–', '—', ',', '.', ':', ';', '(', '/']);
            // "no" opening "now" or "not" is not a verdict; "n" only as "n -" or "n,".
            let single_letter_ok = word.len() > 1 || rest.trim_start().starts_with(['-', '–', ',', ':', ';']);
            if separated && single_letter_ok && best.is_none_or(|(len, _)| word.len() > len) {
                best = Some((word.len(), *answer));
            }
        }
    }
    match best {
        Some((_, a)) => (a, a != Answer::Unknown),
        None => (Answer::Unknown, false),
    }
}

/// Whether a cell marks a choice in an "x in one of these columns" layout.
pub fn is_mark(text: &str) -> bool {
    matches!(clean(text).trim_end_matches('.'), "x" | "✓" | "✔" | "☒" | "yes" | "y" | "1" | "true" | "ja")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::*;

    #[test]
    fn vocabularies_and_verdicts() {
        let table = [
            ("Yes", Yes, true),
            (" YES ", Yes, true),
            ("Y", Yes, true),
            ("No", No, true),
            ("N", No, true),
            ("NA", Na, true),
            ("N/A", Na, true),
            ("Not Applicable", Na, true),
            ("Partially", Partial, true),
            ("Ja", Yes, true),
            ("Nein", No, true),
            ("Teilweise", Partial, true),
            ("Nicht zutreffend", Na, true),
            ("k. A.", Unknown, true),
            ("Skipped", Unknown, true),
            ("?", Unknown, false),
            ("", Unknown, false),
            ("Yes - we encrypt data at rest with AES-256.", Yes, true),
            ("Yes, see our SOC 2 report", Yes, true),
            ("Partially - MFA for admins only", Partial, true),
            ("No. We do not.", No, true),
            ("Not applicable: no card data", Na, true),
            ("Nein, derzeit nicht", No, true),
            ("Teilweise (nur Produktion)", Partial, true),
            ("Nowhere near", Unknown, false),
            ("Instructure", Unknown, false),
            ("Not yet", Unknown, false),
            ("N - planned for Q3", No, true),
            ("4) AWS", Unknown, false),
            ("1) Yes", Yes, true),
            ("2. No - not yet", No, true),
            ("Entbehrlich", Na, true),
            ("entbehrlich, da keine Cloud-Dienste", Na, true),
            ("Sí", Yes, true),
            ("Parcialmente", Partial, true),
            ("No aplica", Na, true),
            ("Oui", Yes, true),
            ("Partiellement", Partial, true),
            ("Sans objet", Na, true),
            ("Si, con cifrado AES-256", Yes, true),
        ];
        for (text, want, verdict) in table {
            assert_eq!(normalise(text), (want, verdict), "{text:?}");
        }
    }

    #[test]
    fn wire_names_are_the_serde_names() {
        for a in [Yes, No, Partial, Na, Unknown] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.wire());
        }
    }

    #[test]
    fn marks() {
        for m in ["x", "X", " x ", "✓", "1"] {
            assert!(is_mark(m), "{m:?}");
        }
        for m in ["", "no", "0", "n/a"] {
            assert!(!is_mark(m), "{m:?}");
        }
    }
}
