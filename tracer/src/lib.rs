//! `tracer`: run RV32IM programs and record their execution trace. No cryptography.
//!
//! - [`Program`] loads a statically linked RV32IM ELF (checked: class, machine, no compressed
//!   instructions, every segment inside the [`Layout`]) and decodes its text once.
//! - [`Emulator`] executes it: [`Emulator::run`] fast, without a trace, and
//!   [`Emulator::trace`] with one compact [`TraceRow`] per instruction.
//! - Program I/O is memory-mapped (see [`layout`]): the input below RAM, then outputs, the
//!   panic flag and the termination flag. The guest halts with the Linux `exit` ecall
//!   (`a7 = 93`, code in `a0`), so the same ELF runs unchanged under `qemu-riscv32`.
//! - Everything that can go wrong is a [`TracerError`] whose message names the fix.
//!
//! # How it is checked
//! The semantics come from an independent implementation, qemu (`qemu-riscv32-static` 7.2),
//! compared instruction by instruction: pc and all written registers after every step, the
//! instruction count and the exit code ([`qemu`]).
//! - `tests/qemu_fuzz.rs`: random RV32IM programs from the [`asm`] encoder (every opcode,
//!   edge operands, ÷0, INT_MIN/−1, shifts ≥ 32, loads/stores of every width, forward
//!   branches and jumps) in lockstep. CI runs 1,000 programs; the long run is
//!   `TRACER_FUZZ_PROGRAMS=12000 TRACER_FUZZ_SEED=0x20261121 cargo test --release -p tracer
//!   --test qemu_fuzz` (≈ 1 minute on 2 cores, 0 divergences).
//! - `host/tests/qemu_lockstep.rs`: every example guest (sha2, sha3, sort, ...) in lockstep.
//! - `tests/instructions.rs`: hand-computed edge cases for every opcode, independent of qemu;
//!   `tests/errors.rs`: every error path.
//!
//! # Speed
//! Run mode executes 229 M instructions/s on the sha2-chain example and 304 M/s on fib;
//! trace mode 38 M/s (2-core EPYC, `cargo bench -p benches --bench tracer`).

pub mod asm;
mod emulator;
mod error;
pub mod instruction;
pub mod layout;
mod program;
pub mod qemu;
mod trace;

pub use emulator::{Emulator, Outcome, SYS_EXIT, SYS_EXIT_GROUP, alu, div_rem, run, trace};
pub use error::TracerError;
pub use instruction::{DecodeError, Format, Instruction, Opcode, decode};
pub use layout::{Layout, MemoryConfig, RAM_START};
pub use program::{Access, AccessRegion, Program, Segment};
pub use trace::{RamAccess, TraceRow};

/// Default cycle limit for runs that do not set one: 2^32 instructions (minutes of
/// emulation, far beyond what can be proved on one machine).
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 32;
