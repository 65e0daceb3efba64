//! Running the automata over normalised text: every whole-word match, as
//! original offsets and the roles of its pattern.
//!
//! ```text
//! normalised text ──ASCII automaton, every byte──────────────┐
//!                 ──wide automaton, around its characters────┤
//!                                                            ▼
//!                    word boundaries and plurals (gate) ──► f(start, end, roles)
//! ```

use super::gate;
use crate::compile::{Matcher, Role};
use crate::normalize::Normalized;
use crate::utf8::{decode_valid, next_non_ascii};
use aho_corasick::AhoCorasick;

impl Matcher {
    /// Every whole-word match in `norm`, as original offsets (plus
    /// `base`) and the roles of its pattern.
    #[inline]
    pub(crate) fn each(
        &self,
        norm: &Normalized,
        base: usize,
        mut f: impl FnMut(usize, usize, &[Role]),
    ) {
        let nt = norm.text.as_slice();
        self.ascii.note(nt.len());
        let ascii = self.ascii.current();
        self.report(ascii, 0, 0..nt.len(), norm, base, &mut f);
        self.each_wide(norm, base, &mut f);
    }

    /// The matches of the non-ASCII patterns, searched only around the
    /// characters of `norm` that occur in them.
    #[inline]
    pub(crate) fn each_wide(
        &self,
        norm: &Normalized,
        base: usize,
        f: &mut impl FnMut(usize, usize, &[Role]),
    ) {
        let Some(wide) = &self.wide else { return };
        let nt = norm.text.as_slice();
        let ac = wide.ac.current();
        let id0 = self.patterns_ascii;
        // The next character at or after `at` that some pattern holds, and
        // its length.
        let next = |mut at: usize| loop {
            at = next_non_ascii(nt, at)?;
            let (c, len) = decode_valid(nt, at);
            if wide.has(c) {
                return Some((at, len));
            }
            at += len;
        };
        let mut scanned = 0;
        let mut at = 0;
        while let Some((p, len)) = next(at) {
            let start = p.saturating_sub(wide.reach - 1);
            let mut end = (p + wide.reach).min(nt.len());
            let mut q = p + len;
            while let Some((r, len)) = next(q).filter(|&(r, _)| r < end) {
                end = (r + wide.reach).min(nt.len());
                q = r + len;
            }
            scanned += end - start;
            self.report(ac, id0, start..end, norm, base, f);
            at = end;
        }
        wide.ac.note(scanned);
    }

    /// The whole-word matches of `ac`, whose pattern `i` is pattern
    /// `id0 + i` here, in `range` of the normalised text.
    #[inline]
    pub(crate) fn report(
        &self,
        ac: &AhoCorasick,
        id0: usize,
        range: std::ops::Range<usize>,
        norm: &Normalized,
        base: usize,
        f: &mut impl FnMut(usize, usize, &[Role]),
    ) {
        let nt = norm.text.as_slice();
        let input = aho_corasick::Input::new(nt).range(range);
        for m in ac.find_overlapping_iter(input) {
            let info = self.patterns[id0 + m.pattern().as_usize()];
            if !gate::starts_ok(nt, m.start(), info.bound_start) {
                continue;
            }
            let Some(end) =
                gate::end_ok(nt, m.end(), info.bound_end, info.plural)
            else {
                continue;
            };
            let (s, e) = (norm.map.start(m.start()), norm.map.end(end));
            let (a, b) = info.roles;
            f(base + s, base + e, &self.roles[a as usize..b as usize]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;
    use crate::compile::{Automaton, Kind};

    /// The non-ASCII patterns searched around non-ASCII bytes only find
    /// exactly what a search of the whole text finds, wherever the
    /// patterns and the other non-ASCII characters fall.
    #[test]
    fn wide_regions_miss_nothing() {
        let rules = RuleSet::builtin();
        let m = Matcher::build(
            &rules,
            &[Kind::Term, Kind::Weak, Kind::Exclude],
            Automaton::ContiguousNfa,
        )
        .expect("builds");
        let wide = m.wide.as_ref().expect("the built-in rules have some");
        let wide_ac = wide.ac.current();
        let mut pieces: Vec<String> = rules
            .entries()
            .iter()
            .flat_map(|e| &e.terms)
            .filter(|t| !t.normalized.is_ascii())
            .map(|t| t.text.clone())
            .step_by(7)
            .collect();
        let others =
            ["é", "ü", "—", "ж", "中", "\u{A0}", "x", "flow", " ", "-"];
        // In no pattern: they start no search region.
        let strangers = ["ا", "¶", "“", "→", "😀", "\n"];
        pieces.extend(others.into_iter().chain(strangers).map(str::to_owned));
        let filler = "a".repeat(wide.reach);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut norm = Normalized::default();
        let mut total = 0;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..next() % 40 {
                match next() % 4 {
                    0 => text
                        .push_str(&filler[..(next() as usize) % filler.len()]),
                    _ => {
                        let i = (next() as usize) % pieces.len();
                        text.push_str(&pieces[i]);
                    }
                }
                text.push(' ');
            }
            norm.fill(text.as_bytes());
            let mut got = Vec::new();
            m.each_wide(&norm, 0, &mut |s, e, r: &[Role]| {
                got.push((s, e, r.len()));
            });
            let mut want = Vec::new();
            let nt = norm.text.as_slice();
            m.report(
                wide_ac,
                m.patterns_ascii,
                0..nt.len(),
                &norm,
                0,
                &mut |s, e, r: &[Role]| want.push((s, e, r.len())),
            );
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "in {text:?}");
            total += want.len();
        }
        assert!(total > 1000, "too few matches to test anything: {total}");
    }
}
