//! The binary: exit codes, formats, bad inputs in a batch.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub(crate) fn dualscan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dualscan"));
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("runs");
    let mut si = child.stdin.take().expect("stdin");
    if let Some(b) = stdin {
        // The child may exit before reading everything; that is fine.
        let _ = si.write_all(b);
    }
    drop(si);
    child.wait_with_output().expect("finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const CABLE_LIKE: &str = "Subject: proliferation concern.\nThe firm may supply a 3GFF-700 \
                          cold flow forming machine to the missile producer.\n";

#[test]
fn scan_json_reports_one_finding_with_three_regimes_and_exits_1() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("cable.txt");
    std::fs::write(&p, CABLE_LIKE).expect("write");
    let o = dualscan(
        &["scan", "--format", "json", p.to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["tool"]["rules_hash"].is_string());
    assert!(v["tool"]["lists"].as_array().is_some_and(|l| !l.is_empty()));
    let f = v["documents"][0]["findings"].as_array().expect("findings");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["text"], "cold flow forming machine");
    let start = f[0]["start"].as_u64().expect("start") as usize;
    assert_eq!(&CABLE_LIKE[start..start + 25], "cold flow forming machine");
    let refs: Vec<String> = f[0]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["list"].as_str().unwrap_or(""),
                e["id"].as_str().unwrap_or(""),
                e["eu"].as_str().unwrap_or("")
            )
        })
        .collect();
    for want in ["MTCR 3.B.3 2B109", "NSG-2 1.B.1 2B209", "WA-DU 2.B.9 2B009"]
    {
        assert!(refs.iter().any(|r| r == want), "{want} not in {refs:?}");
    }
}

#[test]
fn stdin_text_jsonl_and_csv() {
    let o = dualscan(&["scan"], Some(b"nothing to see here"));
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let o = dualscan(
        &["scan", "--format", "jsonl", "-"],
        Some(CABLE_LIKE.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let line: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("one json line");
    assert_eq!(line["source"], "-");
    let o =
        dualscan(&["scan", "--format", "csv"], Some(CABLE_LIKE.as_bytes()));
    let out = text(&o.stdout);
    assert!(out.starts_with("source,finding,start,end,line,column,text,list,id,eu,status,confidence,term,kind,category\n"), "{out}");
    assert!(out.contains(",MTCR,3.B.3,2B109,flagged,"), "{out}");
    assert!(out.contains(",red-flag,missile\n"), "{out}");
    let o =
        dualscan(&["scan", "--color", "never"], Some(CABLE_LIKE.as_bytes()));
    let out = text(&o.stdout);
    assert!(out.starts_with("-:2:32: cold flow forming machine\n"), "{out}");
}

#[test]
fn list_option_restricts_and_rejects_unknown_lists() {
    let o = dualscan(
        &["scan", "--list", "MTCR", "--format", "jsonl"],
        Some(CABLE_LIKE.as_bytes()),
    );
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("json");
    let entries = v["findings"][0]["entries"].as_array().expect("entries");
    assert!(entries.iter().all(|e| e["list"] == "MTCR"));
    let o = dualscan(&["scan", "--list", "NOPE"], Some(b"x"));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no list \"NOPE\""));
}

#[test]
fn rules_check_passes_on_builtin_and_fails_with_positions() {
    let o = dualscan(&["rules", "check"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "a.toml",
        "schema = 1\n[list]\nid = \"T\"\nname = \"t\"\nedition = \"1\"\n[[entry]]\nid = \"1\"\ntitle = \"t\"\ntrems = [\"x y z w\"]\n",
    );
    let o = dualscan(
        &["rules", "check", dir.path().to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o.stdout);
    assert!(out.contains("a.toml:9:1"), "{out}");
    let bad = tempfile::tempdir().expect("tmp");
    write(bad.path(), "b.toml", "schema = 1\n[list\n");
    let o = dualscan(
        &["rules", "check", bad.path().to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stdout).contains("b.toml:2:6"), "{}", text(&o.stdout));
}

#[test]
fn rules_test_passes_on_builtin_and_names_a_broken_example() {
    let o = dualscan(&["rules", "test"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains(" passed, 0 failed"));
    // Copy the built-in rules and break the first flagged example's text.
    let dir = tempfile::tempdir().expect("tmp");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut paths: Vec<_> = std::fs::read_dir(src)
        .expect("rules")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let mut broke: Option<(String, usize)> = None;
    for p in paths {
        let t = std::fs::read_to_string(&p).expect("read");
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        let mut lines: Vec<String> = t.lines().map(str::to_owned).collect();
        if broke.is_none() {
            for i in 0..lines.len().saturating_sub(1) {
                if lines[i].starts_with("text = ")
                    && lines[i + 1] == "expect = \"flagged\""
                {
                    lines[i] = "text = \"Minutes of the canteen committee.\""
                        .to_owned();
                    broke = Some((name.clone(), i + 1));
                    break;
                }
            }
        }
        std::fs::write(dir.path().join(&name), lines.join("\n") + "\n")
            .expect("write");
    }
    let (file, line) = broke.expect("an example to break");
    let o =
        dualscan(&["rules", "test", dir.path().to_str().expect("utf8")], None);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains(&format!(
            "{file}:{line}:8: expected flagged, got not-flagged"
        )),
        "{out}"
    );
    assert!(out.contains("1 failed"), "{out}");
}

#[test]
fn rules_list_json_has_the_contract_fields_and_explain_works() {
    let o = dualscan(
        &["rules", "list", "--format", "json", "--list", "MTCR"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("json");
    let e = v
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["id"] == "3.B.3")
        .expect("3.B.3");
    for k in [
        "list",
        "id",
        "eu",
        "title",
        "terms",
        "weak_terms",
        "near",
        "exclude",
        "parameters",
        "cas",
        "examples",
    ] {
        assert!(e.get(k).is_some(), "missing {k}");
    }
    assert!(e["examples"]["flagged"].as_u64().is_some_and(|n| n >= 2));
    let o = dualscan(&["rules", "explain", "MTCR:3.B.3"], None);
    let out = text(&o.stdout);
    assert!(
        out.contains("NSG-2:1.B.1") && out.contains("referenced by"),
        "{out}"
    );
    assert_eq!(
        dualscan(&["rules", "explain", "MTCR:99.Z"], None).status.code(),
        Some(2)
    );
}

fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), body).expect("write");
}

#[test]
fn a_batch_with_bad_files_still_reports_the_hit() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "a-binary.bin",
        [0u8, 1, 2, 3, 0, 0, 0, 7, 0, 255, 0, 0].repeat(100),
    );
    write(
        dir.path(),
        "b-latin1.txt",
        b"Angebot: Dr\xFCckwalzmaschine, gebraucht",
    );
    write(dir.path(), "c-empty.txt", b"");
    write(dir.path(), "d-hit.txt", CABLE_LIKE);
    let o = dualscan(
        &["scan", "--format", "jsonl", dir.path().to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].contains("a-binary.bin: error: binary file"), "{err}");
    assert!(
        lines[1].contains("b-latin1.txt: note: invalid UTF-8 at byte 11"),
        "{err}"
    );
    assert!(lines[2].contains("c-empty.txt: note: empty file"), "{err}");
    let out = text(&o.stdout);
    assert!(out.contains("d-hit.txt"));
    // The Latin-1 file is still screened: ü read as Latin-1.
    let latin: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|v| {
            v["source"].as_str().is_some_and(|s| s.ends_with("b-latin1.txt"))
        })
        .expect("latin1 doc");
    assert_eq!(latin["findings"][0]["start"], 9);
}

#[test]
fn unreadable_paths_exit_2_when_nothing_is_flagged() {
    let o = dualscan(&["scan", "/nonexistent/file.txt"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr)
            .contains("/nonexistent/file.txt: no such file or directory")
    );
}

#[test]
fn eval_prints_the_summary_line() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "c.jsonl",
        "{\"id\":\"1\",\"text\":\"cold flow forming machine\",\"expect\":[{\"list\":\"MTCR\",\"id\":\"3.B.3\"}]}\n{\"id\":\"2\",\"text\":\"cash flow\",\"expect\":[]}\n",
    );
    let o = dualscan(
        &[
            "eval",
            "--list",
            "MTCR",
            dir.path().join("c.jsonl").to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(
        out.lines().last(),
        Some("precision 1.000 recall 1.000 f1 1.000 cases 2"),
        "{out}"
    );
}

#[test]
fn utf16_fifo_directory_and_broken_symlink() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Offer: cold flow forming machine".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(dir.path(), "a-utf16.txt", &utf16);
    std::os::unix::fs::symlink(
        dir.path().join("nowhere"),
        dir.path().join("b-broken"),
    )
    .expect("link");
    std::fs::create_dir(dir.path().join("c-empty-dir")).expect("dir");
    write(dir.path(), "d-nul.txt", b"NUL\0in text: flow forming machine\0");
    let o = dualscan(
        &["scan", "--format", "jsonl", dir.path().to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("a-utf16.txt: note: UTF-16 text decoded"), "{err}");
    assert!(err.contains("b-broken: broken symbolic link"), "{err}");
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|l| l.contains("flow forming machine")), "{out}");
    // A FIFO streams like a file.
    let fifo = dir.path().join("fifo");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    let f2 = fifo.clone();
    let writer = std::thread::spawn(move || {
        std::fs::write(f2, "pipe: flow forming machine\n")
            .expect("write fifo");
    });
    let o = dualscan(
        &["scan", "--format", "csv", fifo.to_str().expect("utf8")],
        None,
    );
    writer.join().expect("writer");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    // A directory with nothing in it: nothing flagged, no error.
    let o = dualscan(
        &["scan", dir.path().join("c-empty-dir").to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn millions_of_findings_stream_in_bounded_memory() {
    // One repeated term, 1.5 million times (33 MB); the output streams as
    // CSV and the process's peak memory stays far below the input's
    // findings held at once.
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("repeat.txt");
    std::fs::write(&p, "flow forming machine\n".repeat(1_500_000))
        .expect("write");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("dir");
    write(
        &rules,
        "r.toml",
        "schema = 1\n[list]\nid = \"T\"\nname = \"t\"\nedition = \"1\"\n[[entry]]\nid = \"1\"\ntitle = \"t\"\nterms = [\"flow forming machine\"]\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_dualscan"))
        .args([
            "scan",
            "--format",
            "csv",
            "--rules",
            rules.to_str().expect("utf8"),
            p.to_str().expect("utf8"),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let pid = child.id();
    let mut out = child.stdout.take().expect("stdout");
    let mut buf = vec![0u8; 1 << 16];
    let (mut lines, mut peak_kb) = (0usize, 0usize);
    loop {
        let n = std::io::Read::read(&mut out, &mut buf).expect("read");
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
        if let Ok(st) = std::fs::read_to_string(format!("/proc/{pid}/status"))
        {
            for l in st.lines().filter(|l| l.starts_with("VmHWM:")) {
                let kb: usize = l
                    .split_whitespace()
                    .nth(1)
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(0);
                peak_kb = peak_kb.max(kb);
            }
        }
    }
    assert_eq!(child.wait().expect("exit").code(), Some(1));
    assert_eq!(lines, 1_500_001);
    assert!(peak_kb < 100 * 1024, "peak {peak_kb} kB");
}

/// A file large enough to be scanned in parallel pieces prints exactly
/// what the single-threaded stream prints, lines and notes included: on a
/// line far longer than the context shown, and after a byte that is not
/// UTF-8.
#[test]
fn a_large_file_prints_the_same_on_one_thread_and_two() {
    let dir = tempfile::tempdir().expect("tmp");
    let filler = "Nothing to see in this line of an ordinary manual.\n";
    let mut body = filler.repeat((33 << 20) / filler.len()).into_bytes();
    let at = body.len() / 2;
    let mut middle = b"Caf\xE9 order: ".to_vec();
    middle.extend_from_slice("x".repeat(600).as_bytes());
    middle.extend_from_slice(b" one cold flow forming machine, CNC, ");
    middle.extend_from_slice("y".repeat(600).as_bytes());
    middle.push(b'\n');
    body.splice(at..at, middle);
    body.extend_from_slice(CABLE_LIKE.as_bytes());
    write(dir.path(), "big.txt", &body);
    let path = dir.path().join("big.txt");
    let path = path.to_str().expect("utf-8 path");
    let one = dualscan(&["scan", "--threads", "1", path], None);
    let two = dualscan(&["scan", "--threads", "2", path], None);
    assert_eq!(one.status.code(), Some(1), "{}", text(&one.stderr));
    assert!(text(&one.stdout).contains("3.B.3"), "{}", text(&one.stdout));
    assert!(text(&one.stderr).contains("invalid UTF-8 at byte"));
    assert_eq!(text(&two.stdout), text(&one.stdout));
    assert_eq!(text(&two.stderr), text(&one.stderr));
    assert_eq!(two.status.code(), one.status.code());
}

#[test]
fn a_walk_skips_a_fifo_with_no_writer_and_a_broken_link() {
    // A FIFO found in a directory may never give an end of file: reading it
    // would hang the batch. It is skipped with a note; the file beside it
    // is still reported, and the broken link gets its own line.
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("d");
    std::fs::create_dir(&d).expect("dir");
    write(&d, "a.txt", b"cold flow forming machine\n");
    let st = Command::new("mkfifo").arg(d.join("f")).status().expect("mkfifo");
    assert!(st.success());
    std::os::unix::fs::symlink("nowhere", d.join("l")).expect("link");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dualscan"))
        .args(["scan", d.to_str().expect("utf8")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("scan of a directory holding a FIFO did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().expect("output");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("a.txt:1:1: cold flow forming machine"));
    let err = text(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].ends_with("FIFO (named pipe), not a regular file; skipped (name it on the command line to read it)"), "{err}");
    assert!(lines[0].contains("/d/f:"), "{err}");
    assert!(lines[1].contains("/d/l: broken symbolic link"), "{err}");
}

#[test]
fn eval_reads_cases_from_standard_input() {
    let cases = b"{\"id\":\"1\",\"text\":\"cold flow forming machine\",\"expect\":[{\"list\":\"WA-DU\",\"id\":\"2.B.9\"}]}\n";
    let o = dualscan(&["eval", "--list", "WA-DU", "-"], Some(cases));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout).lines().last(),
        Some("precision 1.000 recall 1.000 f1 1.000 cases 1")
    );
}
