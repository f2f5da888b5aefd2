//! qemu as the independent reference: run an ELF under `qemu-riscv32`, and step our
//! [`Emulator`] in lockstep with qemu's instruction-by-instruction log.
//!
//! # The log
//! `qemu-riscv32-static -singlestep -d cpu,nochain -D LOG ELF` writes, before every
//! instruction it executes, the hart state: a line ` pc       80000000` and eight lines of four
//! registers each (` x0/zero  00000000 x1/ra    00000000 …`). State *i* is therefore the
//! pre-state of instruction *i* (state 0 is the entry state). [`LogParser`] reads this format
//! line by line through a [`BufRead`], so a log of hundreds of megabytes costs no memory, and
//! ignores any other line qemu may interleave (exceptions, CSRs).
//!
//! # What lockstep compares
//! For every qemu state *i*, before our emulator executes instruction *i*:
//! - the pc, always;
//! - register *r* once our program has written *r* at least once. qemu-user starts a process
//!   with its own stack pointer and an argv/auxv stack, our emulator with zeros; a register
//!   that the program never wrote is a difference of start-up conventions, not of semantics.
//!   (A program that *reads* such a register before writing it propagates the difference into
//!   a written register and is reported, rightly: its behaviour depends on start-up state.)
//!
//! and at the end the number of instructions and the exit code (qemu's process exit status,
//! which Linux truncates to `a0 & 0xff`). If our emulator stops with an error on the very
//! instruction at which qemu was killed by a signal (an out-of-bounds access, an illegal
//! instruction), the two agree and the report says so ([`Ending::Fault`]).
//!
//! # Why registers suffice
//! Equal pc and equal registers after every instruction imply equal memory and equal outputs.
//! By induction over the instructions: suppose both harts have equal registers and equal
//! memory before instruction *i* (true at entry for every byte of the image — both load the
//! same segments — and for registers the program reads, see above). A store writes the value
//! of `rs2` (a register) at `rs1 + imm` (a register plus a constant of the instruction), with
//! a width fixed by the opcode, so both harts write the same bytes to the same address and
//! memory stays equal. A load reads equal memory at an equal address, so the loaded register is
//! equal — and if the memories had differed at that address, the compared destination
//! register would expose it. Every other instruction changes only registers and the pc, which
//! are compared directly. Program outputs are bytes in memory (the output region) written by
//! stores, and the exit code is `a0` at the exit ecall: both are covered. The comparison is
//! therefore exactly as strong as comparing all of memory after every instruction, at the cost
//! of 33 words per step.
//!
//! # Inputs
//! Our emulator places the input in the input region itself. qemu knows nothing of that
//! region, so for qemu the harness patches the input into the ELF: the file bytes of the
//! `PT_LOAD` segment at `layout.input_start` get the input length (u32, little endian) and the
//! input bytes, exactly the memory image [`Emulator::new`] builds (see [`patch_input`]). The
//! jolt linker script and [`crate::asm::elf()`] both give that segment file bytes for this.

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use object::LittleEndian;
use object::elf::{FileHeader32, PT_LOAD};
use object::read::elf::{FileHeader as _, ProgramHeader as _};

use crate::asm::reg;
use crate::emulator::Emulator;
use crate::error::TracerError;
use crate::instruction::Instruction;
use crate::program::Program;

/// Executable names looked up on `PATH`, in order.
pub const QEMU_NAMES: [&str; 2] = ["qemu-riscv32-static", "qemu-riscv32"];
/// Environment variable that, when set, names the qemu binary to use (bypassing the search).
pub const QEMU_ENV: &str = "TRACER_QEMU";
/// Default wall-clock limit for one qemu process.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Instructions listed before a divergence.
const RECENT: usize = 8;

/// A problem running qemu itself (not a difference between qemu and the tracer).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QemuError {
    /// No qemu binary was found.
    #[error(
        "qemu-riscv32-static (or qemu-riscv32) was not found on PATH{detail}; install it with \
         `bash .ci/setup` or `apt-get install qemu-user-static` (Debian/Ubuntu), or point \
         TRACER_QEMU at the binary"
    )]
    NotFound {
        /// Extra context (e.g. a bad `TRACER_QEMU`).
        detail: String,
    },
    /// An I/O operation around qemu failed (temporary files, spawning, reading the log).
    #[error("qemu harness: {0}")]
    Io(String),
    /// qemu ran longer than the wall-clock limit and was killed.
    #[error(
        "qemu ran longer than {} s and was killed (an infinite loop in the guest, or \
         a too small timeout: see Qemu::with_timeout)",
        limit.as_secs_f64()
    )]
    Timeout {
        /// The limit.
        limit: Duration,
    },
    /// The input could not be patched into the ELF for qemu.
    #[error("cannot give the input to qemu: {0}")]
    Input(String),
    /// The log does not have the expected format.
    #[error("unexpected qemu log format at line {line}: {detail}")]
    Log {
        /// 1-based line number.
        line: u64,
        /// What was wrong.
        detail: String,
    },
}

fn io_error(what: &str) -> impl FnOnce(std::io::Error) -> QemuError + '_ {
    move |e| QemuError::Io(format!("{what}: {e}"))
}

/// How a qemu process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QemuStatus {
    /// The guest exited with this status (`a0 & 0xff` of the exit ecall).
    Exited(i32),
    /// qemu was killed by this signal (it re-raises the guest's fatal signal, e.g. 11 for a
    /// segmentation fault, 4 for an illegal instruction).
    Signaled(i32),
}

impl QemuStatus {
    fn from_exit(status: ExitStatus) -> Self {
        #[cfg(unix)]
        let signal = {
            use std::os::unix::process::ExitStatusExt as _;
            status.signal()
        };
        // qemu-user exists on Linux only; elsewhere the module compiles but finds no qemu.
        #[cfg(not(unix))]
        let signal = None;
        match (status.code(), signal) {
            (Some(code), _) => Self::Exited(code),
            (None, Some(signal)) => Self::Signaled(signal),
            (None, None) => Self::Signaled(0),
        }
    }
}

impl fmt::Display for QemuStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exited(code) => write!(f, "exit status {code}"),
            Self::Signaled(signal) => write!(f, "killed by signal {signal}"),
        }
    }
}

/// The result of [`Qemu::run`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QemuRun {
    /// How the process ended.
    pub status: QemuStatus,
    /// What the guest (or qemu) wrote to standard output.
    pub stdout: Vec<u8>,
    /// What qemu wrote to standard error.
    pub stderr: String,
}

impl QemuRun {
    /// The exit status, if the guest exited (rather than being killed by a signal).
    pub fn exit_code(&self) -> Option<i32> {
        match self.status {
            QemuStatus::Exited(code) => Some(code),
            QemuStatus::Signaled(_) => None,
        }
    }
}

/// A located qemu binary and the limits it runs under.
#[derive(Clone, Debug)]
pub struct Qemu {
    binary: PathBuf,
    timeout: Duration,
}

impl Qemu {
    /// Finds qemu: `$TRACER_QEMU` if set, else the first of [`QEMU_NAMES`] on `PATH`.
    pub fn locate() -> Result<Self, QemuError> {
        if let Some(explicit) = std::env::var_os(QEMU_ENV) {
            let path = PathBuf::from(&explicit);
            return if path.is_file() {
                Ok(Self::with_binary(path))
            } else {
                Err(QemuError::NotFound {
                    detail: format!(" ({QEMU_ENV}={} is not a file)", path.display()),
                })
            };
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for name in QEMU_NAMES {
            for dir in std::env::split_paths(&path) {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Ok(Self::with_binary(candidate));
                }
            }
        }
        Err(QemuError::NotFound {
            detail: String::new(),
        })
    }

    /// Uses the given qemu binary.
    pub fn with_binary(binary: impl Into<PathBuf>) -> Self {
        Self {
            binary: binary.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets the wall-clock limit for each qemu process (default [`DEFAULT_TIMEOUT`]).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The qemu binary in use.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// Runs an ELF under qemu to completion. A non-empty `input` is patched into the input
    /// segment of the layout [`Program::from_elf`] derives from the ELF (use
    /// [`patch_input`] yourself for an ELF that needs an explicit configuration).
    pub fn run(&self, elf_bytes: &[u8], input: &[u8]) -> Result<QemuRun, QemuError> {
        let patched;
        let image = if input.is_empty() {
            elf_bytes
        } else {
            let program = Program::from_elf(elf_bytes)
                .map_err(|e| QemuError::Input(format!("the ELF does not load: {e}")))?;
            patched = patch_input(elf_bytes, program.layout().input_start, input)?;
            &patched
        };
        let dir = scratch_dir()?;
        let elf_path = write_executable(dir.path(), image)?;
        let finished = self.execute(&[elf_path.as_os_str()], None)?;
        if finished.timed_out {
            return Err(self.timeout_error());
        }
        Ok(QemuRun {
            status: finished.status,
            stdout: finished.stdout,
            stderr: finished.stderr,
        })
    }

    /// Runs `elf_bytes` under qemu and `program` (loaded from the same bytes) in our
    /// emulator, comparing them after every instruction as the [module docs](self) describe.
    /// At most `max_steps` instructions are compared; a program that runs longer is a
    /// [`LockstepError::StepLimit`].
    pub fn lockstep(
        &self,
        program: &Program,
        elf_bytes: &[u8],
        input: &[u8],
        max_steps: u64,
    ) -> Result<LockstepReport, LockstepError> {
        let mut emulator = Emulator::new(program, input).map_err(LockstepError::Setup)?;
        let patched;
        let image = if input.is_empty() {
            elf_bytes
        } else {
            patched = patch_input(elf_bytes, program.layout().input_start, input)?;
            &patched
        };
        let dir = scratch_dir()?;
        let elf_path = write_executable(dir.path(), image)?;
        let log_path = dir.path().join("qemu.log");
        let args = [
            OsStr::new("-singlestep"),
            OsStr::new("-d"),
            OsStr::new("cpu,nochain"),
            OsStr::new("-D"),
            log_path.as_os_str(),
            elf_path.as_os_str(),
        ];
        // A state is < 700 bytes; stop qemu once it has logged well past max_steps states.
        let log_cap = max_steps.saturating_add(16).saturating_mul(1024);
        let finished = self.execute(&args, Some((&log_path, log_cap)))?;
        let log = File::open(&log_path).map_err(|e| {
            QemuError::Io(format!(
                "qemu wrote no log ({e}; it ended with {}): {}",
                finished.status,
                finished.output_summary()
            ))
        })?;
        let mut states = LogParser::new(BufReader::with_capacity(1 << 16, log));
        let mut lockstep = Lockstep::new(program, &mut emulator);

        let mut current = states.next_state()?;
        while let Some(state) = current {
            if lockstep.steps >= max_steps {
                return Err(LockstepError::StepLimit { max_steps });
            }
            lockstep.compare(&state)?;
            let outcome = lockstep.step();
            current = states.next_state()?;
            if let Err(error) = outcome {
                // Our emulator refused instruction i. Agreement only if qemu died on it too.
                return match (current, finished.status) {
                    (None, QemuStatus::Signaled(signal)) if !finished.timed_out => {
                        Ok(LockstepReport {
                            instructions: lockstep.steps,
                            ending: Ending::Fault { error, signal },
                        })
                    }
                    _ => Err(lockstep.diverged(DivergenceKind::EmulatorError {
                        error,
                        qemu: if current.is_some() {
                            "executed it".into()
                        } else {
                            format!("{} after it", finished.status)
                        },
                    })),
                };
            }
        }
        if finished.timed_out {
            return Err(self.timeout_error().into());
        }
        match (lockstep.exit, finished.status) {
            (Some(ours), QemuStatus::Exited(code)) if (ours & 0xff) as i32 == code => {
                Ok(LockstepReport {
                    instructions: lockstep.steps,
                    ending: Ending::Exit { code: ours },
                })
            }
            (Some(ours), status) => {
                Err(lockstep.diverged(DivergenceKind::ExitStatus { ours, qemu: status }))
            }
            (None, _) if finished.log_truncated => Err(LockstepError::StepLimit { max_steps }),
            (None, status) => Err(lockstep.diverged(DivergenceKind::QemuStopped {
                qemu: status,
                our_pc: lockstep.emulator.pc(),
                output: finished.output_summary(),
            })),
        }
    }

    fn timeout_error(&self) -> QemuError {
        QemuError::Timeout {
            limit: self.timeout,
        }
    }

    /// Spawns qemu with `args` and waits for it under the wall-clock limit, killing it when
    /// the log (if any) exceeds its size cap.
    fn execute(&self, args: &[&OsStr], log: Option<(&Path, u64)>) -> Result<Finished, QemuError> {
        let mut child = Command::new(&self.binary)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| QemuError::Io(format!("starting {}: {e}", self.binary.display())))?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let start = Instant::now();
        let mut pause = Duration::from_micros(100);
        let (mut timed_out, mut log_truncated) = (false, false);
        let status = loop {
            if let Some(status) = child.try_wait().map_err(io_error("waiting for qemu"))? {
                break status;
            }
            if start.elapsed() > self.timeout {
                timed_out = true;
                break kill(&mut child)?;
            }
            if let Some((path, cap)) = log
                && std::fs::metadata(path).is_ok_and(|m| m.len() > cap)
            {
                log_truncated = true;
                break kill(&mut child)?;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        };
        let stdout = join(stdout)?;
        let stderr = String::from_utf8_lossy(&join(stderr)?).into_owned();
        Ok(Finished {
            status: QemuStatus::from_exit(status),
            timed_out,
            log_truncated,
            stdout,
            stderr,
        })
    }
}

struct Finished {
    status: QemuStatus,
    timed_out: bool,
    log_truncated: bool,
    stdout: Vec<u8>,
    stderr: String,
}

impl Finished {
    /// The start of qemu's stdout and stderr, for messages (qemu-user reports a refused ELF
    /// on stdout).
    fn output_summary(&self) -> String {
        let text = format!("{}{}", String::from_utf8_lossy(&self.stdout), self.stderr);
        let text = text.trim();
        match text.char_indices().nth(500) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        }
    }
}

fn kill(child: &mut Child) -> Result<ExitStatus, QemuError> {
    // The child may have exited in the meantime; either way wait() reaps it.
    let _ = child.kill();
    child
        .wait()
        .map_err(io_error("waiting for the killed qemu"))
}

fn drain<R: Read + Send + 'static>(
    pipe: Option<R>,
) -> Option<JoinHandle<std::io::Result<Vec<u8>>>> {
    pipe.map(|mut pipe| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).map(|_| bytes)
        })
    })
}

fn join(handle: Option<JoinHandle<std::io::Result<Vec<u8>>>>) -> Result<Vec<u8>, QemuError> {
    match handle {
        None => Ok(Vec::new()),
        Some(handle) => handle
            .join()
            .map_err(|_| QemuError::Io("the thread reading qemu's output panicked".into()))?
            .map_err(io_error("reading qemu's output")),
    }
}

fn scratch_dir() -> Result<tempfile::TempDir, QemuError> {
    tempfile::Builder::new()
        .prefix("tracer-qemu-")
        .tempdir()
        .map_err(io_error("creating a temporary directory"))
}

/// Writes the ELF with execute permission: qemu-user refuses (with a message on stdout and
/// exit status 1) to load a file that is not executable.
fn write_executable(dir: &Path, bytes: &[u8]) -> Result<PathBuf, QemuError> {
    let path = dir.join("guest.elf");
    std::fs::write(&path, bytes).map_err(io_error("writing the ELF for qemu"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(io_error("making the ELF executable"))?;
    }
    Ok(path)
}

/// A copy of `elf_bytes` whose `PT_LOAD` segment at `input_start` holds the input length
/// (u32, little endian) and the input bytes in its first file bytes, the memory image our
/// emulator builds for the input region. Errors if there is no such segment or its file bytes
/// are too few (the jolt linker script and [`crate::asm::elf()`] give it the whole region).
pub fn patch_input(elf_bytes: &[u8], input_start: u32, input: &[u8]) -> Result<Vec<u8>, QemuError> {
    let endian = LittleEndian;
    let bad = |detail: String| QemuError::Input(detail);
    let header = FileHeader32::<LittleEndian>::parse(elf_bytes)
        .map_err(|e| bad(format!("not an ELF32 file: {e}")))?;
    let headers = header
        .program_headers(endian, elf_bytes)
        .map_err(|e| bad(format!("bad program headers: {e}")))?;
    let segment = headers
        .iter()
        .find(|ph| ph.p_type(endian) == PT_LOAD && ph.p_vaddr(endian) == input_start)
        .ok_or_else(|| {
            bad(format!(
                "the ELF has no PT_LOAD segment at the input region {input_start:#010x}; link it \
                 with the jolt linker script or build it with tracer::asm::elf"
            ))
        })?;
    let needed = 4 + input.len() as u64;
    let file_size = u64::from(segment.p_filesz(endian));
    if file_size < needed {
        return Err(bad(format!(
            "the input segment at {input_start:#010x} has {file_size} file bytes, but the input \
             needs {needed} (4 for its length); the segment must be file-backed (PROGBITS), not \
             NOBITS"
        )));
    }
    let offset = segment.p_offset(endian) as usize;
    let mut patched = elf_bytes.to_vec();
    let target = patched
        .get_mut(offset..offset + needed as usize)
        .ok_or_else(|| bad("the input segment lies past the end of the file".into()))?;
    target[..4].copy_from_slice(&(input.len() as u32).to_le_bytes());
    target[4..].copy_from_slice(input);
    Ok(patched)
}

// ---- the log -----------------------------------------------------------------------------

/// One hart state from qemu's log: the pc and x0..x31 before an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QemuState {
    /// The pc of the instruction about to execute.
    pub pc: u32,
    /// The registers x0..x31.
    pub registers: [u32; 32],
}

/// A streaming parser of qemu's `-d cpu` log (see the [module docs](self)).
#[derive(Debug)]
pub struct LogParser<R> {
    reader: R,
    line: String,
    line_number: u64,
    /// The pc of a state whose registers are still being read.
    pending: Option<(u32, [u32; 32], u32)>,
}

impl<R: BufRead> LogParser<R> {
    /// A parser over a log.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line: String::new(),
            line_number: 0,
            pending: None,
        }
    }

    /// The next complete state, or `None` at the end of the log. A state cut off by the end
    /// of the log (qemu killed mid-write) is dropped.
    pub fn next_state(&mut self) -> Result<Option<QemuState>, QemuError> {
        loop {
            self.line.clear();
            let read = self
                .reader
                .read_line(&mut self.line)
                .map_err(io_error("reading the qemu log"))?;
            if read == 0 {
                return Ok(None);
            }
            self.line_number += 1;
            let line_number = self.line_number;
            let error = |detail: String| QemuError::Log {
                line: line_number,
                detail,
            };
            let mut tokens = self.line.split_whitespace();
            let Some(first) = tokens.next() else { continue };
            if first == "pc" {
                let value = tokens
                    .next()
                    .ok_or_else(|| error("`pc` without a value".into()))?;
                let pc =
                    parse_hex(value).ok_or_else(|| error(format!("bad pc value {value:?}")))?;
                if let Some((old, _, seen)) = self.pending
                    && seen != 0
                {
                    return Err(error(format!(
                        "the state at pc {old:#010x} lists only some registers (mask {seen:#010x})"
                    )));
                }
                self.pending = Some((pc, [0; 32], 0));
                continue;
            }
            // Register lines: `xN/name value` pairs; anything else is ignored.
            let Some(index) = register_index(first) else {
                continue;
            };
            let Some((_, registers, seen)) = self.pending.as_mut() else {
                return Err(error("registers before the first `pc` line".into()));
            };
            let mut name = Some(first);
            let mut index = Some(index);
            while let (Some(n), Some(i)) = (name, index) {
                let value = tokens
                    .next()
                    .ok_or_else(|| error(format!("{n} without a value")))?;
                registers[i] = parse_hex(value)
                    .ok_or_else(|| error(format!("bad value {value:?} for {n}")))?;
                *seen |= 1 << i;
                name = tokens.next();
                index = match name {
                    Some(n) => Some(
                        register_index(n)
                            .ok_or_else(|| error(format!("unexpected token {n:?}")))?,
                    ),
                    None => None,
                };
            }
            if *seen == u32::MAX
                && let Some((pc, registers, _)) = self.pending.take()
            {
                return Ok(Some(QemuState { pc, registers }));
            }
        }
    }
}

fn parse_hex(text: &str) -> Option<u32> {
    u32::from_str_radix(text.trim_start_matches("0x"), 16).ok()
}

/// `x12/a2` → 12.
fn register_index(token: &str) -> Option<usize> {
    let rest = token.strip_prefix('x')?;
    let (number, _name) = rest.split_once('/')?;
    let index: usize = number.parse().ok()?;
    (index < 32).then_some(index)
}

// ---- lockstep ----------------------------------------------------------------------------

/// How a lockstep run ended (both implementations agreeing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The guest exited; `code` is our `a0` (qemu's status matched `code & 0xff`).
    Exit {
        /// The exit code.
        code: u32,
    },
    /// Both stopped at the same instruction: our emulator with `error`, qemu killed by
    /// `signal`.
    Fault {
        /// Our emulator's error.
        error: TracerError,
        /// qemu's signal.
        signal: i32,
    },
}

/// A lockstep run in which qemu and our emulator agreed on every instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockstepReport {
    /// Instructions executed (and compared), the final one included.
    pub instructions: u64,
    /// How the run ended.
    pub ending: Ending,
}

/// What differed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DivergenceKind {
    /// The next pc differs.
    Pc {
        /// Our pc.
        ours: u32,
        /// qemu's pc.
        qemu: u32,
    },
    /// A register the program has written differs.
    Register {
        /// Register number.
        index: u8,
        /// Our value.
        ours: u32,
        /// qemu's value.
        qemu: u32,
    },
    /// Our emulator stopped with an error where qemu went on (or ended differently).
    EmulatorError {
        /// Our error.
        error: TracerError,
        /// What qemu did.
        qemu: String,
    },
    /// qemu's log continues after our emulator exited.
    QemuContinued {
        /// The pc qemu executes next.
        qemu_pc: u32,
    },
    /// qemu stopped (exited or crashed) while our emulator was still running.
    QemuStopped {
        /// How qemu ended.
        qemu: QemuStatus,
        /// Our next pc.
        our_pc: u32,
        /// The start of what qemu printed (its reason, if it refused to run the ELF).
        output: String,
    },
    /// Both exited, with different statuses.
    ExitStatus {
        /// Our exit code (`a0`).
        ours: u32,
        /// How qemu ended.
        qemu: QemuStatus,
    },
}

/// Where and how qemu and our emulator first disagreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// Index of the instruction blamed (the last one executed before the differing state,
    /// or the one our emulator refused), counting from 0 at the entry point.
    pub step: u64,
    /// Its pc (the entry point if the states differ before any instruction ran).
    pub pc: u32,
    /// The instruction, if one was executed.
    pub instruction: Option<Instruction>,
    /// What differed.
    pub kind: DivergenceKind,
    /// The last few instructions executed, oldest first (the blamed one last).
    pub recent: Vec<(u32, Instruction)>,
}

fn register_name(index: u8) -> String {
    format!("x{index}/{}", reg::NAMES[usize::from(index) % 32])
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.instruction {
            Some(ins) => write!(f, "at step {} (pc {:#010x}: {ins}): ", self.step, self.pc)?,
            None => write!(
                f,
                "before the first instruction (entry {:#010x}): ",
                self.pc
            )?,
        }
        match &self.kind {
            DivergenceKind::Pc { ours, qemu } => {
                write!(f, "next pc differs: ours {ours:#010x}, qemu {qemu:#010x}")?;
            }
            DivergenceKind::Register { index, ours, qemu } => write!(
                f,
                "register {} differs afterwards: ours {ours:#010x}, qemu {qemu:#010x}",
                register_name(*index)
            )?,
            DivergenceKind::EmulatorError { error, qemu } => {
                write!(f, "our emulator failed ({error}) but qemu {qemu}")?;
            }
            DivergenceKind::QemuContinued { qemu_pc } => {
                write!(
                    f,
                    "our emulator exited but qemu continued at {qemu_pc:#010x}"
                )?;
            }
            DivergenceKind::QemuStopped {
                qemu,
                our_pc,
                output,
            } => {
                write!(
                    f,
                    "qemu stopped ({qemu}) but our emulator continues at {our_pc:#010x}"
                )?;
                if !output.is_empty() {
                    write!(f, "; qemu said: {output}")?;
                }
            }
            DivergenceKind::ExitStatus { ours, qemu } => write!(
                f,
                "exit differs: ours a0 = {ours} (status {}), qemu {qemu}",
                ours & 0xff
            )?,
        }
        if !self.recent.is_empty() {
            write!(f, "\nlast instructions executed:")?;
            for (pc, ins) in &self.recent {
                write!(f, "\n  {pc:#010x}  {ins}")?;
            }
        }
        Ok(())
    }
}

/// Why a lockstep run did not produce a [`LockstepReport`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LockstepError {
    /// qemu and our emulator disagree.
    #[error("qemu lockstep divergence {0}")]
    Diverged(Box<Divergence>),
    /// Running qemu failed.
    #[error(transparent)]
    Qemu(#[from] QemuError),
    /// Our emulator could not start (e.g. the input is too large).
    #[error("the emulator could not start: {0}")]
    Setup(TracerError),
    /// The program ran `max_steps` instructions without exiting.
    #[error("the program ran {max_steps} instructions without exiting (lockstep step limit)")]
    StepLimit {
        /// The limit.
        max_steps: u64,
    },
}

struct Lockstep<'e, 'p> {
    program: &'p Program,
    emulator: &'e mut Emulator<'p>,
    written: u32,
    steps: u64,
    exit: Option<u32>,
    recent: VecDeque<(u32, Instruction)>,
}

impl<'e, 'p> Lockstep<'e, 'p> {
    fn new(program: &'p Program, emulator: &'e mut Emulator<'p>) -> Self {
        // x0 is always compared: both must read 0.
        Self {
            program,
            emulator,
            written: 1,
            steps: 0,
            exit: None,
            recent: VecDeque::with_capacity(RECENT),
        }
    }

    /// Compares qemu's pre-state of the next instruction with ours.
    fn compare(&self, state: &QemuState) -> Result<(), LockstepError> {
        if self.exit.is_some() {
            return Err(self.diverged(DivergenceKind::QemuContinued { qemu_pc: state.pc }));
        }
        let ours = self.emulator.pc();
        if ours != state.pc {
            return Err(self.diverged(DivergenceKind::Pc {
                ours,
                qemu: state.pc,
            }));
        }
        let registers = self.emulator.registers();
        for index in 0..32u8 {
            let (ours, qemu) = (
                registers[usize::from(index)],
                state.registers[usize::from(index)],
            );
            if self.written & (1 << index) != 0 && ours != qemu {
                return Err(self.diverged(DivergenceKind::Register { index, ours, qemu }));
            }
        }
        Ok(())
    }

    /// Executes one instruction of ours.
    fn step(&mut self) -> Result<(), TracerError> {
        let pc = self.emulator.pc();
        match self.emulator.step() {
            Ok((row, exit)) => {
                let ins = row.instruction;
                if ins.opcode.writes_rd() {
                    self.written |= 1 << ins.rd;
                }
                self.remember(pc, ins);
                self.steps += 1;
                self.exit = exit;
                Ok(())
            }
            Err(error) => {
                self.steps += 1;
                Err(error)
            }
        }
    }

    fn remember(&mut self, pc: u32, instruction: Instruction) {
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back((pc, instruction));
    }

    /// A divergence blamed on the last instruction executed (or, for an emulator error, on the
    /// instruction it refused, which `step` counted but did not remember).
    fn diverged(&self, kind: DivergenceKind) -> LockstepError {
        let refused = matches!(kind, DivergenceKind::EmulatorError { .. });
        let mut recent: Vec<(u32, Instruction)> = self.recent.iter().copied().collect();
        let (step, pc, instruction) = if refused {
            let pc = self.emulator.pc();
            let fetched = self.fetch(pc);
            if let Some(ins) = fetched {
                recent.push((pc, ins));
            }
            (self.steps - 1, pc, fetched)
        } else {
            match recent.last() {
                Some(&(pc, ins)) => (self.steps - 1, pc, Some(ins)),
                None => (0, self.emulator.pc(), None),
            }
        };
        LockstepError::Diverged(Box::new(Divergence {
            step,
            pc,
            instruction,
            kind,
            recent,
        }))
    }

    /// The decoded instruction at `pc`, if there is one.
    fn fetch(&self, pc: u32) -> Option<Instruction> {
        let program = self.program;
        let index = pc.wrapping_sub(program.text_start()) / 4;
        match program.code().get(index as usize) {
            Some(Some(Ok(ins))) if pc.is_multiple_of(4) => Some(*ins),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = " pc       80000000
 x0/zero  00000000 x1/ra    00000000 x2/sp    408008c0 x3/gp    00000000
 x4/tp    00000000 x5/t0    00000000 x6/t1    00000000 x7/t2    00000000
 x8/s0    00000000 x9/s1    00000000 x10/a0   00000000 x11/a1   00000000
 x12/a2   00000000 x13/a3   00000000 x14/a4   00000000 x15/a5   00000000
 x16/a6   00000000 x17/a7   00000000 x18/s2   00000000 x19/s3   00000000
 x20/s4   00000000 x21/s5   00000000 x22/s6   00000000 x23/s7   00000000
 x24/s8   00000000 x25/s9   00000000 x26/s10  00000000 x27/s11  00000000
 x28/t3   00000000 x29/t4   00000000 x30/t5   00000000 x31/t6   00000000
 pc       80000004
 x0/zero  00000000 x1/ra    00000000 x2/sp    408008c0 x3/gp    00000000
 x4/tp    00000000 x5/t0    12345000 x6/t1    00000000 x7/t2    00000000
some unrelated line qemu might print
 x8/s0    00000000 x9/s1    00000000 x10/a0   00000000 x11/a1   00000000
 x12/a2   00000000 x13/a3   00000000 x14/a4   00000000 x15/a5   00000000
 x16/a6   00000000 x17/a7   00000000 x18/s2   00000000 x19/s3   00000000
 x20/s4   00000000 x21/s5   00000000 x22/s6   00000000 x23/s7   00000000
 x24/s8   00000000 x25/s9   00000000 x26/s10  00000000 x27/s11  00000000
 x28/t3   00000000 x29/t4   00000000 x30/t5   00000000 x31/t6   ffffffff
 pc       80000008
 x0/zero  00000000 x1/ra    00000000 x2/sp    408008c0 x3/gp    00000000
";

    #[test]
    fn parses_states_and_drops_a_cut_off_one() {
        let mut parser = LogParser::new(LOG.as_bytes());
        let first = parser.next_state().unwrap().unwrap();
        assert_eq!(first.pc, 0x8000_0000);
        assert_eq!(first.registers[2], 0x4080_08c0);
        let second = parser.next_state().unwrap().unwrap();
        assert_eq!(second.pc, 0x8000_0004);
        assert_eq!(second.registers[5], 0x1234_5000);
        assert_eq!(second.registers[31], u32::MAX);
        assert_eq!(parser.next_state().unwrap(), None);
    }

    #[test]
    fn rejects_garbled_logs() {
        let bad_value = LOG.replace("12345000", "zz");
        let mut parser = LogParser::new(bad_value.as_bytes());
        parser.next_state().unwrap();
        assert!(matches!(
            parser.next_state(),
            Err(QemuError::Log { line: 12, .. })
        ));
        let partial = " pc 80000000\n x0/zero 0 x1/ra 0\n pc 80000004\n";
        assert!(matches!(
            LogParser::new(partial.as_bytes()).next_state(),
            Err(QemuError::Log { line: 3, .. })
        ));
        let orphan = " x0/zero 0\n";
        assert!(LogParser::new(orphan.as_bytes()).next_state().is_err());
    }

    #[test]
    fn register_tokens() {
        assert_eq!(register_index("x0/zero"), Some(0));
        assert_eq!(register_index("x31/t6"), Some(31));
        assert_eq!(register_index("x32/t7"), None);
        assert_eq!(register_index("pc"), None);
        assert_eq!(register_index("mstatus"), None);
    }

    #[test]
    fn patching_places_the_input() {
        let config = crate::MemoryConfig::default();
        let words = crate::asm::assemble(&crate::asm::exit(0)).unwrap();
        let bytes = crate::asm::elf(&words, &[], &config).unwrap();
        let layout = crate::Layout::new(config).unwrap();
        let patched = patch_input(&bytes, layout.input_start, b"abc").unwrap();
        let changed: Vec<usize> = (0..bytes.len())
            .filter(|&i| bytes[i] != patched[i])
            .collect();
        assert_eq!(changed.len(), 4, "length byte 3 and the three input bytes");
        let at = changed[0];
        assert_eq!(&patched[at..at + 7], b"\x03\0\0\0abc");
        let too_big = vec![0u8; (layout.output_start - layout.input_start) as usize];
        assert!(matches!(
            patch_input(&bytes, layout.input_start, &too_big),
            Err(QemuError::Input(_))
        ));
        assert!(matches!(
            patch_input(&bytes, 0x1000, b"x"),
            Err(QemuError::Input(_))
        ));
        assert!(matches!(
            patch_input(b"junk", layout.input_start, b"x"),
            Err(QemuError::Input(_))
        ));
    }

    #[test]
    fn missing_qemu_names_the_fix() {
        let message = QemuError::NotFound {
            detail: String::new(),
        }
        .to_string();
        assert!(message.contains("bash .ci/setup") && message.contains("qemu-user-static"));
    }
}
