//! Inputs of `scan`: files, directories (recursive), standard input; what
//! each holds (text, UTF-16, binary, empty); one message per bad input.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Where a document comes from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub(crate) fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A document ready to scan, or why it is not.
pub(crate) enum Loaded {
    /// Bytes to scan, and a note for stderr (e.g. invalid UTF-8).
    Text(Vec<u8>, Option<String>),
    /// Nothing to scan; the note says why (empty file).
    Empty(String),
    /// Could not be screened: the message says why.
    Failed(String),
}

/// Expand paths: directories recursively (sorted, symlinked directories
/// not followed, so a link cycle cannot loop). Errors are reported as
/// failed sources, in place.
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Result<Source, String>> {
    let mut out = Vec::new();
    if paths.is_empty() {
        out.push(Ok(Source::Stdin));
    }
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Ok(Source::File(p.clone()))),
            Err(e) => {
                out.push(Err(format!("{}: {}", p.display(), describe(&e, p))))
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<Source, String>>) {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Err(format!(
                "{}: cannot read directory: {e}",
                dir.display()
            )));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = Vec::new();
    for e in rd {
        match e {
            Ok(e) => entries.push(e.path()),
            Err(e) => out.push(Err(format!(
                "{}: cannot read directory entry: {e}",
                dir.display()
            ))),
        }
    }
    entries.sort();
    for p in entries {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out),
            Ok(m) if m.file_type().is_symlink() => match fs::metadata(&p) {
                Ok(t) if t.is_dir() => {} // not followed: avoids cycles
                Ok(_) => out.push(Ok(Source::File(p))),
                Err(e) => out.push(Err(format!(
                    "{}: {}",
                    p.display(),
                    describe(&e, &p)
                ))),
            },
            Ok(_) => out.push(Ok(Source::File(p))),
            Err(e) => {
                out.push(Err(format!("{}: {}", p.display(), describe(&e, &p))))
            }
        }
    }
}

fn describe(e: &io::Error, p: &Path) -> String {
    if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(p).is_ok() {
        return "broken symbolic link".to_owned();
    }
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Read a source and decide what it holds.
pub(crate) fn load(src: &Source) -> Loaded {
    let bytes = match src {
        Source::Stdin => {
            let mut v = Vec::new();
            match io::stdin().lock().read_to_end(&mut v) {
                Ok(_) => v,
                Err(e) => {
                    return Loaded::Failed(format!(
                        "cannot read standard input: {e}"
                    ));
                }
            }
        }
        Source::File(p) => {
            match fs::metadata(p) {
                Ok(m) if m.is_dir() => {
                    return Loaded::Failed("is a directory".into());
                }
                Ok(m) if !m.is_file() && !is_fifo(&m) => {
                    return Loaded::Failed(
                        "not a regular file (device or socket); skipped"
                            .into(),
                    );
                }
                Ok(_) => {}
                Err(e) => return Loaded::Failed(describe(&e, p)),
            }
            match fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    return Loaded::Failed(format!(
                        "cannot read: {}",
                        describe(&e, p)
                    ));
                }
            }
        }
    };
    classify(bytes)
}

#[cfg(unix)]
fn is_fifo(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &fs::Metadata) -> bool {
    false
}

/// Decide what the bytes are: UTF-16 (decoded), binary (refused), empty,
/// or text (valid or not: invalid bytes are read as Latin-1 and noted).
pub(crate) fn classify(bytes: Vec<u8>) -> Loaded {
    if bytes.is_empty() {
        return Loaded::Empty("empty file: nothing to screen".into());
    }
    if let Some(text) = utf16(&bytes) {
        return Loaded::Text(
            text.into_bytes(),
            Some(
                "UTF-16 text decoded; offsets refer to the text as UTF-8"
                    .into(),
            ),
        );
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nul = head.iter().filter(|b| **b == 0).count();
    let ctrl = head
        .iter()
        .filter(|b| {
            **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)
        })
        .count();
    if nul * 100 > head.len() || ctrl * 10 > head.len() {
        return Loaded::Failed(format!(
            "binary file ({nul} NUL bytes in the first {} bytes): skipped; convert it to text first",
            head.len()
        ));
    }
    match std::str::from_utf8(&bytes) {
        Ok(_) => Loaded::Text(bytes, None),
        Err(e) => {
            let at = e.valid_up_to();
            Loaded::Text(
                bytes,
                Some(format!(
                    "invalid UTF-8 at byte {at}; invalid bytes were read as Latin-1 and shown as '?'"
                )),
            )
        }
    }
}

/// Decode UTF-16 with a byte-order mark, or without one when every other
/// byte of the start is NUL (ASCII text in UTF-16).
fn utf16(b: &[u8]) -> Option<String> {
    let (le, body) = match b {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => {
            let head = &b[..b.len().min(512)];
            if head.len() < 8 || !head.len().is_multiple_of(2) {
                return None;
            }
            let odd_nul = head.iter().skip(1).step_by(2).all(|x| *x == 0);
            let even_nul = head.iter().step_by(2).all(|x| *x == 0);
            let even_text = head.iter().step_by(2).all(|x| *x != 0);
            let odd_text = head.iter().skip(1).step_by(2).all(|x| *x != 0);
            if odd_nul && even_text {
                (true, b)
            } else if even_nul && odd_text {
                (false, b)
            } else {
                return None;
            }
        }
    };
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}
