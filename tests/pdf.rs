//! The PDF read back by independent tools: names in six scripts through `pdftotext` in logical
//! order, `qpdf --check`, `pdfinfo` (tagged, PDF 1.7, title, author, producer), `pdffonts`
//! (every font embedded); charts, signature boxes, the stamp and table headers on every page.
//!
//! Needs poppler-utils and qpdf (`.ci/run` installs them); a missing tool fails the test.
//! `TRICHOPLAN_PDF_OUT=dir` keeps the PDFs for a look.

mod common;

use std::path::PathBuf;
use std::process::Command;

use trichoplan::domain::{Lang, Plan};
use trichoplan::report::doc::{Block, Chart, Document};
use trichoplan::report::pdf::{self, Fallback, Options, Rendered};
use trichoplan::report::{Audience, build};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::{parse_plan, read_plan};

fn out_dir() -> PathBuf {
    let dir = std::env::var_os("TRICHOPLAN_PDF_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("trichoplan-pdf-{}", std::process::id()))
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the PDF and runs `tool args… file`, failing the test when the tool is missing.
fn tool(name: &str, args: &[&str], bytes: &[u8], file: &str) -> String {
    let path = out_dir().join(file);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(name)
        .args(args)
        .arg(&path)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} is needed for this test (apt-get install poppler-utils qpdf): {e}")
        });
    assert!(
        out.status.success(),
        "{name} {args:?} {file}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(bytes: &[u8], file: &str) -> String {
    tool("pdftotext", &["-layout", "-enc", "UTF-8"], bytes, file)
}

fn camille_named(name: &str) -> Plan {
    let yaml = std::fs::read_to_string(common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .replace("Camille Dupont", name);
    parse_plan(yaml.as_bytes(), std::path::Path::new("named.yaml")).unwrap()
}

const NAMES: [(&str, &str); 6] = [
    ("arabic", "سارة أحمد"),
    ("hebrew", "דוד כהן"),
    ("chinese", "王小明"),
    ("greek", "Ελένη Παπαδοπούλου"),
    ("cyrillic", "Анна Иванова"),
    ("vietnamese", "Nguyễn Thị Hương"),
];

#[test]
fn names_in_six_scripts_read_back_in_logical_order() {
    let catalog = default_catalog().unwrap();
    for (script, name) in NAMES {
        let plan = camille_named(name);
        let doc = build(&plan, &catalog, Audience::Patient, Lang::Fr);
        let r = pdf::render_with(&doc, &Options::default()).unwrap();
        let file = format!("name-{script}.pdf");
        let read = text(&r.bytes, &file);
        let date = trichoplan::domain::dates::long(plan.updated, Lang::Fr);
        if script == "chinese" && !r.warnings.is_empty() {
            // No CJK font on this system: the print succeeds and says which field lacks glyphs.
            assert!(r.fallback_fonts.is_empty(), "{:?}", r.fallback_fonts);
            assert!(
                r.warnings.iter().any(|w| w.chars.contains(&'王')),
                "{:?}",
                r.warnings
            );
            continue;
        }
        assert!(r.warnings.is_empty(), "{script}: {:?}", r.warnings);
        if script == "chinese" {
            assert!(!r.fallback_fonts.is_empty(), "drawn with a fallback font");
        }
        // The footer: the name, then the date, in that order, on one line.
        let footer = read
            .lines()
            .find(|l| l.contains(&date) && l.contains("Page 1 /"))
            .unwrap_or_else(|| panic!("{script}: no footer in\n{read}"));
        let at_name = footer
            .find(name)
            .unwrap_or_else(|| panic!("{script}: {name} not in logical order in {footer:?}"));
        let at_date = footer.find(&date).unwrap_or(0);
        assert!(
            at_name < at_date,
            "{script}: date before the name in {footer:?}"
        );
        // The date is whole (not mirrored) wherever it is printed.
        assert!(!read.contains(&date.chars().rev().collect::<String>()));
    }
}

#[test]
fn a_name_no_font_has_is_printed_with_a_warning_naming_the_field() {
    let catalog = default_catalog().unwrap();
    let plan = camille_named("王小明");
    let doc = build(&plan, &catalog, Audience::Patient, Lang::Fr);
    let options = Options {
        fallback: Fallback::None,
        ..Options::default()
    };
    let r = pdf::render_with(&doc, &options).unwrap();
    assert!(r.bytes.starts_with(b"%PDF-"));
    assert!(!r.warnings.is_empty());
    for w in &r.warnings {
        assert!(!w.field.is_empty());
        assert!(w.chars.iter().all(|c| "王小明".contains(*c)), "{w}");
    }
    let message = r.warnings[0].to_string();
    assert!(message.contains("U+738B"), "{message}");
    assert!(message.contains(&r.warnings[0].field), "{message}");
    tool("qpdf", &["--check"], &r.bytes, "no-font.pdf");
}

fn info(bytes: &[u8], file: &str) -> String {
    tool("pdfinfo", &[], bytes, file)
}

/// One field of `pdfinfo`'s answer.
fn field<'a>(info: &'a str, name: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map_or("", str::trim)
}

#[test]
fn every_example_is_tagged_pdf_a_and_passes_qpdf() {
    let catalog = default_catalog().unwrap();
    let mut checked = 0;
    for path in common::examples() {
        let plan = read_plan(&path).unwrap().plan;
        for audience in [Audience::Patient, Audience::Practitioner] {
            for lang in [Lang::Fr, Lang::En] {
                let doc = build(&plan, &catalog, audience, lang);
                let Rendered {
                    bytes, warnings, ..
                } = pdf::render_with(&doc, &Options::default()).unwrap();
                assert!(warnings.is_empty(), "{}: {warnings:?}", plan.id);
                let file = format!("{}.{audience:?}.{}.pdf", plan.id, lang.code());
                let check = tool("qpdf", &["--check"], &bytes, &file);
                assert!(
                    check.contains("No syntax or stream encoding errors"),
                    "{check}"
                );
                let i = info(&bytes, &file);
                assert_eq!(field(&i, "Tagged"), "yes", "{file}");
                assert_eq!(field(&i, "PDF version"), "1.7", "{file}");
                assert!(field(&i, "Producer").starts_with("trichoplan "), "{i}");
                assert!(field(&i, "Title").starts_with(&doc.title), "{i}");
                let fonts = tool("pdffonts", &[], &bytes, &file);
                // Every font is embedded and subset (the "emb" and "sub" columns).
                for line in fonts.lines().skip(2) {
                    assert!(
                        line.contains(" yes yes "),
                        "{file}: font not embedded: {line}"
                    );
                }
                let xmp = String::from_utf8_lossy(&bytes);
                assert!(
                    xmp.contains("<pdfaid:part>2</pdfaid:part>"),
                    "{file}: PDF/A id"
                );
                assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
                assert!(
                    xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
                    "{file}: PDF/UA id"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 20);
}

/// A long progress report: a chart, a long table, signatures, a stamp.
fn progress() -> Document {
    let mut d = Document {
        title: "Votre suivi".into(),
        subtitle: "Camille Dupont · mis à jour le 14 décembre 2026".into(),
        footer: "Camille Dupont · plan du 14 décembre 2026".into(),
        stamp: "BROUILLON".into(),
        lang: Lang::Fr,
        ..Document::default()
    };
    d.heading("Ferritine");
    d.push(Block::Chart(Chart {
        title: "Ferritine (ng/mL)".into(),
        points: vec![
            ("2 mars 2026".into(), 18.0),
            ("4 juin 2026".into(), 31.0),
            ("14 décembre 2026".into(), 42.5),
        ],
        labels: vec!["18".into(), "31".into(), "42,5".into()],
        caption: "De 18 à 42,5 ng/mL : en hausse.".into(),
        header: ("Date".into(), "Ferritine (ng/mL)".into()),
    }));
    d.heading("Séances");
    let rows: Vec<Vec<String>> = (1..=70)
        .map(|i| {
            vec![
                format!("Séance {i}"),
                format!("{i} janvier 2026"),
                "aucune réaction".into(),
            ]
        })
        .collect();
    d.table(&["Séance", "Date", "Réaction"], rows);
    d.heading("Signatures");
    d.push(Block::Signatures(vec![
        ("Patient".into(), "Camille Dupont".into()),
        ("Praticien".into(), "Dr Claire Martin".into()),
    ]));
    d
}

#[test]
fn every_page_has_the_patient_the_page_number_the_stamp_and_the_table_header() {
    let doc = progress();
    let r = pdf::render_with(&doc, &Options::default()).unwrap();
    let i = info(&r.bytes, "progress.pdf");
    assert_eq!(field(&i, "Author"), "Dr Claire Martin", "{i}");
    let pages: usize = field(&i, "Pages").parse().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let read = text(&r.bytes, "progress.pdf");
    let sheets: Vec<&str> = read
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(sheets.len(), pages);
    for (n, sheet) in sheets.iter().enumerate() {
        assert!(sheet.contains("BROUILLON"), "page {}: no stamp", n + 1);
        assert!(
            sheet.contains("Camille Dupont · plan du 14 décembre 2026"),
            "page {}",
            n + 1
        );
        assert!(
            sheet.contains(&format!("Page {} / {pages}", n + 1)),
            "page {}",
            n + 1
        );
        // A page with session rows starts them under the header, and never with one row alone.
        let rows = sheet
            .lines()
            .filter(|l| l.trim_start().starts_with("Séance "))
            .count();
        if rows > 0 {
            assert!(
                sheet.contains("Réaction"),
                "page {}: no table header",
                n + 1
            );
            assert!(rows >= 2, "page {}: a lone row", n + 1);
        }
    }
    // The chart: value labels, first and last dates, then its table.
    for want in ["42,5", "2 mars 2026", "14 décembre 2026", "De 18 à 42,5"] {
        assert!(read.contains(want), "{want} missing");
    }
    // Signature boxes with a line for the date.
    assert!(read.contains("Dr Claire Martin"));
    assert!(read.matches("Date :").count() >= 2, "{read}");
    tool("qpdf", &["--check"], &r.bytes, "progress.pdf");
}

#[test]
fn a_heading_is_never_alone_at_the_foot_of_a_page() {
    // Paragraphs push a heading towards the foot of the page at every height.
    for lines in 40..56 {
        let mut d = Document {
            title: "T".into(),
            footer: "F".into(),
            ..Document::default()
        };
        d.push(Block::Paragraph(vec!["ligne"; lines].join("\n")));
        d.heading("Titre seul");
        d.push(Block::Paragraph("Le texte qui suit le titre.".into()));
        let r = pdf::render_with(&d, &Options::default()).unwrap();
        let read = text(&r.bytes, "heading.pdf");
        for sheet in read.split('\u{c}') {
            if sheet.contains("Titre seul") {
                assert!(
                    sheet.contains("Le texte qui suit"),
                    "{lines} lines: heading alone"
                );
            }
        }
    }
}
