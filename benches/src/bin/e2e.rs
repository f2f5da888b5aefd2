//! `e2e`: prove and verify standard workloads end to end and record cycles, time per stage,
//! proof size, peak memory and throughput (CSV + Markdown). See `benches/README.md`.
#![allow(clippy::print_stdout, clippy::print_stderr)] // A command-line tool reports.

use std::path::PathBuf;
use std::process::ExitCode;

use benches::e2e::{self, Pcs, Settings, Workload};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, ValueEnum)]
enum PcsChoice {
    Hyrax,
    Zeromorph,
    Both,
}

/// Prove and verify standard workloads; write `e2e.csv` and `e2e.md`.
#[derive(Parser)]
#[command(name = "e2e")]
struct Args {
    /// Workloads as NAME:SIZE (fib:N, sha2-chain:ITERATIONS, sha3-chain:ITERATIONS,
    /// sha2:BYTES, sort:N, muldiv:N).
    #[arg(default_values = ["fib:5000", "sha2-chain:20", "sha2:2048", "sort:1000", "muldiv:1000"])]
    workloads: Vec<String>,
    /// Commitment scheme(s).
    #[arg(long, value_enum, default_value = "hyrax")]
    pcs: PcsChoice,
    /// Output directory.
    #[arg(long, default_value = "target/e2e")]
    out: PathBuf,
    /// Bound on log2 of the trace length (preprocessing and the Zeromorph SRS size follow it).
    #[arg(long, default_value_t = 22)]
    max_log_cycles: usize,
    /// Guest RAM in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    memory_size: u32,
    /// Prove in shards of at most 2^K - 1 trace rows (continuations), streaming one shard at
    /// a time; K must be at most --max-log-cycles.
    #[arg(long, value_name = "K")]
    shard_log_rows: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let workloads: Result<Vec<Workload>, String> =
        args.workloads.iter().map(|w| Workload::parse(w)).collect();
    let workloads = match workloads {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut settings = Settings::standard(examples);
    settings.max_log_cycles = args.max_log_cycles;
    settings.memory.memory_size = args.memory_size;
    settings.shard_log_rows = args.shard_log_rows;
    let schemes: &[Pcs] = match args.pcs {
        PcsChoice::Hyrax => &[Pcs::Hyrax],
        PcsChoice::Zeromorph => &[Pcs::Zeromorph],
        PcsChoice::Both => &[Pcs::Hyrax, Pcs::Zeromorph],
    };
    let mut records = Vec::new();
    for workload in &workloads {
        for pcs in schemes {
            eprintln!("{} with {} ...", workload.label(), pcs.name());
            match e2e::measure(&settings, *workload, *pcs) {
                Ok(r) => {
                    eprintln!(
                        "  {} cycles ({} × 2^{} padded): prove {:.2} s = {:.0} cycles/s, verify {:.0} \
                         ms, proof {} KB, peak RSS {} MB",
                        r.cycles,
                        r.shards,
                        r.log_padded,
                        r.prove_s,
                        r.cycles_per_s(),
                        r.verify_s * 1e3,
                        r.proof_bytes / 1024,
                        r.peak_rss >> 20
                    );
                    records.push(r);
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let context = benches::machine_context(&std::env::args().collect::<Vec<_>>().join(" "));
    if let Err(e) = e2e::write(&args.out, &records, &context) {
        eprintln!("error: writing {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    println!("{}", e2e::markdown(&records, &context));
    println!(
        "written: {}/e2e.csv, {}/e2e.md",
        args.out.display(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
