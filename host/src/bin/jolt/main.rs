//! `jolt`: build, run, prove, verify and profile RV32IM guests; scaffold new projects.
#![allow(clippy::print_stdout)] // A CLI prints.

mod observe;
mod proving;
mod scaffold;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use host::provable::EntryRecord;
use host::{GuestBuild, MemoryConfig};

/// Exit status for a failure of `jolt` itself (bad ELF, tracer error), as opposed to the
/// guest's own exit code.
const TOOL_FAILURE: u8 = 125;

#[derive(Parser)]
#[command(name = "jolt", version, about = "A lookup-centric zkVM for RV32IM")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log what the prover does (-v: stages, -vv: sub-protocols, -vvv: everything).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Write a Chrome/Perfetto trace of every span to FILE (open it in ui.perfetto.dev or
    /// chrome://tracing).
    #[arg(long, value_name = "FILE", global = true)]
    trace_json: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new host + guest project that proves a `#[provable]` function.
    New(scaffold::NewArgs),
    /// Build a guest crate for riscv32im-unknown-none-elf and print the ELF's path.
    Build {
        #[command(flatten)]
        guest: GuestCrateArgs,
        #[command(flatten)]
        memory: MemoryArgs,
    },
    /// Execute an RV32IM ELF: prints the exit code, the cycle count and the output, and exits
    /// with the guest's exit code (125 if the program could not be run).
    Run {
        /// The ELF to run.
        #[arg(long)]
        elf: PathBuf,
        /// Input bytes, in hex (for guests using the SDK: the postcard encoding of the
        /// arguments).
        #[arg(long, default_value = "")]
        input: String,
        /// Stop with an error after this many instructions.
        #[arg(long, default_value_t = tracer::DEFAULT_MAX_CYCLES)]
        max_cycles: u64,
        #[command(flatten)]
        memory: MemoryArgs,
    },
    /// Prove a run of an RV32IM ELF (or of a guest crate) and write a proof file.
    Prove(proving::ProveArgs),
    /// Verify a proof file against an ELF: exit code 0 if accepted, 1 if rejected.
    Verify(proving::VerifyArgs),
    /// Prove a run and report where the time and the proof bytes go.
    Profile(proving::ProfileArgs),
}

/// A guest crate to build.
#[derive(Args, Clone)]
struct GuestCrateArgs {
    /// Directory of the guest crate (or of its workspace, with --package).
    #[arg(long, default_value = ".")]
    path: PathBuf,
    /// Package to build when the directory is a workspace.
    #[arg(long, short = 'p')]
    package: Option<String>,
    /// The `#[provable]` function the ELF runs (for crates with `#[provable]` functions; leave
    /// it out to list them). Its attribute decides the memory layout and the trace bound.
    #[arg(long)]
    function: Option<String>,
}

impl GuestCrateArgs {
    /// Builds the crate (one `#[provable]` function of it, with the layout its attribute
    /// records, when --function is given); returns the ELF's path and, for a function, what
    /// its ELF records.
    fn build(&self, memory: &MemoryArgs) -> Result<(PathBuf, Option<EntryRecord>), String> {
        let mut build = GuestBuild::new(&self.path).config(memory.config());
        if let Some(p) = &self.package {
            build = build.package(p);
        }
        match &self.function {
            Some(f) => {
                let built = host::provable::build_function(&build, f).map_err(|e| e.to_string())?;
                memory.check_agrees(&built.record)?;
                Ok((built.elf, Some(built.record)))
            }
            None => Ok((build.build().map_err(|e| e.to_string())?, None)),
        }
    }
}

/// Memory configuration. For `run` and `prove --elf`, leave it out to use the one recorded in
/// the ELF.
#[derive(Args, Clone)]
struct MemoryArgs {
    /// RAM size in bytes (program + heap + stack).
    #[arg(long)]
    memory_size: Option<u32>,
    /// Stack size in bytes.
    #[arg(long)]
    stack_size: Option<u32>,
    /// Largest input in bytes.
    #[arg(long)]
    max_input_size: Option<u32>,
    /// Largest output in bytes.
    #[arg(long)]
    max_output_size: Option<u32>,
}

impl MemoryArgs {
    fn any(&self) -> bool {
        self.memory_size.is_some()
            || self.stack_size.is_some()
            || self.max_input_size.is_some()
            || self.max_output_size.is_some()
    }

    fn config(&self) -> MemoryConfig {
        let d = MemoryConfig::default();
        MemoryConfig {
            memory_size: self.memory_size.unwrap_or(d.memory_size),
            stack_size: self.stack_size.unwrap_or(d.stack_size),
            max_input_size: self.max_input_size.unwrap_or(d.max_input_size),
            max_output_size: self.max_output_size.unwrap_or(d.max_output_size),
        }
    }

    fn override_config(&self) -> Option<MemoryConfig> {
        self.any().then(|| self.config())
    }

    /// A `#[provable]` function's layout is its attribute's: flags may repeat it, not change
    /// it (the program would not be the library's).
    fn check_agrees(&self, record: &EntryRecord) -> Result<(), String> {
        let c = record.config;
        let pairs = [
            (
                "--memory-size",
                "memory_size",
                self.memory_size,
                c.memory_size,
            ),
            ("--stack-size", "stack_size", self.stack_size, c.stack_size),
            (
                "--max-input-size",
                "max_input_size",
                self.max_input_size,
                c.max_input_size,
            ),
            (
                "--max-output-size",
                "max_output_size",
                self.max_output_size,
                c.max_output_size,
            ),
        ];
        for (flag, field, given, recorded) in pairs {
            if let Some(given) = given
                && given != recorded
            {
                return Err(format!(
                    "{flag} is {given}, but the #[provable] attribute of {} sets {field} = \
                     {recorded}: drop {flag} (the attribute decides the layout, so that the CLI \
                     and the library build the same program) or change the attribute",
                    record.function
                ));
            }
        }
        Ok(())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let observer = match observe::Observer::install(cli.verbose, cli.trace_json.as_deref()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(TOOL_FAILURE);
        }
    };
    let result = execute(cli.command, &observer);
    observer.finish();
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(TOOL_FAILURE)
        }
    }
}

fn execute(command: Command, observer: &observe::Observer) -> Result<ExitCode, String> {
    match command {
        Command::New(args) => scaffold::run(&args),
        Command::Build { guest, memory } => {
            let (elf, record) = guest.build(&memory)?;
            if let Some(r) = record {
                let c = r.config;
                eprintln!(
                    "{}: memory_size {}, stack_size {}, max_input_size {}, max_output_size {}, \
                     trace bound 2^{} (from its #[provable] attribute)",
                    r.function,
                    c.memory_size,
                    c.stack_size,
                    c.max_input_size,
                    c.max_output_size,
                    r.max_log_cycles
                );
            }
            println!("{}", elf.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            elf,
            input,
            max_cycles,
            memory,
        } => {
            let input = parse_hex("--input", &input)?;
            let program =
                host::load_elf(&elf, memory.override_config()).map_err(|e| e.to_string())?;
            let outcome = tracer::run(&program, &input, max_cycles).map_err(|e| e.to_string())?;
            print_outcome(&outcome);
            // Process exit statuses are 8 bits, as under Linux (and qemu).
            Ok(ExitCode::from(outcome.exit_code as u8))
        }
        Command::Prove(args) => proving::prove(&args, observer),
        Command::Verify(args) => proving::verify(&args, observer),
        Command::Profile(args) => proving::profile(&args, observer),
    }
}

fn parse_hex(flag: &str, text: &str) -> Result<Vec<u8>, String> {
    hex::decode(text.trim().trim_start_matches("0x"))
        .map_err(|e| format!("{flag} must be hex bytes (e.g. 0a1b2c): {e}"))
}

fn print_outcome(outcome: &host::Outcome) {
    println!("exit code: {}", outcome.exit_code);
    println!("cycles:    {}", outcome.cycles);
    if outcome.panicked {
        println!("panicked:  yes");
        println!("message:   {}", String::from_utf8_lossy(&outcome.output));
    } else {
        println!(
            "output:    {} bytes: {}",
            outcome.output.len(),
            hex::encode(&outcome.output)
        );
    }
    if !outcome.terminated {
        println!(
            "note:      the termination flag is not set (the program exited without the guest runtime)"
        );
    }
}
