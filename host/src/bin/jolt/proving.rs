//! `jolt prove`, `jolt verify` and `jolt profile`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use host::footprint::{self, Footprint, human_bytes};
use host::jolt_core::pcs::{Hyrax, HyraxParams, Zeromorph};
use host::provable::EntryRecord;
use host::{
    DEFAULT_MAX_LOG_CYCLES, Expectations, GuestProgram, HostError, HostPcs, PcsKind, Proof,
    ProofHeader, Prover, ShardPlan, SrsSource, Statement, Verifier, preprocess,
};

use crate::observe::Observer;
use crate::{GuestCrateArgs, MemoryArgs, parse_hex};

/// The program to prove: an ELF, or a guest crate to build.
#[derive(Args)]
pub(crate) struct ProgramArgs {
    /// Any RV32IM ELF (statically linked, no compressed instructions). Without it, the guest
    /// crate at --path is built.
    #[arg(long, conflicts_with = "function")]
    elf: Option<PathBuf>,
    #[command(flatten)]
    guest: GuestCrateArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

/// A program, and what its ELF records when it is a `#[provable]` function's.
struct Loaded {
    guest: GuestProgram,
    record: Option<EntryRecord>,
}

impl Loaded {
    /// The trace bound: `--max-log-cycles`, else the program's configuration (a
    /// `#[provable]` function's attribute), else the default. Never the proof file's. Also
    /// says where it came from.
    fn bound(&self, flag: Option<usize>) -> (usize, String) {
        match (flag, &self.record) {
            (Some(bound), _) => (bound, "--max-log-cycles".into()),
            (None, Some(r)) => (
                r.max_log_cycles,
                format!("the #[provable] attribute of {}", r.function),
            ),
            (None, None) => (
                DEFAULT_MAX_LOG_CYCLES,
                format!("the default (2^{DEFAULT_MAX_LOG_CYCLES}); set it with --max-log-cycles"),
            ),
        }
    }
}

impl ProgramArgs {
    fn load(&self, observer: &Observer) -> Result<Loaded, String> {
        let (elf, record) = match &self.elf {
            Some(elf) => (elf.clone(), None),
            None => {
                observer.stage("building the guest");
                self.guest.build(&self.memory)?
            }
        };
        let config = if self.elf.is_some() {
            self.memory.override_config()
        } else {
            None
        };
        let guest = GuestProgram::load(&elf, config).map_err(|e| e.to_string())?;
        // A #[provable] function's ELF given with --elf records its bound too.
        let record = record.or_else(|| guest.elf().and_then(EntryRecord::read));
        Ok(Loaded { guest, record })
    }
}

/// The commitment scheme.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(crate) enum PcsArg {
    /// Hyrax: transparent (no setup file), larger proofs.
    #[default]
    Hyrax,
    /// Zeromorph (KZG): small proofs; needs --srs FILE, or --dev-srs (insecure).
    Zeromorph,
}

impl PcsArg {
    fn kind(self) -> PcsKind {
        match self {
            PcsArg::Hyrax => PcsKind::Hyrax,
            PcsArg::Zeromorph => PcsKind::Zeromorph,
        }
    }
}

/// Zeromorph's structured reference string.
#[derive(Args)]
pub(crate) struct SrsArgs {
    /// A KZG SRS file (powers of tau; written by pcs::KzgSrs::save) for Zeromorph.
    #[arg(long, value_name = "FILE", conflicts_with = "dev_srs")]
    srs: Option<PathBuf>,
    /// Use the INSECURE development SRS for Zeromorph (its secret is public: proofs can be
    /// forged). For trying things out only.
    #[arg(long)]
    dev_srs: bool,
}

impl SrsArgs {
    fn source(&self) -> Result<SrsSource, String> {
        match (&self.srs, self.dev_srs) {
            (Some(path), _) => Ok(SrsSource::File(path.clone())),
            (None, true) => Ok(SrsSource::InsecureDev),
            (None, false) => Err("Zeromorph needs a structured reference string: pass --srs \
                 FILE (from a powers-of-tau ceremony) or --dev-srs (insecure, development \
                 only)"
                .into()),
        }
    }
}

/// Arguments of `jolt prove`.
#[derive(Args)]
pub(crate) struct ProveArgs {
    #[command(flatten)]
    program: ProgramArgs,
    /// Input bytes in hex (for SDK guests: the postcard encoding of the arguments).
    #[arg(long, default_value = "")]
    input: String,
    /// The commitment scheme.
    #[arg(long, value_enum, default_value_t)]
    pcs: PcsArg,
    #[command(flatten)]
    srs: SrsArgs,
    /// log2 of the largest shard the preprocessing supports (longer runs are proven in
    /// several shards). Default: the `#[provable]` attribute's max_trace_length for a
    /// function's ELF, else 20.
    #[arg(long)]
    max_log_cycles: Option<usize>,
    /// log2 of the shard size: the run is proven in shards of at most 2^K - 1 trace rows, one
    /// at a time. It trades memory for shards: a shard needs about 3.7 KB per row (plus the
    /// address space), and each extra shard adds a shard proof to the file and to the
    /// verifier's work. At most --max-log-cycles; default: the smaller of --max-log-cycles
    /// and 20.
    #[arg(long, value_name = "K")]
    shard_log_rows: Option<usize>,
    /// Stop with an error after this many RV32IM instructions (the whole run, all shards).
    #[arg(long, value_name = "N", default_value_t = tracer::DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Check the memory estimate against BYTES instead of the machine's available memory
    /// (for tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    assume_available_memory: Option<u64>,
    /// Where to write the proof file.
    #[arg(long, short = 'o', default_value = "proof.jolt")]
    proof: PathBuf,
}

/// Arguments of `jolt verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The proof file written by `jolt prove`.
    #[arg(long, default_value = "proof.jolt")]
    proof: PathBuf,
    #[command(flatten)]
    program: ProgramArgs,
    #[command(flatten)]
    srs: SrsArgs,
    /// log2 of the trace bound the proof must have been made for. Default: the `#[provable]`
    /// attribute's max_trace_length for a function's ELF, else 20; never the proof file's.
    #[arg(long)]
    max_log_cycles: Option<usize>,
    /// Require this input (hex), instead of accepting the one the proof states.
    #[arg(long, visible_alias = "input", value_name = "HEX")]
    expect_input: Option<String>,
    /// Require this output (hex), instead of accepting the one the proof states.
    #[arg(long, visible_alias = "output", value_name = "HEX")]
    expect_output: Option<String>,
    /// Require this exit code (0: a normal return; 101: a guest panic).
    #[arg(long, value_name = "CODE")]
    expect_exit: Option<u32>,
}

impl VerifyArgs {
    fn expectations(&self) -> Result<Expectations, String> {
        let mut expect = Expectations::new();
        if let Some(input) = &self.expect_input {
            expect = expect.input(parse_hex("--expect-input", input)?);
        }
        if let Some(output) = &self.expect_output {
            expect = expect.output(parse_hex("--expect-output", output)?);
        }
        if let Some(code) = self.expect_exit {
            expect = expect.exit_code(code);
        }
        Ok(expect)
    }
}

/// Arguments of `jolt profile`.
#[derive(Args)]
pub(crate) struct ProfileArgs {
    #[command(flatten)]
    prove: ProveArgs,
}

pub(crate) fn prove(args: &ProveArgs, observer: &Observer) -> Result<ExitCode, String> {
    prove_or_profile(args, observer, false)
}

pub(crate) fn profile(args: &ProfileArgs, observer: &Observer) -> Result<ExitCode, String> {
    prove_or_profile(&args.prove, observer, true)
}

fn prove_or_profile(
    args: &ProveArgs,
    observer: &Observer,
    profile: bool,
) -> Result<ExitCode, String> {
    let input = parse_hex("--input", &args.input)?;
    let loaded = args.program.load(observer)?;
    let (max_log_cycles, _) = loaded.bound(args.max_log_cycles);
    let job = ProveJob {
        args,
        guest: &loaded.guest,
        input: &input,
        max_log_cycles,
        observer,
        profile,
    };
    with_scheme(
        args.pcs.kind(),
        &args.srs,
        &loaded.guest,
        max_log_cycles,
        observer,
        job,
    )
}

/// Something to do with whichever commitment scheme the user chose.
trait SchemeJob {
    fn run<C: HostPcs>(self, params: &C::Params) -> Result<ExitCode, String>;
}

/// Runs `job` with the scheme `kind` (loading Zeromorph's SRS as `srs` says).
fn with_scheme(
    kind: PcsKind,
    srs: &SrsArgs,
    guest: &GuestProgram,
    max_log_cycles: usize,
    observer: &Observer,
    job: impl SchemeJob,
) -> Result<ExitCode, String> {
    match kind {
        PcsKind::Hyrax => job.run::<Hyrax>(&HyraxParams::default()),
        PcsKind::Zeromorph => {
            let source = srs.source()?;
            observer.stage("loading the SRS");
            let srs = source
                .load(guest, max_log_cycles)
                .map_err(|e| e.to_string())?;
            job.run::<Zeromorph>(&srs)
        }
    }
}

struct ProveJob<'a> {
    args: &'a ProveArgs,
    guest: &'a GuestProgram,
    input: &'a [u8],
    max_log_cycles: usize,
    observer: &'a Observer,
    profile: bool,
}

impl SchemeJob for ProveJob<'_> {
    fn run<C: HostPcs>(self, params: &C::Params) -> Result<ExitCode, String> {
        if self.profile {
            profile_with::<C>(&self, params)
        } else {
            prove_with::<C>(&self, params)
        }
    }
}

/// A prover with the user's shard size and cycle limit, the run's plan (pass 1) and the
/// estimated memory of its largest shard, checked against the memory available: everything
/// decided before proving.
struct Prepared<C: HostPcs> {
    prover: Prover<C>,
    plan: ShardPlan,
    footprint: Footprint,
    available: Option<u64>,
    preprocessed: std::time::Duration,
}

fn prepare<C: HostPcs>(job: &ProveJob<'_>, params: &C::Params) -> Result<Prepared<C>, String> {
    let args = job.args;
    let start = Instant::now();
    let (prover, _) =
        preprocess::<C>(job.guest, job.max_log_cycles, params).map_err(|e| e.to_string())?;
    let preprocessed = start.elapsed();
    let mut prover = prover.with_max_cycles(args.max_cycles);
    if let Some(k) = args.shard_log_rows {
        prover = prover.with_shard_log_rows(k);
    }
    job.observer
        .stage("running the guest to find the shard boundaries");
    let plan = prover.plan(job.input).map_err(|e| e.to_string())?;
    let footprint = prover.footprint(&plan);
    let available = args
        .assume_available_memory
        .or_else(footprint::available_memory);
    footprint.check(available).map_err(|e| e.to_string())?;
    Ok(Prepared {
        prover,
        plan,
        footprint,
        available,
        preprocessed,
    })
}

/// How the run was cut, and what one shard costs in memory.
fn print_shards<C: HostPcs>(prepared: &Prepared<C>) {
    let (plan, footprint) = (&prepared.plan, &prepared.footprint);
    println!(
        "shards:      {} of at most 2^{} rows ({} rows in all, {} instructions)",
        plan.shards.len(),
        plan.shard_log_rows,
        plan.rows(),
        plan.instructions()
    );
    println!(
        "memory:      about {} per shard (largest shard 2^{} rows; estimate), {} available",
        human_bytes(footprint.bytes()),
        footprint.log_rows,
        prepared
            .available
            .map_or_else(|| "unknown".to_string(), human_bytes)
    );
}

fn prove_with<C: HostPcs>(job: &ProveJob<'_>, params: &C::Params) -> Result<ExitCode, String> {
    let (args, input, observer) = (job.args, job.input, job.observer);
    let prepared = prepare::<C>(job, params)?;
    let start = Instant::now();
    let proof = prepared
        .prover
        .prove_plan(input, &prepared.plan, &mut |e| observer.shard(e))
        .map_err(|e| e.to_string())?;
    let proved = start.elapsed();
    proof.save(&args.proof).map_err(|e| e.to_string())?;
    observer.stage("done");
    print_statement(&proof);
    print_shards(&prepared);
    println!("preprocess:  {:.2} s", prepared.preprocessed.as_secs_f64());
    println!("prove:       {:.2} s", proved.as_secs_f64());
    println!(
        "proof:       {} ({} bytes)",
        args.proof.display(),
        std::fs::metadata(&args.proof).map(|m| m.len()).unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

/// The statement in full, and the scheme.
fn print_statement<C: HostPcs>(proof: &Proof<C>) {
    let statement = Statement {
        io: &proof.io,
        max_log_cycles: proof.max_log_cycles,
    };
    println!("{statement}");
    println!("scheme:      {}", C::KIND);
}

/// Exit status of a rejected proof.
const REJECTED: u8 = 1;

pub(crate) fn verify(args: &VerifyArgs, observer: &Observer) -> Result<ExitCode, String> {
    let expect = args.expectations()?;
    let bytes = std::fs::read(&args.proof)
        .map_err(|e| format!("cannot read the proof file {}: {e}", args.proof.display()))?;
    let header = match ProofHeader::parse(&bytes) {
        Ok(h) => h,
        Err(e) => return Ok(rejected(&args.proof, &HostError::File(e))),
    };
    let loaded = args.program.load(observer)?;
    let (max_log_cycles, bound_source) = loaded.bound(args.max_log_cycles);
    let job = VerifyJob {
        args,
        bytes: &bytes,
        guest: &loaded.guest,
        max_log_cycles,
        bound_source: &bound_source,
        expect: &expect,
    };
    // The scheme is the file's (both are sound; Zeromorph's SRS is still the verifier's).
    with_scheme(
        header.kind,
        &args.srs,
        &loaded.guest,
        max_log_cycles,
        observer,
        job,
    )
}

struct VerifyJob<'a> {
    args: &'a VerifyArgs,
    bytes: &'a [u8],
    guest: &'a GuestProgram,
    max_log_cycles: usize,
    bound_source: &'a str,
    expect: &'a Expectations,
}

impl SchemeJob for VerifyJob<'_> {
    fn run<C: HostPcs>(self, params: &C::Params) -> Result<ExitCode, String> {
        verify_with::<C>(&self, params)
    }
}

fn verify_with<C: HostPcs>(job: &VerifyJob<'_>, params: &C::Params) -> Result<ExitCode, String> {
    let path = &job.args.proof;
    let proof = match Proof::<C>::from_bytes(job.bytes) {
        Ok(p) => p,
        Err(e) => return Ok(rejected(path, &HostError::File(e))),
    };
    let verifier =
        Verifier::<C>::new(job.guest, job.max_log_cycles, params).map_err(|e| e.to_string())?;
    let start = Instant::now();
    match verifier.verify_expecting(&proof, job.expect) {
        Ok(()) => {
            println!("accepted ({:.3} s)", start.elapsed().as_secs_f64());
            print_statement(&proof);
            println!("shards:      {}", proof.proof.num_shards());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.is_rejection() => {
            let code = rejected(path, &e);
            if matches!(e, HostError::WrongBound { .. }) {
                eprintln!(
                    "note: this verifier's bound comes from {}",
                    job.bound_source
                );
            }
            Ok(code)
        }
        Err(e) => Err(e.to_string()),
    }
}

fn rejected(path: &Path, e: &HostError) -> ExitCode {
    eprintln!("rejected: {}: {e}", path.display());
    ExitCode::from(REJECTED)
}

fn profile_with<C: HostPcs>(job: &ProveJob<'_>, params: &C::Params) -> Result<ExitCode, String> {
    let (args, guest, input, observer) = (job.args, job.guest, job.input, job.observer);
    let prepared = prepare::<C>(job, params)?;
    // The analysis holds the whole run's trace; the prover holds one shard. Analyse only a
    // run whose trace takes no more memory than proving one shard (checked above).
    let trace_bytes = prepared
        .plan
        .instructions()
        .saturating_mul(size_of::<tracer::TraceRow>() as u64);
    let analysis = if trace_bytes <= prepared.footprint.bytes() {
        // The plan ran the guest to its exit within the cycle limit.
        Some(
            guest
                .analyze(input, prepared.prover.max_cycles())
                .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    let profiled =
        host::profile::prove_profiled(&prepared.prover, input, &prepared.plan, &mut |e| {
            observer.shard(e);
        })
        .map_err(|e| e.to_string())?;
    prepared
        .prover
        .verifier()
        .verify(&profiled.proof)
        .map_err(|e| format!("internal error: the fresh proof does not verify: {e}"))?;
    profiled
        .proof
        .save(&args.proof)
        .map_err(|e| e.to_string())?;
    observer.stage("done");

    println!(
        "program: {} instructions executed",
        prepared.plan.instructions()
    );
    match &analysis {
        Some(a) => println!(
            "memory:  stack {} of {} bytes, heap high-water {} of {} bytes",
            a.stack_used, a.stack_size, a.heap_touched, a.heap_size
        ),
        None => println!(
            "memory:  not analysed: the run's whole trace ({}) is larger than one shard's \
             prover memory (the analysis holds all of it)",
            human_bytes(trace_bytes)
        ),
    }
    print_shards(&prepared);
    println!("\ntime per stage (wall clock; nested stages indented, within their parent)");
    for s in observer.stages() {
        println!(
            "  {:indent$}{:<width$} {:>9.3} s{}",
            "",
            s.name,
            s.total.as_secs_f64(),
            if s.count > 1 {
                format!("  ({}x)", s.count)
            } else {
                String::new()
            },
            indent = 2 * s.depth,
            width = 34usize.saturating_sub(2 * s.depth),
        );
    }
    let sizes = host::profile::sharded_proof_sizes(&profiled.proof.proof);
    let total: usize = sizes.iter().map(|(_, n)| n).sum();
    println!(
        "\nproof size per component ({}, {} bytes in all)",
        C::KIND,
        total
    );
    for (name, n) in &sizes {
        println!(
            "  {name:<50} {n:>9} B  {:>5.1}%",
            100.0 * *n as f64 / total.max(1) as f64
        );
    }
    // Committed polynomials, elements and bits per component (jolt_core::report): the
    // "where are the costs paid" of the Lasso/Jolt papers.
    match &profiled.committed {
        Some(committed) => println!("\n{}", committed.to_markdown()),
        None => println!(
            "\ncommitted bits per cycle: reported for runs that fit one shard (this run has \
             {} shards: raise --shard-log-rows, up to --max-log-cycles, to see it)",
            prepared.plan.shards.len()
        ),
    }
    if let Some(analysis) = &analysis {
        println!("\ntop instructions");
        for (mnemonic, count) in analysis.instructions.iter().take(10) {
            println!("  {mnemonic:<8} {count:>10}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
