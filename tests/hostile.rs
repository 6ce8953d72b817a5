//! Systematic damage to a real plan: every truncation and every deleted or duplicated line must
//! give either a valid plan or one clean error line naming the file — never a panic.

mod common;

use std::path::Path;

use trichoplan::store::parse_plan;

fn assert_clean(bytes: &[u8], what: &str) {
    let path = Path::new("plan.yaml");
    match std::panic::catch_unwind(|| parse_plan(bytes, path)) {
        Err(_) => panic!("{what}: panicked"),
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            let msg = e.to_string();
            assert!(msg.starts_with("plan.yaml"), "{what}: {msg}");
            assert!(!msg.chars().any(char::is_control), "{what}: {msg:?}");
        }
    }
}

fn examples() -> Vec<(String, Vec<u8>)> {
    common::examples()
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn every_truncation_is_valid_or_cleanly_refused() {
    for (name, bytes) in examples() {
        for cut in 0..bytes.len() {
            assert_clean(&bytes[..cut], &format!("{name} cut at {cut}"));
        }
    }
}

#[test]
fn every_deleted_or_duplicated_line_is_valid_or_cleanly_refused() {
    for (name, bytes) in examples() {
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut without = lines.clone();
            without.remove(i);
            assert_clean(
                without.join("\n").as_bytes(),
                &format!("{name} without line {}", i + 1),
            );
            let mut twice = lines.clone();
            twice.insert(i, lines[i]);
            assert_clean(
                twice.join("\n").as_bytes(),
                &format!("{name} line {} twice", i + 1),
            );
        }
    }
}

#[test]
fn legal_yaml_features_are_read_like_plain_text_and_risky_ones_refused() {
    let good =
        std::fs::read_to_string(common::root().join("plans/camille-dupont-2026.yaml")).unwrap();
    // Flow style, an unused anchor, quoting and a byte-order mark read the same.
    let fancy = format!(
        "\u{feff}{}",
        good.replacen(
            "  zones:\n  - frontal\n  - vertex\n  - temporal_left\n  - temporal_right\n",
            "  zones: &all [frontal, vertex, temporal_left, temporal_right]\n",
            1
        )
        .replacen("status: active", "status: 'active'", 1)
    );
    let a = parse_plan(good.as_bytes(), Path::new("a.yaml")).unwrap();
    let b = parse_plan(fancy.as_bytes(), Path::new("b.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
    // Tags and aliases change or multiply what is read: refused, with their place.
    for (from, to, want) in [
        (
            "status: active",
            "status: !!str active",
            "b.yaml:3:9: YAML tags",
        ),
        (
            "  name: Camille Dupont",
            "  name: !!python/object:os.system id",
            "b.yaml:16:9: YAML tags",
        ),
        ("  - temporal_right\n", "  - *all\n", "b.yaml:"),
    ] {
        let bad = good
            .replacen("  zones:\n  - frontal", "  zones: &all\n  - frontal", 1)
            .replacen(from, to, 1);
        let e = parse_plan(bad.as_bytes(), Path::new("b.yaml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(want), "{to}: {e}");
    }
}
