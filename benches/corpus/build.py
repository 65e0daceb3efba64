#!/usr/bin/env python3
"""Build the benchmark corpus from plain-text documentation in Debian packages.

usage: python3 benches/corpus/build.py [--out DIR] [--size MB]

Downloads a fixed set of Debian documentation packages (apt-get download, no
install), extracts their text (reStructuredText sources, POD, plain text, and
HTML with the tags stripped), concatenates it in path order up to --size MB,
and writes two files to DIR (default: bench-corpus/, ignored by git):

  corpus-plain.txt    the documentation text
  corpus-spliced.txt  the same text with a controlled-item phrase inserted at
                      the first line break after every 2 KB (fixed seed)

The same packages give the same bytes; the script prints their versions and
the SHA-256 of each file so a run can be matched to its corpus.
"""
import argparse, hashlib, html.parser, os, random, subprocess, sys, tempfile

PACKAGES = ["python3.11-doc", "perl-doc", "postgresql-doc-15", "bash-doc", "git-doc",
            "apache2-doc", "sqlite3-doc", "tcl8.6-doc", "r-doc-html",
            "ruby3.1-doc", "debian-reference-en", "debian-handbook"]

# Phrases a purchase order or email would use, one per list and item kind.
SPLICES = [
    "Quotation for one CNC cold flow forming machine, 3 rollers, 80 kN roller force.",
    "Please ship the Drückwalzmaschine spare mandrels with the next consignment.",
    "The customer asks for a gas centrifuge rotor tube made of maraging steel.",
    "Offer: isostatic press, chamber cavity inside diameter 300 mm, 200 MPa.",
    "Item 4: ring laser gyro, bias stability 0.005 deg/h, qty 2.",
    "Delivery of 500 kg ammonium perchlorate, CAS 7790-98-9, to the motor plant.",
    "Frequency changer for the centrifuge cascade, 600-2000 Hz output.",
    "We can supply heavy water (D2O), 99.8 % isotopic purity, 200 kg.",
    "Spare parts for the 5-axis machining centre: contouring control board.",
    "Thermal imaging camera with a cooled focal plane array, 640 x 512.",
    "Assault rifles, 5.56 mm calibre, with spare magazines.",
    "Tender for a turbopump assembly for a liquid rocket engine.",
]

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "pre"):
            self.parts.append("\n")
    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

def text_of(path):
    with open(path, "rb") as f:
        raw = f.read()
    s = raw.decode("utf-8", errors="replace")
    if path.endswith((".html", ".htm")):
        p = Text()
        p.feed(s)
        s = "".join(p.parts)
    lines = [l.rstrip() for l in s.splitlines()]
    out, blank = [], 0
    for l in lines:
        blank = blank + 1 if not l else 0
        if blank <= 1:
            out.append(l)
    return "\n".join(out).strip() + "\n\n"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench-corpus")
    ap.add_argument("--size", type=int, default=100, help="MB of text")
    a = ap.parse_args()
    want = a.size * 1000 * 1000
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        debs = sorted(f for f in os.listdir(tmp) if f.endswith(".deb"))
        for d in debs:
            print("package", d)
            subprocess.run(["dpkg-deb", "-x", d, "x"], cwd=tmp, check=True)
        files = []
        for root, _, names in os.walk(os.path.join(tmp, "x")):
            for n in names:
                path = os.path.join(root, n)
                textual = n.endswith((".txt", ".pod", ".html", ".htm")) or (
                    n.startswith("README") and not n.endswith(".gz"))
                # Links may point outside the extracted tree: skip them.
                if textual and os.path.isfile(path) and not os.path.islink(path):
                    files.append(path)
        files.sort()
        chunks, total = [], 0
        for f in files:
            t = text_of(f)
            chunks.append(t)
            total += len(t.encode())
            if total >= want:
                break
    plain = "".join(chunks)
    data = plain.encode()[:want]
    plain = data.decode("utf-8", errors="ignore")
    rng = random.Random(2026)
    out, pos, next_at = [], 0, 2048
    while True:
        nl = plain.find("\n", next_at)
        if nl < 0:
            break
        out.append(plain[pos:nl + 1])
        out.append(rng.choice(SPLICES) + "\n")
        pos = nl + 1
        next_at = pos + 2048
    out.append(plain[pos:])
    spliced = "".join(out)
    for name, body in (("corpus-plain.txt", plain), ("corpus-spliced.txt", spliced)):
        p = os.path.join(a.out, name)
        b = body.encode()
        with open(p, "wb") as f:
            f.write(b)
        print(f"{p}: {len(b)} bytes, sha256 {hashlib.sha256(b).hexdigest()}")
    if total < want:
        print(f"note: the packages hold only {total} bytes of text", file=sys.stderr)

if __name__ == "__main__":
    main()
