//! The execution trace: one compact row per executed instruction, no field elements.

use crate::instruction::Instruction;

/// The memory side of one load or store. Accesses are recorded at word granularity: the
/// aligned word that contains the accessed bytes, before and after the instruction (equal for
/// loads). A byte-addressed and a word-addressed memory argument can both be built from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RamAccess {
    /// The exact byte address the instruction accessed (`rs1 + imm`).
    pub address: u32,
    /// The aligned word containing `address`, before the access.
    pub word_before: u32,
    /// The same word after the access (differs from `word_before` only for stores).
    pub word_after: u32,
}

impl RamAccess {
    /// The address of the aligned word.
    pub fn word_address(&self) -> u32 {
        self.address & !3
    }
}

/// One executed instruction.
///
/// Register fields follow the decoded instruction: operands it does not use read `x0` and
/// are zero, and for an instruction that writes no register (or writes `x0`) `rd_after ==
/// rd_before`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TraceRow {
    /// Address of the instruction.
    pub pc: u32,
    /// The decoded instruction.
    pub instruction: Instruction,
    /// Value of `rs1` read.
    pub rs1_value: u32,
    /// Value of `rs2` read.
    pub rs2_value: u32,
    /// Value of `rd` before the instruction.
    pub rd_before: u32,
    /// Value of `rd` after the instruction.
    pub rd_after: u32,
    /// The RAM access of a load or store.
    pub memory: Option<RamAccess>,
    /// Prover advice for virtual sequences: `[quotient, remainder]` of DIV/DIVU/REM/REMU with
    /// RISC-V's semantics (truncating; x/0 = all ones with remainder x; INT_MIN/-1 = INT_MIN
    /// with remainder 0). Zero for every other instruction.
    pub advice: [u32; 2],
}
