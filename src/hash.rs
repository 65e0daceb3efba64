//! Hashing: the one home of the crate's two hashes, both stable across
//! runs and platforms (they end up in output that reviewers keep) and
//! neither for security.
//!
//! * [`Fnv`] (FNV-1a, 64 bit) hashes short things: the rule files behind
//!   [`RuleSet::hash`](crate::RuleSet::hash) and the parts of a finding id.
//! * [`DocHasher`] digests a whole document eight bytes at a time, fed in
//!   pieces as a stream arrives; FNV's byte-at-a-time loop would cost a
//!   noticeable share of a scan.
//!
//! ```text
//! finding id = Fnv(DocHasher(document up to the finding's end),
//!                  "start:end", list, id, list, id, …)
//! ```

/// FNV-1a, 64 bit: a small, stable content hash (not for security).
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write_bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn write(&mut self, s: &str) {
        self.write_bytes(s.as_bytes());
        self.write_bytes(&[0xff]);
    }
}

/// A fast, stable running digest of the document: 8-byte words through a
/// multiply-rotate mix. Not for security; for stable finding ids.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocHasher {
    h: u64,
    tail: [u8; 8],
    tail_len: usize,
    len: u64,
}

impl DocHasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn word(&mut self, w: u64) {
        self.h = (self.h ^ w).wrapping_mul(Self::K).rotate_left(29);
    }

    pub(crate) fn write(&mut self, mut b: &[u8]) {
        self.len += b.len() as u64;
        if self.tail_len > 0 {
            let n = (8 - self.tail_len).min(b.len());
            self.tail[self.tail_len..self.tail_len + n]
                .copy_from_slice(&b[..n]);
            self.tail_len += n;
            b = &b[n..];
            if self.tail_len < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(crate) fn digest(&self) -> u64 {
        let mut t = [0u8; 8];
        t[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        let mut h =
            (self.h ^ u64::from_le_bytes(t) ^ self.len.rotate_left(32))
                .wrapping_mul(Self::K);
        h ^= h >> 32;
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_does_not_depend_on_how_bytes_arrive() {
        let data: Vec<u8> =
            (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut one = DocHasher::default();
        one.write(&data);
        for step in [1, 3, 7, 8, 13, 100] {
            let mut h = DocHasher::default();
            for c in data.chunks(step) {
                h.write(c);
            }
            assert_eq!(h.digest(), one.digest(), "step {step}");
        }
        let mut other = DocHasher::default();
        other.write(&data[..999]);
        assert_ne!(other.digest(), one.digest());
    }
}
