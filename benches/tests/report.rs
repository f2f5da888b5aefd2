//! The report command end to end at the smallest size: every section and figure is written,
//! the numbers in it come from the run, and the e2e table agrees with the records.

use std::path::PathBuf;

use benches::e2e::{Pcs, Settings};
use benches::report::{self, Options, log_log_slope};

#[test]
fn the_report_regenerates_every_section_from_a_run() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut settings = Settings::standard(examples);
    settings.memory.memory_size = 256 << 10;
    settings.max_log_cycles = 14;
    let options = Options {
        log_sizes: vec![13, 14],
        schemes: vec![Pcs::Hyrax],
        settings,
        context: benches::machine_context("cargo test -p benches --test report"),
    };
    report::generate(dir.path(), &options).expect("the report is generated");
    let md = std::fs::read_to_string(dir.path().join("README.md")).expect("README.md");
    for section in [
        "## 1. Instructions as lookups",
        "## 2. What a cycle commits to",
        "## 3. Lasso cost vs table size",
        "## 4. Scaling with trace length",
        "## 5. Cost breakdown per layer",
        "| DIV |",
        "Commit ",
    ] {
        assert!(md.contains(section), "missing {section:?}");
    }
    for svg in [
        "lasso_cost.svg",
        "prove_time.svg",
        "proof_size.svg",
        "verify_time.svg",
        "breakdown.svg",
    ] {
        let text = std::fs::read_to_string(dir.path().join(svg)).expect("the figure exists");
        assert!(text.starts_with("<svg"), "{svg} is an SVG");
        // Line plots mark every measured point; the bar chart draws one bar per layer.
        let marks = if svg == "breakdown.svg" {
            "<rect"
        } else {
            "<circle"
        };
        assert!(text.matches(marks).count() >= 2, "{svg} draws its data");
    }
    let csv = std::fs::read_to_string(dir.path().join("e2e.csv")).expect("e2e.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "one run per size");
    for row in rows {
        assert!(row.starts_with("sha2-chain:"), "{row}");
        let padded: u64 = row
            .split(',')
            .nth(4)
            .expect("a padded column")
            .parse()
            .expect("a number");
        assert!(padded == 1 << 13 || padded == 1 << 14, "{row}");
    }
}

#[test]
fn slopes_are_fitted_on_log_log_axes() {
    let linear: Vec<(f64, f64)> = (10..16)
        .map(|k| (2f64.powi(k), 3.0 * 2f64.powi(k)))
        .collect();
    let slope = log_log_slope(&linear).expect("enough points");
    assert!((slope - 1.0).abs() < 1e-9, "{slope}");
    let quadratic: Vec<(f64, f64)> = (1..6).map(|k| (f64::from(k), f64::from(k * k))).collect();
    assert!((log_log_slope(&quadratic).expect("enough points") - 2.0).abs() < 1e-9);
    assert_eq!(log_log_slope(&[(1.0, 1.0)]), None);
}
