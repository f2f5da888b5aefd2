//! `jolt prove`, `jolt verify` and `jolt profile`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use host::jolt_core::pcs::{Hyrax, HyraxParams, Zeromorph};
use host::{
    DEFAULT_MAX_LOG_CYCLES, GuestProgram, HostError, HostPcs, PcsKind, Proof, ProofHeader, Prover,
    SrsSource, Verifier, preprocess,
};

use crate::observe::Observer;
use crate::{GuestCrateArgs, MemoryArgs, parse_hex};

/// The program to prove: an ELF, or a guest crate to build.
#[derive(Args)]
pub(crate) struct ProgramArgs {
    /// Any RV32IM ELF (statically linked, no compressed instructions). Without it, the guest
    /// crate at --path is built.
    #[arg(long)]
    elf: Option<PathBuf>,
    #[command(flatten)]
    guest: GuestCrateArgs,
    #[command(flatten)]
    memory: MemoryArgs,
}

impl ProgramArgs {
    fn load(&self, observer: &Observer) -> Result<GuestProgram, String> {
        let elf = match &self.elf {
            Some(elf) => elf.clone(),
            None => {
                observer.stage("building the guest");
                self.guest.build(self.memory.config())?
            }
        };
        let config = if self.elf.is_some() {
            self.memory.override_config()
        } else {
            None
        };
        GuestProgram::load(&elf, config).map_err(|e| e.to_string())
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
    /// log2 of the largest trace the preprocessing supports (runs longer than this fail).
    #[arg(long, default_value_t = DEFAULT_MAX_LOG_CYCLES)]
    max_log_cycles: usize,
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
    /// Require this input (hex) instead of trusting the one stored in the proof file.
    #[arg(long)]
    input: Option<String>,
    /// Require this output (hex) instead of trusting the one stored in the proof file.
    #[arg(long)]
    output: Option<String>,
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
    let guest = args.program.load(observer)?;
    let input = parse_hex("--input", &args.input)?;
    let job = ProveJob {
        args,
        guest: &guest,
        input: &input,
        observer,
        profile,
    };
    with_scheme(
        args.pcs.kind(),
        &args.srs,
        &guest,
        args.max_log_cycles,
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
    observer: &'a Observer,
    profile: bool,
}

impl SchemeJob for ProveJob<'_> {
    fn run<C: HostPcs>(self, params: &C::Params) -> Result<ExitCode, String> {
        if self.profile {
            profile_with::<C>(self.args, self.guest, self.input, params, self.observer)
        } else {
            prove_with::<C>(self.args, self.guest, self.input, params, self.observer)
        }
    }
}

fn prove_with<C: HostPcs>(
    args: &ProveArgs,
    guest: &GuestProgram,
    input: &[u8],
    params: &C::Params,
    observer: &Observer,
) -> Result<ExitCode, String> {
    let start = Instant::now();
    let (prover, _) =
        preprocess::<C>(guest, args.max_log_cycles, params).map_err(|e| e.to_string())?;
    let preprocessed = start.elapsed();
    let start = Instant::now();
    let proof = prover.prove(input).map_err(|e| e.to_string())?;
    let proved = start.elapsed();
    proof.save(&args.proof).map_err(|e| e.to_string())?;
    observer.stage("done");
    print_statement(&proof);
    println!("scheme:      {}", C::KIND);
    println!(
        "trace:       2^{} rows (bound 2^{})",
        proof.proof.log_cycles, proof.max_log_cycles
    );
    println!("preprocess:  {:.2} s", preprocessed.as_secs_f64());
    println!("prove:       {:.2} s", proved.as_secs_f64());
    println!(
        "proof:       {} ({} bytes)",
        args.proof.display(),
        std::fs::metadata(&args.proof).map(|m| m.len()).unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

fn print_statement<C: HostPcs>(proof: &Proof<C>) {
    let io = &proof.io;
    println!(
        "input:       {} bytes: {}",
        io.input.len(),
        hex::encode(&io.input)
    );
    if io.panicked {
        println!("panicked:    yes (the proof proves the panic)");
        println!("message:     {}", String::from_utf8_lossy(&io.output));
    } else {
        println!(
            "output:      {} bytes: {}",
            io.output.len(),
            hex::encode(&io.output)
        );
    }
    println!("exit code:   {}", io.exit_code);
}

/// Exit status of a rejected proof.
const REJECTED: u8 = 1;

pub(crate) fn verify(args: &VerifyArgs, observer: &Observer) -> Result<ExitCode, String> {
    let bytes = std::fs::read(&args.proof)
        .map_err(|e| format!("cannot read the proof file {}: {e}", args.proof.display()))?;
    let header = match ProofHeader::parse(&bytes) {
        Ok(h) => h,
        Err(e) => return Ok(rejected(&args.proof, &HostError::File(e))),
    };
    let guest = args.program.load(observer)?;
    let job = VerifyJob {
        args,
        bytes: &bytes,
        header: &header,
        guest: &guest,
    };
    with_scheme(
        header.kind,
        &args.srs,
        &guest,
        header.max_log_cycles,
        observer,
        job,
    )
}

struct VerifyJob<'a> {
    args: &'a VerifyArgs,
    bytes: &'a [u8],
    header: &'a ProofHeader,
    guest: &'a GuestProgram,
}

impl SchemeJob for VerifyJob<'_> {
    fn run<C: HostPcs>(self, params: &C::Params) -> Result<ExitCode, String> {
        verify_with::<C>(self.args, self.bytes, self.header, self.guest, params)
    }
}

fn verify_with<C: HostPcs>(
    args: &VerifyArgs,
    bytes: &[u8],
    header: &ProofHeader,
    guest: &GuestProgram,
    params: &C::Params,
) -> Result<ExitCode, String> {
    let proof = match Proof::<C>::from_bytes(bytes) {
        Ok(p) => p,
        Err(e) => return Ok(rejected(&args.proof, &HostError::File(e))),
    };
    let mut io = proof.io.clone();
    if let Some(input) = &args.input {
        io.input = parse_hex("--input", input)?;
    }
    if let Some(output) = &args.output {
        io.output = parse_hex("--output", output)?;
    }
    let verifier =
        Verifier::<C>::new(guest, header.max_log_cycles, params).map_err(|e| e.to_string())?;
    let start = Instant::now();
    match verifier.verify_io(&io, &proof) {
        Ok(()) => {
            println!("accepted ({:.3} s)", start.elapsed().as_secs_f64());
            print_statement(&Proof { io, ..proof });
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(rejected(&args.proof, &e)),
    }
}

fn rejected(path: &Path, e: &HostError) -> ExitCode {
    eprintln!("rejected: {}: {e}", path.display());
    ExitCode::from(REJECTED)
}

fn profile_with<C: HostPcs>(
    args: &ProveArgs,
    guest: &GuestProgram,
    input: &[u8],
    params: &C::Params,
    observer: &Observer,
) -> Result<ExitCode, String> {
    let analysis = guest
        .analyze(input, 1 << args.max_log_cycles)
        .map_err(|e| e.to_string())?;
    let (prover, verifier): (Prover<C>, Verifier<C>) =
        preprocess::<C>(guest, args.max_log_cycles, params).map_err(|e| e.to_string())?;
    let profiled = host::profile::prove_profiled(&prover, input).map_err(|e| e.to_string())?;
    verifier
        .verify(&profiled.proof)
        .map_err(|e| format!("internal error: the fresh proof does not verify: {e}"))?;
    profiled
        .proof
        .save(&args.proof)
        .map_err(|e| e.to_string())?;
    observer.stage("done");

    println!("program: {} instructions executed", analysis.outcome.cycles);
    println!(
        "memory:  stack {} of {} bytes, heap high-water {} of {} bytes",
        analysis.stack_used, analysis.stack_size, analysis.heap_touched, analysis.heap_size
    );
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
    let sizes = host::profile::proof_sizes(&profiled.proof.proof);
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
    println!("\n{}", profiled.committed.to_markdown());
    println!("\ntop instructions");
    for (mnemonic, count) in analysis.instructions.iter().take(10) {
        println!("  {mnemonic:<8} {count:>10}");
    }
    Ok(ExitCode::SUCCESS)
}
