//! End-to-end measurement: build a workload's guest, preprocess, trace, prove, verify, and
//! record what a performance-minded adopter asks for — cycles, padded cycles, time per stage,
//! proof size, peak memory, throughput — plus the committed data per component.
//!
//! Throughput is **RV32IM instructions per second of proving** (`cycles / prove_s`, where
//! prove time covers tracing, witness generation, commitments, every sum-check and the
//! opening, from the input bytes to the proof). The bytecode rows executed (virtual
//! sequences expanded) and the padded length $T$ are reported beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use host::GuestBuild;
use host::profile::StageTimer;
use jolt_core::pcs::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, Zeromorph};
use jolt_core::report::{CommittedReport, proof_sizes};
use tracer::{MemoryConfig, Program};
use tracing_subscriber::layer::SubscriberExt as _;

/// A standard workload and its size parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// `fib(n)` (u32 arithmetic in a loop).
    Fib(u32),
    /// SHA-256 iterated over a 32-byte seed (the zkvm-benchmarks "sha2-chain").
    Sha2Chain(u32),
    /// Keccak-256 iterated over a 32-byte seed.
    Sha3Chain(u32),
    /// One SHA-256 over this many bytes.
    Sha2(u32),
    /// Sort `n` pseudo-random words (memory-heavy).
    Sort(u32),
    /// `n` multiplications and divisions (the M extension's virtual sequences).
    Muldiv(u32),
    /// `n` ECDSA (secp256k1, RustCrypto `k256`) verifications of one signature: about 5.7 M
    /// instructions each — the continuations workload.
    Ecdsa(u32),
}

impl Workload {
    /// Parses `name:size`, e.g. `sha2-chain:230`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (name, size) = s
            .split_once(':')
            .ok_or_else(|| format!("`{s}`: expected NAME:SIZE, e.g. sha2-chain:230"))?;
        let n: u32 = size
            .parse()
            .map_err(|e| format!("`{s}`: bad size `{size}`: {e}"))?;
        Ok(match name {
            "fib" => Self::Fib(n),
            "sha2-chain" => Self::Sha2Chain(n),
            "sha3-chain" => Self::Sha3Chain(n),
            "sha2" => Self::Sha2(n),
            "sort" => Self::Sort(n),
            "muldiv" => Self::Muldiv(n),
            "ecdsa" => Self::Ecdsa(n),
            _ => {
                return Err(format!(
                    "`{name}`: unknown workload (fib, sha2-chain, sha3-chain, sha2, sort, muldiv, \
                     ecdsa)"
                ));
            }
        })
    }

    /// The example guest that runs it.
    pub fn guest(&self) -> &'static str {
        match self {
            Self::Fib(_) => "fib",
            Self::Sha2Chain(_) | Self::Sha2(_) => "sha2-chain",
            Self::Sha3Chain(_) => "sha3-chain",
            Self::Sort(_) => "sort",
            Self::Muldiv(_) => "muldiv",
            Self::Ecdsa(_) => "ecdsa-k256",
        }
    }

    /// The guest's input (postcard encoding of its arguments).
    pub fn input(&self) -> Vec<u8> {
        let encoded = match *self {
            Self::Fib(n) => postcard::to_allocvec(&n),
            Self::Sha2Chain(n) | Self::Sha3Chain(n) => postcard::to_allocvec(&(vec![0u8; 32], n)),
            Self::Sha2(bytes) => postcard::to_allocvec(&(vec![0xa5u8; bytes as usize], 1u32)),
            Self::Sort(n) => postcard::to_allocvec(&(n, 0x5eed_u64)),
            Self::Muldiv(n) => postcard::to_allocvec(&(n, 0x5eed_u32)),
            Self::Ecdsa(n) => {
                let (key, prehash, signature) = ecdsa_vector();
                postcard::to_allocvec(&(key, prehash, signature, n))
            }
        };
        encoded.expect("postcard encodes plain tuples")
    }

    /// `name:size`.
    pub fn label(&self) -> String {
        let n = match *self {
            Self::Fib(n)
            | Self::Sha2Chain(n)
            | Self::Sha3Chain(n)
            | Self::Sha2(n)
            | Self::Sort(n)
            | Self::Muldiv(n)
            | Self::Ecdsa(n) => n,
        };
        let name = match self {
            Self::Sha2(_) => "sha2",
            Self::Ecdsa(_) => "ecdsa",
            other => other.guest(),
        };
        format!("{name}:{n}")
    }
}

/// The `ecdsa` workload's statement: a SEC1 public key, a 32-byte digest and its 64-byte
/// signature, signed here by `k256` with a fixed key (RFC 6979 nonces, so always the same).
pub fn ecdsa_vector() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use k256::ecdsa::signature::hazmat::PrehashSigner;
    use k256::ecdsa::{Signature, SigningKey};
    let secret = [0x1du8; 32];
    let key = SigningKey::from_slice(&secret).expect("a valid secp256k1 scalar");
    let prehash: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37) ^ 0x5c).collect();
    let signature: Signature = key.sign_prehash(&prehash).expect("signs");
    let public = key.verifying_key().to_encoded_point(true);
    (
        public.as_bytes().to_vec(),
        prehash,
        signature.to_bytes().to_vec(),
    )
}

/// Which commitment scheme a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pcs {
    /// Hyrax (transparent).
    Hyrax,
    /// Zeromorph over an insecure development SRS (fine for timing, not for security).
    Zeromorph,
}

impl Pcs {
    /// Its name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Hyrax => "hyrax",
            Self::Zeromorph => "zeromorph",
        }
    }
}

/// One measured run.
#[derive(Clone, Debug)]
pub struct Record {
    /// `name:size`.
    pub workload: String,
    /// The commitment scheme.
    pub pcs: &'static str,
    /// RV32IM instructions executed.
    pub cycles: u64,
    /// Bytecode rows executed (virtual sequences expanded).
    pub rows: usize,
    /// $\log_2$ of the padded trace length.
    pub log_padded: usize,
    /// Preprocessing (PCS setup included), seconds.
    pub preprocess_s: f64,
    /// Tracing alone, seconds.
    pub trace_s: f64,
    /// Proving from input bytes to proof, seconds.
    pub prove_s: f64,
    /// Verifying, seconds.
    pub verify_s: f64,
    /// Proof size in bytes.
    pub proof_bytes: usize,
    /// Proof size per component.
    pub proof_parts: Vec<(&'static str, usize)>,
    /// Peak resident memory during proving and verifying, bytes (0 if unknown).
    pub peak_rss: u64,
    /// Time inside each prover span (`trace`, `witness`, `commit`, ...), seconds, in the
    /// order the spans first opened (a span at two nesting depths is listed twice).
    pub stages: Vec<(String, f64)>,
    /// What was committed (runs proven in one piece; `None` for sharded runs).
    pub committed: Option<CommittedReport>,
    /// Shards the run was proven in (1: one piece).
    pub shards: usize,
    /// R1CS constraints and columns (variables) per cycle.
    pub r1cs: (usize, usize),
}

impl Record {
    /// Instructions proven per second.
    pub fn cycles_per_s(&self) -> f64 {
        self.cycles as f64 / self.prove_s
    }
    /// Peak memory per padded cycle, bytes.
    pub fn rss_per_cycle(&self) -> f64 {
        self.peak_rss as f64 / (1u64 << self.log_padded) as f64
    }
}

/// How to build and size the runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Guest memory configuration.
    pub memory: MemoryConfig,
    /// Bound on $\log_2 T$ for preprocessing.
    pub max_log_cycles: usize,
    /// The `examples/` workspace.
    pub examples: PathBuf,
    /// Prove in shards of at most `2^k - 1` rows (continuations) instead of in one piece.
    pub shard_log_rows: Option<usize>,
}

impl Settings {
    /// 1 MiB of RAM, 64 KiB of stack, 4 KiB of input and output, up to $2^{22}$ cycles.
    pub fn standard(examples: PathBuf) -> Self {
        Self {
            memory: MemoryConfig {
                memory_size: 1 << 20,
                stack_size: 64 << 10,
                max_input_size: 4 << 10,
                max_output_size: 4 << 10,
            },
            max_log_cycles: 22,
            examples,
            shard_log_rows: None,
        }
    }
}

/// Builds (once per guest; cargo caches) and loads the guest of `workload`.
pub fn load(settings: &Settings, workload: Workload) -> Result<Program, String> {
    let path = GuestBuild::new(&settings.examples)
        .package(workload.guest())
        .config(settings.memory)
        .locked(true)
        .build()
        .map_err(|e| format!("building {}: {e}", workload.guest()))?;
    host::load_elf(&path, None).map_err(|e| e.to_string())
}

/// Measures one workload with one PCS.
pub fn measure(settings: &Settings, workload: Workload, pcs: Pcs) -> Result<Record, String> {
    let program = load(settings, workload)?;
    match pcs {
        Pcs::Hyrax => measure_with::<Hyrax>(settings, workload, &program, &HyraxParams::default()),
        Pcs::Zeromorph => {
            let shape = jolt_core::preprocessing::ProgramPreprocessing::new(
                &program,
                settings.max_log_cycles,
            )
            .map_err(|e| e.to_string())?;
            let srs = KzgSrs::insecure_dev(0xbe5c, 1 << shape.max_num_vars());
            measure_with::<Zeromorph>(settings, workload, &program, &srs)
        }
    }
    .map(|mut r| {
        r.pcs = pcs.name();
        r
    })
}

fn measure_with<C: CommitmentScheme>(
    settings: &Settings,
    workload: Workload,
    program: &Program,
    params: &C::Params,
) -> Result<Record, String> {
    let input = workload.input();
    let label = workload.label();
    let started = Instant::now();
    let (pp, vp) = jolt_core::preprocess::<C>(program, settings.max_log_cycles, params)
        .map_err(|e| e.to_string())?;
    let preprocess_s = started.elapsed().as_secs_f64();
    let r1cs = (
        pp.shared.r1cs.num_constraints(),
        pp.shared.r1cs.num_columns(),
    );

    if let Some(k) = settings.shard_log_rows {
        return measure_sharded(&label, &input, pp, &vp, k, preprocess_s, r1cs);
    }

    let started = Instant::now();
    let (outcome, trace) = tracer::trace(program, &input, 1 << settings.max_log_cycles)
        .map_err(|e| format!("{label}: {e}"))?;
    let trace_s = started.elapsed().as_secs_f64();
    drop(trace);

    reset_peak_rss();
    let timer = StageTimer::default();
    let subscriber = tracing_subscriber::registry().with(timer.clone());
    let started = Instant::now();
    let (io, proof, committed) =
        tracing::subscriber::with_default(subscriber, || jolt_core::prove_with_report(&pp, &input))
            .map_err(|e| format!("{label}: {e}"))?;
    let prove_s = started.elapsed().as_secs_f64();
    drop(pp);

    let started = Instant::now();
    jolt_core::verify(&vp, &io, &proof).map_err(|e| format!("{label}: rejected: {e}"))?;
    let verify_s = started.elapsed().as_secs_f64();
    let peak_rss = peak_rss();

    Ok(Record {
        workload: label,
        pcs: "",
        cycles: outcome.cycles,
        rows: committed.executed_rows,
        log_padded: proof.log_cycles as usize,
        preprocess_s,
        trace_s,
        prove_s,
        verify_s,
        proof_bytes: proof.size_in_bytes(),
        proof_parts: proof_sizes(&proof),
        peak_rss,
        stages: stage_seconds(&timer),
        committed: Some(committed),
        shards: 1,
        r1cs,
    })
}

/// Proves in shards of at most `2^k - 1` rows (streaming: one shard's witness at a time) and
/// verifies. `log_padded` is the shard size; the peak RSS is the whole run's.
fn measure_sharded<C: CommitmentScheme>(
    label: &str,
    input: &[u8],
    pp: jolt_core::ProverPreprocessing<C>,
    vp: &jolt_core::VerifierPreprocessing<C>,
    shard_log_rows: usize,
    preprocess_s: f64,
    r1cs: (usize, usize),
) -> Result<Record, String> {
    let max_cycles = tracer::DEFAULT_MAX_CYCLES;
    let started = Instant::now();
    let plan = jolt_core::shard::plan(&pp, input, shard_log_rows, max_cycles)
        .map_err(|e| format!("{label}: {e}"))?;
    let trace_s = started.elapsed().as_secs_f64();

    reset_peak_rss();
    let timer = StageTimer::default();
    let subscriber = tracing_subscriber::registry().with(timer.clone());
    let started = Instant::now();
    let (io, proof) = tracing::subscriber::with_default(subscriber, || {
        jolt_core::prove_sharded(&pp, input, shard_log_rows, max_cycles, &mut |event| {
            if let jolt_core::shard::ShardEvent::Proved { index, shards, .. } = event {
                eprintln!(
                    "  shard {}/{shards} proven at {:.1} s",
                    index + 1,
                    started.elapsed().as_secs_f64()
                );
            }
        })
    })
    .map_err(|e| format!("{label}: {e}"))?;
    let prove_s = started.elapsed().as_secs_f64();
    drop(pp);

    let started = Instant::now();
    jolt_core::verify_sharded(vp, &io, &proof).map_err(|e| format!("{label}: rejected: {e}"))?;
    let verify_s = started.elapsed().as_secs_f64();
    let peak_rss = peak_rss();
    let mut parts: Vec<(&'static str, usize)> = Vec::new();
    for shard in &proof.shards {
        for (name, bytes) in proof_sizes(shard) {
            match parts.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += bytes,
                None => parts.push((name, bytes)),
            }
        }
    }
    Ok(Record {
        workload: label.to_string(),
        pcs: "",
        cycles: plan.instructions(),
        rows: plan.rows(),
        log_padded: shard_log_rows,
        preprocess_s,
        trace_s,
        prove_s,
        verify_s,
        proof_bytes: proof.size_in_bytes(),
        proof_parts: parts,
        peak_rss,
        stages: stage_seconds(&timer),
        committed: None,
        shards: proof.num_shards(),
        r1cs,
    })
}

/// Seconds inside each prover span, in the order the spans first opened.
fn stage_seconds(timer: &StageTimer) -> Vec<(String, f64)> {
    timer
        .stages()
        .into_iter()
        .map(|s| (s.name.to_string(), s.total.as_secs_f64()))
        .collect()
}

/// Resets the kernel's peak-RSS counter of this process (Linux; a no-op elsewhere).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak RSS since the last reset, from `/proc/self/status` (0 where unavailable).
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// The CSV header of [`csv_row`].
pub const CSV_HEADER: &str = "workload,pcs,cycles,rows,padded_cycles,preprocess_s,trace_s,prove_s,\
verify_s,proof_bytes,peak_rss_bytes,cycles_per_s,rss_bytes_per_cycle,committed_elements_per_cycle,\
committed_bits_per_cycle,shards";

/// One CSV line.
pub fn csv_row(r: &Record) -> String {
    format!(
        "{},{},{},{},{},{:.3},{:.3},{:.3},{:.4},{},{},{:.0},{:.0},{},{},{}",
        r.workload,
        r.pcs,
        r.cycles,
        r.rows,
        1u64 << r.log_padded,
        r.preprocess_s,
        r.trace_s,
        r.prove_s,
        r.verify_s,
        r.proof_bytes,
        r.peak_rss,
        r.cycles_per_s(),
        r.rss_per_cycle(),
        r.committed
            .as_ref()
            .map_or(String::new(), |c| format!("{:.1}", c.elements_per_cycle())),
        r.committed
            .as_ref()
            .map_or(String::new(), |c| format!("{:.1}", c.bits_per_cycle())),
        r.shards
    )
}

/// A Markdown summary table, then per run the stage times and proof parts.
pub fn markdown(records: &[Record], context: &str) -> String {
    let mut out = format!("# End-to-end runs\n\n{context}\n\n");
    out += "| workload | PCS | cycles | padded | prove (s) | cycles/s | verify (ms) | proof (KB) | peak RSS (MB) | RSS / cycle (B) |\n";
    out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for r in records {
        let padded = if r.shards > 1 {
            format!("{} × 2^{}", r.shards, r.log_padded)
        } else {
            format!("2^{}", r.log_padded)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {padded} | {:.2} | {:.0} | {:.1} | {:.1} | {:.0} | {:.0} |",
            r.workload,
            r.pcs,
            r.cycles,
            r.prove_s,
            r.cycles_per_s(),
            r.verify_s * 1e3,
            r.proof_bytes as f64 / 1024.0,
            r.peak_rss as f64 / (1 << 20) as f64,
            r.rss_per_cycle()
        );
    }
    for r in records {
        let _ = write!(
            out,
            "\n## {} ({})\n\nProver stages (seconds inside each span; nested spans overlap their parent):\n\n| span | s | share of prove |\n|---|---:|---:|\n",
            r.workload, r.pcs
        );
        for (name, s) in &r.stages {
            let _ = writeln!(out, "| {name} | {s:.3} | {:.0}% |", 100.0 * s / r.prove_s);
        }
        out += "\nProof size by component:\n\n| part | KB |\n|---|---:|\n";
        for (name, bytes) in &r.proof_parts {
            let _ = writeln!(out, "| {name} | {:.1} |", *bytes as f64 / 1024.0);
        }
        out += "\n";
        if let Some(c) = &r.committed {
            out += &c.to_markdown();
        }
    }
    out
}

/// Writes `e2e.csv` and `e2e.md` under `dir`.
pub fn write(dir: &Path, records: &[Record], context: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut csv = String::from(CSV_HEADER);
    csv.push('\n');
    for r in records {
        csv += &csv_row(r);
        csv.push('\n');
    }
    std::fs::write(dir.join("e2e.csv"), csv)?;
    std::fs::write(dir.join("e2e.md"), markdown(records, context))
}
