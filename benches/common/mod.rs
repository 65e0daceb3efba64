//! A seeded, reproducible corpus for the benches: business prose built from
//! a fixed vocabulary, with controlled-item terms spliced in about once per
//! `every` bytes. Same seed, same bytes, on every machine.

/// The benchmark corpora `(plain, spliced)`: the Debian documentation
/// corpus built by `benches/corpus/build.py` when `bench-corpus/` (or
/// `$DUALSCAN_CORPUS`) holds it, otherwise 4 MiB of seeded prose so that
/// `cargo test --benches` runs anywhere.
pub(crate) fn corpora() -> (String, String) {
    let dir = std::env::var("DUALSCAN_CORPUS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/bench-corpus").to_owned()
    });
    let read = |n: &str| std::fs::read_to_string(format!("{dir}/{n}")).ok();
    match (read("corpus-plain.txt"), read("corpus-spliced.txt")) {
        // `cargo bench` passes --bench; `cargo test --benches` does not, and
        // runs on the small generated corpus.
        (Some(p), Some(s)) if std::env::args().any(|a| a == "--bench") => {
            (p, s)
        }
        _ => (corpus(4 << 20, None, 7), corpus(4 << 20, Some(2048), 7)),
    }
}

/// Words of ordinary order, invoice and email text.
const WORDS: &[&str] = &[
    "the",
    "order",
    "invoice",
    "delivery",
    "customer",
    "shipment",
    "please",
    "confirm",
    "quotation",
    "price",
    "unit",
    "total",
    "payment",
    "terms",
    "within",
    "days",
    "machine",
    "spare",
    "parts",
    "steel",
    "aluminium",
    "pump",
    "valve",
    "motor",
    "control",
    "system",
    "software",
    "warranty",
    "service",
    "contract",
    "we",
    "are",
    "pleased",
    "to",
    "offer",
    "you",
    "following",
    "items",
    "according",
    "your",
    "request",
    "of",
    "and",
    "for",
    "with",
    "in",
    "on",
    "by",
    "from",
    "at",
    "this",
    "quarter",
    "cash",
    "flow",
    "forming",
    "report",
    "meeting",
    "schedule",
    "project",
    "engineering",
    "drawing",
    "revision",
    "tolerance",
    "mm",
    "kg",
    "bar",
    "pressure",
    "temperature",
    "sensor",
    "cable",
    "connector",
    "laptop",
    "router",
    "encryption",
    "license",
    "training",
    "manual",
    "warehouse",
];

/// Controlled-item phrases spliced into the prose.
pub(crate) const SPLICE: &[&str] = &[
    "cold flow forming machine",
    "CNC flow forming machine with 3 rollers and 80 kN roller force",
    "Drückwalzmaschine",
    "spin forming machine",
];

/// xorshift64*: tiny, seeded, and the same everywhere.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// About `len` bytes of prose; a splice every `every` bytes when given.
pub(crate) fn corpus(len: usize, every: Option<usize>, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut s = String::with_capacity(len + 128);
    let mut next_splice = every.unwrap_or(usize::MAX);
    let mut words_in_sentence = 0;
    while s.len() < len {
        if s.len() >= next_splice {
            s.push_str(SPLICE[r.below(SPLICE.len())]);
            s.push(' ');
            next_splice += every.unwrap_or(usize::MAX);
        }
        let w = WORDS[r.below(WORDS.len())];
        if words_in_sentence == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        words_in_sentence += 1;
        if words_in_sentence > 8 + r.below(10) {
            s.push_str(if r.below(6) == 0 { ".\n\n" } else { ". " });
            words_in_sentence = 0;
        } else {
            s.push(' ');
        }
    }
    s
}
