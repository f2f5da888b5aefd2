//! `jolt`: build and run RV32IM guests (proving arrives with `jolt-core`).
#![allow(clippy::print_stdout)] // A CLI prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use host::{GuestBuild, MemoryConfig};

/// Exit status for a failure of `jolt` itself (bad ELF, tracer error), as opposed to the
/// guest's own exit code.
const TOOL_FAILURE: u8 = 125;

#[derive(Parser)]
#[command(name = "jolt", version, about = "A lookup-centric zkVM for RV32IM")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a guest crate for riscv32im-unknown-none-elf and print the ELF's path.
    Build {
        /// Directory of the guest crate (or of its workspace, with --package).
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// Package to build when the directory is a workspace.
        #[arg(long, short = 'p')]
        package: Option<String>,
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
}

/// Memory configuration. For `run`, leave it out to use the one recorded in the ELF.
#[derive(Args)]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(TOOL_FAILURE)
        }
    }
}

fn execute(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Build {
            path,
            package,
            memory,
        } => {
            let mut build = GuestBuild::new(path).config(memory.config());
            if let Some(p) = package {
                build = build.package(p);
            }
            let elf = build.build().map_err(|e| e.to_string())?;
            println!("{}", elf.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            elf,
            input,
            max_cycles,
            memory,
        } => {
            let input = hex::decode(input.trim().trim_start_matches("0x"))
                .map_err(|e| format!("--input must be hex bytes (e.g. 0a1b2c): {e}"))?;
            let config = memory.any().then(|| memory.config());
            let program = host::load_elf(&elf, config).map_err(|e| e.to_string())?;
            let outcome = tracer::run(&program, &input, max_cycles).map_err(|e| e.to_string())?;
            print_outcome(&outcome);
            // Process exit statuses are 8 bits, as under Linux (and qemu).
            Ok(ExitCode::from(outcome.exit_code as u8))
        }
    }
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
