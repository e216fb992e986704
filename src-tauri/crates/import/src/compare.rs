//! Comparing two versions of a vendor's questionnaire: which answers changed, which questions
//! are new and which are gone. Questions are matched by id (spaces ignored), else by their text. Pure.

use super::{Answer, ImportedAnswer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// How one question differs between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The normalised answer changed (yes → partial, ...).
    Changed,
    /// Only the wording of the answer or comment changed.
    Reworded,
    Added,
    Removed,
}

/// One question that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnswerChange {
    pub kind: ChangeKind,
    pub question_id: Option<String>,
    pub question: String,
    pub before: Option<Answer>,
    pub after: Option<Answer>,
    pub before_text: Option<String>,
    pub after_text: Option<String>,
}

fn key(a: &ImportedAnswer) -> String {
    super::extract::question_key(a.question_id.as_deref(), &a.question)
}

/// What changed from `old` to `new`, in the order of `new` (removed questions last).
pub fn compare(old: &[ImportedAnswer], new: &[ImportedAnswer]) -> Vec<AnswerChange> {
    let before: HashMap<String, &ImportedAnswer> = old.iter().map(|a| (key(a), a)).collect();
    let after_keys: std::collections::HashSet<String> = new.iter().map(key).collect();
    let text = |a: &ImportedAnswer| {
        if a.comment.is_empty() {
            a.original.clone()
        } else {
            format!("{} — {}", a.original, a.comment)
        }
    };
    let mut out = Vec::new();
    for a in new {
        let change = |kind, b: Option<&ImportedAnswer>| AnswerChange {
            kind,
            question_id: a.question_id.clone(),
            question: a.question.clone(),
            before: b.map(|b| b.answer),
            after: Some(a.answer),
            before_text: b.map(text),
            after_text: Some(text(a)),
        };
        match before.get(&key(a)) {
            None => out.push(change(ChangeKind::Added, None)),
            Some(b) if b.answer != a.answer => out.push(change(ChangeKind::Changed, Some(b))),
            Some(b) if text(b).trim() != text(a).trim() => out.push(change(ChangeKind::Reworded, Some(b))),
            Some(_) => {}
        }
    }
    for b in old.iter().filter(|b| !after_keys.contains(&key(b))) {
        out.push(AnswerChange {
            kind: ChangeKind::Removed,
            question_id: b.question_id.clone(),
            question: b.question.clone(),
            before: Some(b.answer),
            after: None,
            before_text: Some(text(b)),
            after_text: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: &str, answer: Answer, original: &str, comment: &str) -> ImportedAnswer {
        ImportedAnswer {
            cell: String::new(),
            sheet: String::new(),
            row: 0,
            question_id: Some(id.into()),
            question: format!("question {id}"),
            answer,
            original: original.into(),
            comment: comment.into(),
            control: None,
            domain: None,
        }
    }

    #[test]
    fn changed_reworded_added_and_removed_answers() {
        use Answer::*;
        let last_year = [
            a("IAM-01.1", Yes, "Yes", ""),
            a("IAM-02.1", Yes, "Yes", "MFA for admins"),
            a("AIS- 02.2", No, "No", ""),
            a("OLD-1", Yes, "Yes", ""),
        ];
        let this_year = [
            a("IAM-01.1", Yes, "Yes", ""),
            a("IAM-02.1", Yes, "Yes", "MFA for everyone"),
            a("AIS-02.2", Partial, "Partially", ""),
            a("NEW-1", No, "No", ""),
        ];
        type Row = (ChangeKind, Option<String>, Option<Answer>, Option<Answer>);
        let got: Vec<Row> = compare(&last_year, &this_year).into_iter().map(|c| (c.kind, c.question_id, c.before, c.after)).collect();
        assert_eq!(
            got,
            [
                (ChangeKind::Reworded, Some("IAM-02.1".into()), Some(Yes), Some(Yes)),
                (ChangeKind::Changed, Some("AIS-02.2".into()), Some(No), Some(Partial)),
                (ChangeKind::Added, Some("NEW-1".into()), None, Some(No)),
                (ChangeKind::Removed, Some("OLD-1".into()), Some(Yes), None),
            ]
        );
        assert!(compare(&this_year, &this_year).is_empty());
    }
}
