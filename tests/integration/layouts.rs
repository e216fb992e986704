//! Generated questionnaire layouts: the test writes questionnaires with random column order, the
//! header row anywhere in the first 30 rows, one column without a header, section rows between the
//! questions and answers in English, German, French or Spanish, as CSV (`,` `;` tab) and XLSX, and
//! checks each imports with exactly the questions and answers it wrote; one in six is blank (every
//! answer unknown), as a questionnaire is before the vendor fills it in.

use vetted_core::import::{self, profile, ImportOptions};

/// A small deterministic generator (xorshift64*): a failing seed reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One language's header words and answer words (yes, no, partial, not applicable).
struct Vocabulary {
    headers: [&'static str; 4],
    answers: [&'static [&'static str]; 4],
    section: &'static [&'static str],
    words: &'static [&'static str],
}

const LANGUAGES: [Vocabulary; 4] = [
    Vocabulary {
        headers: ["ID", "Question", "Answer", "Comments"],
        answers: [&["Yes", "yes", "Y"], &["No", "N"], &["Partial", "Partially"], &["N/A", "Not applicable"]],
        section: &["Access control", "Section 3: Encryption", "Business continuity"],
        words: &["Do", "you", "encrypt", "customer", "data", "review", "access", "yearly", "train", "staff", "backups", "incidents"],
    },
    Vocabulary {
        headers: ["Nr.", "Frage", "Antwort", "Bemerkung"],
        answers: [&["Ja", "ja"], &["Nein"], &["Teilweise"], &["Nicht zutreffend", "entbehrlich"]],
        section: &["Zugriffskontrolle", "Abschnitt 3: Verschlüsselung", "Notfallmanagement"],
        words: &["Werden", "Kundendaten", "verschlüsselt", "jährlich", "Zugriffe", "überprüft", "Beschäftigte", "geschult", "Sicherungen"],
    },
    Vocabulary {
        headers: ["Réf.", "Question", "Réponse", "Commentaire"],
        answers: [&["Oui"], &["Non"], &["Partiellement"], &["Sans objet"]],
        section: &["Contrôle d'accès", "Chiffrement"],
        words: &["Les", "données", "clients", "sont-elles", "chiffrées", "les", "accès", "revus", "chaque", "année"],
    },
    Vocabulary {
        headers: ["ID", "Pregunta", "Respuesta", "Comentario"],
        answers: [&["Sí"], &["No"], &["Parcialmente"], &["No aplica"]],
        section: &["Control de acceso", "Cifrado"],
        words: &["Se", "cifran", "los", "datos", "de", "clientes", "revisan", "accesos", "cada", "año"],
    },
];

/// What a generated questionnaire holds, to compare the import with.
struct Generated {
    rows: Vec<Vec<String>>,
    questions: u32,
    /// yes, no, partial, not applicable, unknown (blank)
    counts: [u32; 5],
    description: String,
}

fn generate(rng: &mut Rng) -> Generated {
    let lang = rng.below(LANGUAGES.len());
    let v = &LANGUAGES[lang];
    // role order: 0 id, 1 question, 2 answer, 3 comment
    let mut order = [0usize, 1, 2, 3];
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let headerless = [0usize, 1, 3][rng.below(3)]; // the id, the question or the comment column has no header
    let header_row = rng.below(30);
    let width = 4;
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Above the header: a title, contact lines and blanks.
    for i in 0..header_row {
        let mut row = vec![String::new(); width];
        match i % 4 {
            0 => row[0] = "Vendor security questionnaire / Sicherheitsfragebogen".into(),
            1 => row[0] = format!("Contact {i}: security@example.com"),
            2 => {}
            _ => row[1] = format!("Please fill in every row ({i})"),
        }
        rows.push(row);
    }
    let mut header = vec![String::new(); width];
    for (col, role) in order.iter().enumerate() {
        if *role != headerless {
            header[col] = v.headers[*role].to_owned();
        }
    }
    rows.push(header);
    let n = 8 + rng.below(15);
    let mut counts = [0u32; 5];
    let prefix = ["AC", "EN", "BC", "HR"][rng.below(4)];
    // One in six is blank, as sent out: every answer unknown.
    let blank = rng.below(6) == 0;
    for q in 0..n {
        if q > 0 && rng.below(5) == 0 {
            // a section row: its title in the first column, the rest blank
            let mut row = vec![String::new(); width];
            row[0] = rng.pick(v.section).to_string();
            rows.push(row);
        }
        let words = 6 + rng.below(8);
        let mut text: Vec<&str> = (0..words).map(|_| *rng.pick(v.words)).collect();
        text[0] = v.words[0];
        let question = format!("{} {q}?", text.join(" "));
        let kind = if blank { 4 } else { rng.below(5) };
        let answer = if kind == 4 { String::new() } else { rng.pick(v.answers[kind]).to_string() };
        counts[kind] += 1;
        let cells =
            [format!("{prefix}-{:02}", q + 1), question, answer, if rng.below(2) == 0 { format!("note {q}") } else { String::new() }];
        let mut row = vec![String::new(); width];
        for (col, role) in order.iter().enumerate() {
            row[col] = cells[*role].clone();
        }
        rows.push(row);
    }
    let roles = ["id", "question", "answer", "comment"];
    let description = format!(
        "language {lang}, columns {:?}, no header over {}, header on row {}{}",
        order.iter().map(|r| roles[*r]).collect::<Vec<_>>(),
        roles[headerless],
        header_row + 1,
        if blank { ", blank" } else { "" }
    );
    Generated { rows, questions: n as u32, counts, description }
}

fn csv(rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn generated_layouts_import_with_exact_counts_in_every_format() {
    let profiles = profile::shipped();
    let opts = ImportOptions::default();
    let mut failures = Vec::new();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for case in 0..100 {
        let g = generate(&mut rng);
        let files: [(&str, Vec<u8>); 4] =
            [("csv", csv(&g.rows, b',')), ("csv", csv(&g.rows, b';')), ("csv", csv(&g.rows, b'\t')), ("xlsx", xlsx(&g.rows))];
        for (i, (ext, bytes)) in files.iter().enumerate() {
            let name = format!("generated-{case}-{i}.{ext}");
            match import::preview_bytes(bytes, &name, ext, &opts, profiles, &mut |_, _| true) {
                Ok(p) => {
                    let a = &p.answers;
                    let got = (p.questions, [a.yes, a.no, a.partial, a.na, a.unknown]);
                    if got != (g.questions, g.counts) {
                        failures.push(format!("{name} ({}): read {got:?}, wrote {:?}", g.description, (g.questions, g.counts)));
                    }
                }
                Err(e) => failures.push(format!("{name} ({}): refused: {e}", g.description)),
            }
        }
    }
    assert!(failures.is_empty(), "{} of 400 generated files read wrong:\n{}", failures.len(), failures.join("\n"));
}
