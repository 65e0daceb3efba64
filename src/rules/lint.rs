//! Lint warnings: rule files that load but are probably not what the author
//! meant. Codes are stable; `rules check --deny-warnings` fails on any.
//!
//! | code | warns about |
//! |------|-------------|
//! | W001 | a term shared by two entries with no `also` link between them |
//! | W002 | a term shorter than 4 characters that is not weak nor a CAS number |
//! | W003 | a CAS number whose check digit is wrong |
//! | W004 | an entry without a `flagged` or without a `not-flagged` example |
//! | W005 | a CJK term under 3 characters that is not a weak term |
//! | W006 | a cross-reference into a list that is not loaded (not checked) |
//! | W007 | the same term twice in one entry |

use super::{Diagnostic, Entry, EntryRef, Expect, RuleSet, Term};
use crate::normalize::is_cjk;
use std::collections::HashMap;

pub(crate) fn lint(rs: &RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let warn = |code, msg: String, t: &Term| {
        let f = &rs.files[t.origin.file];
        Diagnostic::warning(code, msg).at(
            &f.name,
            &f.text,
            t.origin.span.clone(),
        )
    };
    let mut by_term: HashMap<&str, Vec<(usize, &Term)>> = HashMap::new();
    for (ei, e) in rs.entries.iter().enumerate() {
        let mut seen: HashMap<&str, &Term> = HashMap::new();
        for (t, weak) in e
            .terms
            .iter()
            .map(|t| (t, false))
            .chain(e.weak_terms.iter().map(|t| (t, true)))
        {
            if let Some(first) = seen.insert(&t.normalized, t) {
                let f = &rs.files[first.origin.file];
                out.push(
                    warn(
                        "W007",
                        format!(
                            "term {:?} appears twice in entry {}",
                            t.text, e.id
                        ),
                        t,
                    )
                    .label(
                        &f.name,
                        &f.text,
                        first.origin.span.clone(),
                        "first here",
                    )
                    .help("remove one of them"),
                );
                continue;
            }
            by_term.entry(&t.normalized).or_default().push((ei, t));
            let cas = is_cas(&t.text);
            if cas && !cas_check_digit_ok(&t.text) {
                out.push(
                    warn("W003", format!("CAS number {} has a wrong check digit", t.text), t)
                        .help("check the number against the CAS registry; a typo here never matches the real number"),
                );
            }
            if weak {
                continue;
            }
            let chars = t.normalized.chars().filter(|c| *c != ' ').count();
            let cjk = t.normalized.chars().any(is_cjk);
            if cjk && chars < 3 {
                out.push(
                    warn("W005", format!("CJK term {:?} is shorter than 3 characters", t.text), t)
                        .help("CJK text has no word boundaries: make it a weak term gated by `near`, or write a longer compound"),
                );
            } else if !cjk && chars < 4 && !cas {
                out.push(
                    warn("W002", format!("term {:?} is shorter than 4 characters", t.text), t)
                        .help("short terms match inside everyday text: move it to `weak_terms` so that a `near` term must be present"),
                );
            }
        }
        examples_lint(rs, e, &mut out);
    }
    let mut shared: Vec<_> =
        by_term.into_iter().filter(|(_, v)| v.len() > 1).collect();
    shared.sort_by_key(|(k, _)| *k);
    for (_, v) in shared {
        for (i, (a, ta)) in v.iter().enumerate() {
            for (b, tb) in &v[i + 1..] {
                if a == b || linked(rs, &rs.entries[*a], &rs.entries[*b]) {
                    continue;
                }
                let (ra, rb) =
                    (refer(rs, &rs.entries[*a]), refer(rs, &rs.entries[*b]));
                let fa = &rs.files[ta.origin.file];
                out.push(
                    warn("W001", format!("term {:?} is shared by {ra} and {rb} with no `also` link between them", tb.text), tb)
                        .label(&fa.name, &fa.text, ta.origin.span.clone(), format!("also a term of {ra}"))
                        .help(format!("if both entries control the item, add also = [\"{ra}\"] to {rb}; otherwise make the term more specific")),
                );
            }
        }
    }
    out
}

fn examples_lint(rs: &RuleSet, e: &Entry, out: &mut Vec<Diagnostic>) {
    for (kind, name) in
        [(Expect::Flagged, "flagged"), (Expect::NotFlagged, "not-flagged")]
    {
        if !e.examples.iter().any(|x| x.expect == kind) {
            let f = &rs.files[e.origin.file];
            out.push(
                Diagnostic::warning("W004", format!("entry {} has no `{name}` example", e.id))
                    .at(&f.name, &f.text, e.origin.span.clone())
                    .help(format!("add [[entry.example]] with expect = \"{name}\": examples are the entry's tests")),
            );
        }
    }
}

fn refer(rs: &RuleSet, e: &Entry) -> EntryRef {
    EntryRef { list: rs.lists[e.list].id.clone(), id: e.id.clone() }
}

fn linked(rs: &RuleSet, a: &Entry, b: &Entry) -> bool {
    let (ra, rb) = (refer(rs, a), refer(rs, b));
    a.also.contains(&rb) || b.also.contains(&ra)
}

/// `NNNNNNN-NN-N`: 2 to 7 digits, 2 digits, 1 check digit.
pub(crate) fn is_cas(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split('-').collect();
    parts.len() == 3
        && (2..=7).contains(&parts[0].len())
        && parts[1].len() == 2
        && parts[2].len() == 1
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// The CAS check digit: the sum of each digit times its position counted
/// from the right (excluding the check digit), modulo 10.
pub(crate) fn cas_check_digit_ok(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    let Some((&check, body)) = digits.split_last() else { return false };
    let sum: u32 =
        body.iter().rev().enumerate().map(|(i, d)| (i as u32 + 1) * d).sum();
    sum % 10 == check
}

/// The option closest to `s` by edit distance, if close enough to be a typo.
pub(crate) fn closest<'a>(s: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .map(|o| (edit_distance(s, o), *o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_check_digits() {
        assert!(cas_check_digit_ok("7732-18-5")); // water
        assert!(cas_check_digit_ok("7789-20-0")); // heavy water
        assert!(cas_check_digit_ok("2691-41-0")); // HMX
        assert!(!cas_check_digit_ok("2691-41-1"));
        assert!(is_cas("121-82-4"));
        assert!(!is_cas("12-3"));
    }

    #[test]
    fn typo_suggestions() {
        assert_eq!(
            closest("trems", super::super::schema::ENTRY_FIELDS),
            Some("terms")
        );
        assert_eq!(
            closest("zzzzzz", super::super::schema::ENTRY_FIELDS),
            None
        );
    }
}
