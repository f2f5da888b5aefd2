//! `report`: regenerate the lookup-singularity reproduction report (`report/README.md` and
//! its SVG plots) from scratch. See `benches/README.md` for how long it takes.
#![allow(clippy::print_stdout, clippy::print_stderr)] // A command-line tool reports.

use std::path::PathBuf;
use std::process::ExitCode;

use benches::e2e::{Pcs, Settings};
use benches::report::{self, Options};
use clap::Parser;

/// Run the scaling series and write the report.
#[derive(Parser)]
#[command(name = "report")]
struct Args {
    /// Output directory.
    #[arg(long, default_value = "report")]
    out: PathBuf,
    /// Smallest log2 trace length of the scaling series.
    #[arg(long, default_value_t = 14)]
    min_log: usize,
    /// Largest log2 trace length of the scaling series (2^20 needs ~3 GiB and minutes per
    /// run on 2 cores; 2^22 about 4x that).
    #[arg(long, default_value_t = 20)]
    max_log: usize,
    /// Only Hyrax (skip the Zeromorph series).
    #[arg(long)]
    hyrax_only: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.min_log > args.max_log || args.max_log > 24 {
        eprintln!("error: need --min-log <= --max-log <= 24");
        return ExitCode::from(2);
    }
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut settings = Settings::standard(examples);
    settings.max_log_cycles = args.max_log;
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let options = Options {
        log_sizes: (args.min_log..=args.max_log).collect(),
        schemes: if args.hyrax_only {
            vec![Pcs::Hyrax]
        } else {
            vec![Pcs::Hyrax, Pcs::Zeromorph]
        },
        settings,
        context: benches::machine_context(&command),
    };
    match report::generate(&args.out, &options) {
        Ok(()) => {
            println!("written: {}/README.md", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
