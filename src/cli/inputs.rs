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

/// A document opened for scanning, or why it is not.
pub(crate) enum Opened {
    /// A reader over the document's bytes (the head already read is
    /// chained back in front), and a note for stderr (e.g. UTF-16).
    Text(Box<dyn Read + Send>, Option<String>),
    /// Nothing to scan; the note says why (empty file).
    Empty(String),
    /// Could not be screened: the message says why.
    Failed(String),
}

/// How much of the start of a document decides what it is.
const HEAD: usize = 8192;

/// One item of a batch: a document to screen, a path skipped with a note,
/// or a path that could not be read.
#[derive(Clone, Debug)]
pub(crate) enum Input {
    Doc(Source),
    /// `path: note` (not a regular file found in a walk).
    Skipped(String),
    /// `path: message`.
    Bad(String),
}

/// Expand paths: directories recursively (sorted, symlinked directories
/// not followed, so a link cycle cannot loop). A path named on the command
/// line is read whatever it is (a FIFO too); a FIFO, socket or device met
/// in a walk is skipped with a note, since nothing promises it will ever
/// give an end of file. Errors are reported in place.
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    if paths.is_empty() {
        out.push(Input::Doc(Source::Stdin));
    }
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Doc(Source::Stdin));
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Input::Doc(Source::File(p.clone()))),
            Err(e) => out.push(bad(p, &e)),
        }
    }
    out
}

fn bad(p: &Path, e: &io::Error) -> Input {
    Input::Bad(format!("{}: {}", p.display(), describe(e, p)))
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Input::Bad(format!(
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
            Err(e) => out.push(Input::Bad(format!(
                "{}: cannot read directory entry: {e}",
                dir.display()
            ))),
        }
    }
    entries.sort();
    for p in entries {
        let m = match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::metadata(&p) {
                Ok(t) if t.is_dir() => continue, // not followed: no cycles
                Ok(t) => t,
                Err(e) => {
                    out.push(bad(&p, &e));
                    continue;
                }
            },
            Ok(m) => m,
            Err(e) => {
                out.push(bad(&p, &e));
                continue;
            }
        };
        if m.is_dir() {
            walk(&p, out);
        } else if m.is_file() {
            out.push(Input::Doc(Source::File(p)));
        } else {
            out.push(Input::Skipped(format!(
                "{}: {}; skipped (name it on the command line to read it)",
                p.display(),
                special_kind(&m)
            )));
        }
    }
}

/// What a path that is neither a file nor a directory is.
fn special_kind(m: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe), not a regular file";
        }
        if t.is_socket() {
            return "a socket, not a regular file";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device, not a regular file";
        }
    }
    let _ = m;
    "not a regular file"
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

/// Open a source and decide from its first bytes what it holds.
pub(crate) fn open(src: &Source) -> Opened {
    let mut r: Box<dyn Read + Send> = match src {
        Source::Stdin => Box::new(io::stdin()),
        Source::File(p) => {
            match fs::metadata(p) {
                Ok(m) if m.is_dir() => {
                    return Opened::Failed("is a directory".into());
                }
                Ok(m) if !m.is_file() && !is_fifo(&m) => {
                    return Opened::Failed(
                        "not a regular file (device or socket); skipped"
                            .into(),
                    );
                }
                Ok(_) => {}
                Err(e) => return Opened::Failed(describe(&e, p)),
            }
            match fs::File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    return Opened::Failed(format!(
                        "cannot open: {}",
                        describe(&e, p)
                    ));
                }
            }
        }
    };
    let mut head = Vec::with_capacity(HEAD);
    if let Err(e) = r.by_ref().take(HEAD as u64).read_to_end(&mut head) {
        return Opened::Failed(format!("cannot read: {e}"));
    }
    if head.is_empty() {
        return Opened::Empty("empty file: nothing to screen".into());
    }
    if is_utf16(&head) {
        // UTF-16 is decoded whole: such files are small in practice.
        let mut all = head;
        if let Err(e) = r.read_to_end(&mut all) {
            return Opened::Failed(format!("cannot read: {e}"));
        }
        let text = decode_utf16(&all);
        return Opened::Text(
            Box::new(io::Cursor::new(text.into_bytes())),
            Some(
                "UTF-16 text decoded; offsets refer to the text as UTF-8"
                    .into(),
            ),
        );
    }
    if let Some(why) = binary(&head) {
        return Opened::Failed(why);
    }
    Opened::Text(Box::new(io::Cursor::new(head).chain(r)), None)
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

/// `Some(reason)` when the head of a document looks binary: NUL bytes
/// (more than 10%) or other control characters (more than 25%). Text with
/// a few stray NULs (converted PDFs) is still screened.
fn binary(head: &[u8]) -> Option<String> {
    let nul = head.iter().filter(|b| **b == 0).count();
    let ctrl = head
        .iter()
        .filter(|b| {
            **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)
        })
        .count();
    (nul * 10 > head.len() || ctrl * 4 > head.len()).then(|| {
        format!(
            "binary file ({nul} NUL bytes in the first {} bytes): skipped; convert it to text first",
            head.len()
        )
    })
}

fn is_utf16(b: &[u8]) -> bool {
    utf16_order(b).is_some()
}

fn decode_utf16(b: &[u8]) -> String {
    let Some((le, skip)) = utf16_order(b) else {
        return String::from_utf8_lossy(b).into_owned();
    };
    let units: Vec<u16> = b[skip..]
        .chunks_exact(2)
        .map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// UTF-16 with a byte-order mark, or without one when every other byte of
/// the start is NUL (ASCII text in UTF-16): `(little_endian, bom_len)`.
fn utf16_order(b: &[u8]) -> Option<(bool, usize)> {
    match b {
        [0xFF, 0xFE, ..] => return Some((true, 2)),
        [0xFE, 0xFF, ..] => return Some((false, 2)),
        _ => {}
    }
    let head = &b[..b.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let odd_nul = head.iter().skip(1).step_by(2).all(|x| *x == 0);
    let even_nul = head.iter().step_by(2).all(|x| *x == 0);
    let even_text = head.iter().step_by(2).all(|x| *x != 0);
    let odd_text = head.iter().skip(1).step_by(2).all(|x| *x != 0);
    if odd_nul && even_text {
        Some((true, 0))
    } else if even_nul && odd_text {
        Some((false, 0))
    } else {
        None
    }
}
