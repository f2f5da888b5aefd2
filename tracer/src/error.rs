//! Everything that can go wrong loading or running a guest. Every message says what happened,
//! where (pc, address) and what to do about it; nothing in this crate panics on a bad ELF or a
//! misbehaving guest.

use crate::instruction::DecodeError;

/// An error from loading or executing a guest program.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)] // Fields are the pc / address / sizes named in each message.
pub enum TracerError {
    // ---- configuration -------------------------------------------------------------------
    #[error("invalid memory configuration: {0}")]
    InvalidConfig(String),
    #[error(
        "the ELF was linked for {elf:?} but is being run with {requested:?}; run it with the \
         ELF's own configuration (omit the override) or rebuild the guest with the new one"
    )]
    ConfigMismatch {
        elf: crate::MemoryConfig,
        requested: crate::MemoryConfig,
    },

    // ---- the ELF file --------------------------------------------------------------------
    #[error(
        "not an ELF file ({0}); pass the guest binary built for riscv32im-unknown-none-elf \
         (e.g. target/riscv32im-unknown-none-elf/release/NAME)"
    )]
    NotElf(String),
    #[error(
        "{0} ELF: the zkVM runs 32-bit RISC-V (RV32IM) only; build the guest with \
         `--target riscv32im-unknown-none-elf`"
    )]
    UnsupportedElf(String),
    #[error("malformed ELF: {0}; the file is truncated or corrupt, rebuild the guest")]
    MalformedElf(String),
    #[error(
        "the ELF is marked as using compressed instructions (EF_RISCV_RVC); the zkVM executes \
         RV32IM only: build for riscv32im-unknown-none-elf, not riscv32imc/imac"
    )]
    CompressedElf,
    #[error(
        "ELF segment {vaddr:#010x}..{end:#010x} lies outside guest memory ({region}); link \
         the guest with the jolt linker script (host::build_guest does) or raise memory_size"
    )]
    SegmentOutsideMemory {
        vaddr: u32,
        end: u64,
        region: String,
    },
    #[error(
        "ELF segment {vaddr:#010x}..{end:#010x} puts file data where the memory layout \
         reserves {what}; link the guest with the jolt linker script for this configuration"
    )]
    SegmentInReservedRegion {
        vaddr: u32,
        end: u32,
        what: &'static str,
    },
    #[error(
        "ELF segments {first_start:#010x}..{first_end:#010x} and {second_start:#010x}..{second_end:#010x} \
         overlap, so the initial memory would depend on their order; link the guest so that no \
         two loadable segments share a byte (the jolt linker script does)"
    )]
    OverlappingSegments {
        first_start: u32,
        first_end: u64,
        second_start: u32,
        second_end: u64,
    },
    #[error(
        "entry point {0:#010x} is not in an executable segment; the ELF's entry must be the \
         runtime's `_start`"
    )]
    EntryNotInText(u32),
    #[error("the ELF has no executable segment; is it a guest program at all?")]
    NoText,

    // ---- inputs and outputs --------------------------------------------------------------
    #[error(
        "input is {len} bytes but the guest accepts at most {max} (max_input_size); raise \
         max_input_size in the guest's memory configuration or send a smaller input"
    )]
    InputTooLarge { len: usize, max: u32 },
    #[error(
        "the guest reported {len} output bytes but at most {max} fit (max_output_size); raise \
         max_output_size in the guest's memory configuration"
    )]
    OutputTooLarge { len: u32, max: u32 },

    // ---- execution -----------------------------------------------------------------------
    #[error("illegal instruction at pc {pc:#010x}: {source}")]
    IllegalInstruction { pc: u32, source: DecodeError },
    #[error(
        "pc {pc:#010x} is outside the program's code (jump through a bad pointer, or a return \
         into corrupted stack); check the guest for memory corruption"
    )]
    PcOutOfText { pc: u32 },
    #[error(
        "misaligned pc {pc:#010x}: RV32IM instructions are 4-byte aligned (a jump through a \
         bad pointer, or code built with the C extension)"
    )]
    MisalignedPc { pc: u32 },
    #[error(
        "unsupported ecall {number} (a7) at pc {pc:#010x}: the only system call is exit \
         (a7 = 93); use the guest SDK's I/O functions instead of syscalls"
    )]
    UnsupportedEcall { pc: u32, number: u32 },
    #[error(
        "EBREAK at pc {pc:#010x}: the guest hit a breakpoint; the zkVM has no debugger, remove \
         the breakpoint from the guest"
    )]
    Breakpoint { pc: u32 },
    #[error(
        "misaligned {size}-byte access to {address:#010x} at pc {pc:#010x}: the zkVM requires \
         naturally aligned loads and stores (the riscv32im target's code generation emits only \
         those; check unsafe pointer casts)"
    )]
    MisalignedAccess { pc: u32, address: u32, size: u32 },
    #[error(
        "memory access to {address:#010x} at pc {pc:#010x} is outside guest memory \
         ({lowest:#010x}..{ram_end:#010x}); a wild pointer, or the program needs a larger \
         memory_size"
    )]
    OutOfBounds {
        pc: u32,
        address: u32,
        lowest: u32,
        ram_end: u32,
    },
    #[error(
        "store to read-only memory at {address:#010x} at pc {pc:#010x} ({what}); the guest \
         writes through a pointer to code, constants or its input"
    )]
    WriteToReadOnly {
        pc: u32,
        address: u32,
        what: &'static str,
    },
    #[error(
        "stack overflow at pc {pc:#010x}: {detail}; the stack is {stack_size} bytes \
         ({stack_bottom:#010x}..{stack_top:#010x}): raise stack_size in the guest's memory \
         configuration, or reduce recursion depth / large locals"
    )]
    StackOverflow {
        pc: u32,
        detail: String,
        stack_size: u32,
        stack_bottom: u32,
        stack_top: u32,
    },
    #[error(
        "cycle limit reached: the guest ran {limit} instructions without exiting; raise the \
         limit (max_cycles / --max-cycles) or check the guest for an infinite loop"
    )]
    CycleLimit { limit: u64 },
}
