//! A minimum security baseline as data: its controls, how each can be satisfied (questionnaire
//! answers, certifications), and the evidence strength each tier needs; parsed with errors that
//! name the line and the field.

use crate::certification::{CertKind, TrustCriterion};
use crate::Tier;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A text in each language Vetted speaks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub de: String,
}

/// How strong a piece of evidence is, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// A bare answer in the vendor's questionnaire.
    SelfDeclared,
    /// The vendor's answer with its implementation description.
    Documented,
    /// Independent but limited: a SOC 2 Type I, a report current only through a bridge letter,
    /// a scope that does not clearly cover the service, a qualified opinion or auditor exceptions
    /// on the criteria.
    Limited,
    /// A current, unqualified independent attestation or certification covering the service.
    Independent,
}

/// The weakest evidence a control may rest on, per criticality tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierStrengths {
    pub tier_1: Strength,
    pub tier_2: Strength,
    pub tier_3: Strength,
}

impl TierStrengths {
    /// What a vendor of `tier` needs; a vendor whose tier is not known yet is held to tier 1.
    pub fn for_tier(&self, tier: Option<Tier>) -> Strength {
        match tier.map(Tier::get) {
            Some(3) => self.tier_3,
            Some(2) => self.tier_2,
            _ => self.tier_1,
        }
    }
}

/// Questions of one questionnaire template that answer a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionRule {
    /// The mapping profile's id, e.g. `caiq-v4`.
    pub template: String,
    /// Question ids as the template prints them, e.g. `IAM-14.1`.
    pub ids: Vec<String>,
}

/// What a certification must show to support a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertRule {
    /// Kinds of record that can support the control.
    pub kinds: Vec<CertKind>,
    /// Trust Services Criteria that must be in the report's scope (SOC 2).
    #[serde(default)]
    pub tsc: Vec<TrustCriterion>,
    /// The criteria or Annex A controls that cover the control (`CC6.1`, `8.7`): an auditor's
    /// exception naming one of them weakens the evidence.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The record proves the control only in part (e.g. a frequency the report need not show).
    #[serde(default)]
    pub partial: bool,
    /// Why, for people (English).
    #[serde(default)]
    pub note: String,
    /// Why, in German; empty: the English note is shown.
    #[serde(default)]
    pub note_de: String,
}

/// One control of a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Stable within the baseline, e.g. `BL-07`.
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    /// E.g. "Access control".
    pub domain: String,
    /// A mandatory control not met, or unknown, fails the vendor.
    pub mandatory: bool,
    /// The control's share of the coverage percentage, 1-100.
    #[schemars(range(min = 1, max = 100))]
    pub weight: u32,
    /// The weakest evidence each tier accepts before the verdict becomes conditional.
    pub evidence_needed: TierStrengths,
    /// Questions that answer the control, per template.
    #[serde(default)]
    pub questions: Vec<QuestionRule>,
    /// For questionnaires of other templates (home-made sheets): a question answers the control
    /// when its text contains one word of every list, case-insensitive, at the start of a word;
    /// a word written with a leading `*` is found inside a word too, as the last part of a German
    /// compound (`*richtlinie` finds "Sicherheitsrichtlinien", `*lösch` finds "gelöscht").
    #[serde(default)]
    pub keywords: Vec<Vec<String>>,
    #[serde(default)]
    pub certifications: Vec<CertRule>,
    /// The questions Vetted's own questionnaire asks for this control, in German and English.
    /// Their answers map to the control by id: no keywords, no guessing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ask: Vec<AskedQuestion>,
}

/// One question of Vetted's own questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AskedQuestion {
    /// Stable across versions of the baseline, unique in it, with a digit and no spaces
    /// (`BL-07.2`): what a filled-in questionnaire is matched by.
    pub id: String,
    pub text: Localized,
}

/// The template id of the questionnaires Vetted writes from a baseline.
pub const OWN_TEMPLATE: &str = "vetted";

/// Whether `id` can name an asked question: a digit, no spaces, letters, digits, `.`, `-`, `_`.
pub fn is_asked_id(id: &str) -> bool {
    id.chars().any(|c| c.is_ascii_digit())
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// A minimum security baseline: the controls every vendor is held to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Stable, lower-case letters, digits and dashes, e.g. `minimum-sub-processors`.
    pub id: String,
    /// Raised at every change; an assessment names the version it used.
    #[schemars(range(min = 1))]
    pub version: u32,
    pub name: Localized,
    pub description: Localized,
    pub controls: Vec<Control>,
}

const DEFAULT_BASELINE: &str = include_str!("../data/baselines/minimum-sub-processors.json");

/// A baseline file refused: where, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    /// 1-based line in the file, when it can be told.
    pub line: Option<usize>,
    /// The field's path, e.g. `controls[3].weight`.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}, {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl From<BaselineError> for crate::Error {
    fn from(e: BaselineError) -> Self {
        crate::Error::field("baseline", "invalid_baseline", format!("the baseline file is not valid: {e}"))
    }
}

impl Baseline {
    /// The id of the baseline shipped with Vetted.
    pub const SHIPPED_ID: &'static str = "minimum-sub-processors";

    /// "Minimum security baseline for sub-processors", built from the seeds (parsed once).
    pub fn default_baseline() -> Baseline {
        static SHIPPED: std::sync::OnceLock<Baseline> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| Baseline::parse(DEFAULT_BASELINE).expect("the shipped baseline is valid")).clone()
    }

    /// Reads and parses a baseline file (one a user edited, or chose to import).
    pub fn read_file(path: &std::path::Path) -> crate::Result<Baseline> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::Error::Io(format!("cannot read the baseline {}: {e}", path.display())))?;
        Ok(Baseline::parse(&text)?)
    }

    /// Reads a baseline from JSON and checks what the schema cannot say: unique ids, a way to
    /// satisfy every control, weights in range.
    pub fn parse(json: &str) -> Result<Baseline, BaselineError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let baseline: Baseline = serde_path_to_error::deserialize(de).map_err(|e| {
            let field = match e.path().to_string() {
                p if p == "." || p == "?" => "(document)".to_owned(),
                p => p,
            };
            let inner = e.into_inner();
            let message = strip_position(&inner.to_string());
            BaselineError { line: (inner.line() > 0).then_some(inner.line()), field, message }
        })?;
        baseline.check(json)?;
        Ok(baseline)
    }

    fn check(&self, json: &str) -> Result<(), BaselineError> {
        let fail = |field: String, near: &str, message: String| {
            // the line of the field's key after the control's id, else of the id itself
            let key = field.rsplit('.').next().map(|k| format!("\"{}\"", k.split('[').next().unwrap_or(k)));
            let line = key.and_then(|k| line_after(json, near, &k)).or_else(|| line_of(json, near));
            BaselineError { line, field, message }
        };
        let id_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok(&self.id) {
            return Err(fail("id".into(), &format!("\"{}\"", self.id), "use lower-case letters, digits and dashes".into()));
        }
        if self.version == 0 {
            return Err(fail("version".into(), "\"version\"", "versions start at 1".into()));
        }
        if self.controls.is_empty() {
            return Err(fail("controls".into(), "\"controls\"", "a baseline needs at least one control".into()));
        }
        for (i, c) in self.controls.iter().enumerate() {
            let near = format!("\"{}\"", c.id);
            let field = |name: &str| format!("controls[{i}].{name}");
            if c.id.trim().is_empty() {
                return Err(fail(field("id"), "\"id\": \"\"", "a control needs an id".into()));
            }
            if self.controls[..i].iter().any(|o| o.id.eq_ignore_ascii_case(&c.id)) {
                let second = json.match_indices(&near).nth(1).map(|(at, _)| json[..at].matches('\n').count() + 1);
                return Err(BaselineError { line: second, field: field("id"), message: format!("'{}' names two controls", c.id) });
            }
            if c.title.en.trim().is_empty() {
                return Err(fail(field("title.en"), &near, format!("control '{}' needs an English title", c.id)));
            }
            if !(1..=100).contains(&c.weight) {
                return Err(fail(field("weight"), &near, format!("control '{}': weight {} is not between 1 and 100", c.id, c.weight)));
            }
            if c.questions.is_empty() && c.keywords.is_empty() && c.certifications.is_empty() && c.ask.is_empty() {
                return Err(fail(
                    field("questions"),
                    &near,
                    format!("control '{}' names no question, keyword or certification that could satisfy it", c.id),
                ));
            }
            for (j, q) in c.questions.iter().enumerate() {
                if q.template.trim().is_empty() || q.ids.iter().any(|id| id.trim().is_empty()) {
                    return Err(fail(format!("controls[{i}].questions[{j}]"), &near, "a template and non-empty question ids".into()));
                }
            }
            if c.keywords.iter().any(|group| group.iter().all(|w| w.trim().is_empty())) {
                return Err(fail(field("keywords"), &near, "each keyword list needs a word".into()));
            }
            if c.keywords.iter().flatten().any(|w| w.trim().starts_with('*') && w.trim().trim_start_matches('*').trim().is_empty()) {
                return Err(fail(field("keywords"), &near, "a keyword needs letters after its `*`".into()));
            }
            if c.certifications.iter().any(|r| r.kinds.is_empty()) {
                return Err(fail(field("certifications"), &near, "each certification rule names at least one kind".into()));
            }
            for (j, q) in c.ask.iter().enumerate() {
                let near = format!("\"{}\"", q.id);
                let ask = |what: &str, nth: usize, message: String| BaselineError {
                    line: json.match_indices(&near).nth(nth).map(|(at, _)| json[..at].matches('\n').count() + 1),
                    field: format!("controls[{i}].ask[{j}].{what}"),
                    message,
                };
                if !is_asked_id(&q.id) {
                    return Err(ask(
                        "id",
                        0,
                        format!("'{}': a question id needs a digit and only letters, digits, '.', '-' and '_'", q.id),
                    ));
                }
                if q.text.en.trim().is_empty() || q.text.de.trim().is_empty() {
                    return Err(ask("text", 0, format!("question '{}' needs an English and a German text", q.id)));
                }
                let earlier = self.controls[..=i].iter().flat_map(|o| &o.ask).take_while(|o| !std::ptr::eq(*o, q));
                if earlier.into_iter().any(|o| o.id.eq_ignore_ascii_case(&q.id)) {
                    return Err(ask("id", 1, format!("'{}' names two questions", q.id)));
                }
            }
        }
        Ok(())
    }

    /// The baseline as its users edit it: pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("baselines serialise") + "\n"
    }
}

/// serde_json appends " at line L column C"; the line is reported on its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The 1-based line of the first `key` after the first `anchor`.
fn line_after(json: &str, anchor: &str, key: &str) -> Option<usize> {
    let start = json.find(anchor)?;
    let at = start + json[start..].find(key)?;
    Some(json[..at].matches('\n').count() + 1)
}

/// The 1-based line where `needle` first appears.
fn line_of(json: &str, needle: &str) -> Option<usize> {
    json.find(needle).map(|at| json[..at].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_baseline_parses_and_covers_the_seed_controls() {
        let b = Baseline::default_baseline();
        assert_eq!(b.id, Baseline::SHIPPED_ID);
        assert!(b.controls.len() >= 10, "the seeds list ten areas");
        assert!(b.controls.iter().all(|c| !c.title.de.is_empty() && !c.description.de.is_empty()));
        // Vetted's own questionnaire asks at least one question for every control, in both languages
        assert!(b.controls.iter().all(|c| !c.ask.is_empty()), "every control is asked about");
        let round_trip = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(round_trip, b);
    }

    #[test]
    fn a_malformed_baseline_names_the_line_and_field() {
        let good = Baseline::default_baseline().to_json();
        let cases: Vec<(String, Option<usize>, &str, &str)> = vec![
            (good.replacen("\"weight\": 3", "\"weight\": \"heavy\"", 1), None, "controls[0].weight", "invalid type"),
            (
                good.replacen("\"mandatory\": true", "\"mandatory\": true, \"mandatroy\": 1", 1),
                None,
                "controls[0].mandatroy",
                "unknown field",
            ),
            (good.replacen("\"weight\": 3", "\"weight\": 0", 1), None, "controls[0].weight", "not between 1 and 100"),
            (good.replacen("\"BL-02\"", "\"BL-01\"", 1), None, "controls[1].id", "names two controls"),
            (
                good.replacen("\"tier_2\": \"documented\"", "\"tier_2\": \"strong\"", 1),
                None,
                "controls[0].evidence_needed.tier_2",
                "unknown variant",
            ),
            ("{\"id\": \"x\",".into(), Some(1), "(document)", "EOF"),
            (good.replacen("\"BL-02.1\"", "\"BL-01.1\"", 1), None, "controls[1].ask[0].id", "names two questions"),
            (good.replacen("\"BL-03.1\"", "\"BL 03 one\"", 1), None, "controls[2].ask[0].id", "needs a digit"),
            (good.replacen("\"BL-03.1\"", "\"Frage-ID\"", 1), None, "controls[2].ask[0].id", "needs a digit"),
        ];
        for (json, line, field, words) in cases {
            let e = Baseline::parse(&json).unwrap_err();
            assert_eq!(e.field, field, "{e}");
            assert!(e.message.contains(words), "{e}");
            let want_line = line.or_else(|| {
                // the line of the first difference from the good file
                json.lines().zip(good.lines()).position(|(a, b)| a != b).map(|i| i + 1)
            });
            assert_eq!(e.line, want_line, "{e}");
        }
    }
}
