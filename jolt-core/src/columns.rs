//! The committed per-cycle columns: one registry that witness generation, the R1CS key, the
//! memory-checking wiring and the opening accumulator all index by.
//!
//! Every column has one value per cycle ($T = 2^{\log T}$ entries). The first group are the
//! **bytecode value columns**: the read-only bytecode memory proves that at every cycle they
//! equal the program's row at address [`Column::Row`], so they are as trustworthy as the
//! program itself (flags are bits, at most one lookup flag is set, …) without any R1CS
//! constraint. The rest is the prover's witness, pinned by R1CS, memory checking and Surge.

use instruction_tables::Lookup;
use strum::{EnumCount, IntoEnumIterator};

/// Circuit flags: how a bytecode row routes values (derived from `instruction_tables::rv32im::spec`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum CircuitFlag {
    /// The lookup's left operand is rs1's value.
    LeftRs1,
    /// The lookup's left operand is the pc.
    LeftPc,
    /// The lookup's right operand is rs2's value.
    RightRs2,
    /// The lookup's right operand is the immediate.
    RightImm,
    /// rd receives the lookup output (never set when rd = x0).
    RdLookup,
    /// rd receives pc + 4 (JAL, JALR; never set when rd = x0).
    RdPcPlus4,
    /// rd receives the RAM word read (never set when rd = x0).
    RdRam,
    /// The row reads the RAM word at the lookup output.
    Load,
    /// The row writes rs2's value to the RAM word at the lookup output.
    Store,
    /// R1CS requires the lookup output to be 1.
    Assert,
    /// The row is not the last of its instruction's sequence: the next cycle runs the next row.
    Continue,
    /// The row ends its instruction and the pc moves to pc + 4.
    Sequential,
    /// The row is a branch: pc + 4, or the target in `imm` if the lookup output is 1.
    Branch,
    /// The row jumps to the lookup output.
    Jump,
    /// The row halts the machine (ECALL exit); every later cycle repeats it.
    Halt,
    /// The row is the first row of its instruction.
    First,
}

/// A committed column of length $T$.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The bytecode row read at this cycle (the bytecode memory's read address).
    Row,
    /// The RISC-V address of the row's instruction.
    Pc,
    /// rd's register index (0 when the row writes no register).
    Rd,
    /// rs1's register index.
    Rs1,
    /// rs2's register index.
    Rs2,
    /// The immediate (for branches: the absolute branch target).
    Imm,
    /// A circuit flag.
    Flag(CircuitFlag),
    /// Whether the row performs lookup `Lookup` (at most one per row).
    LookupFlag(Lookup),
    /// Value of rs1 read.
    Rs1Value,
    /// Value of rs2 read.
    Rs2Value,
    /// Value of rd before the row.
    RdBefore,
    /// Value of rd after the row.
    RdAfter,
    /// The RAM access's address-space index (0 = x0 when the row touches no RAM).
    RamAddress,
    /// The RAM word before the row.
    RamBefore,
    /// The RAM word after the row.
    RamAfter,
    /// Whether the RAM word accessed is read-only (its access class: 0 read-write, 1
    /// read-only; 0 when the row touches no RAM, as x0 is read-write).
    RamReadOnly,
    /// The lookup's left operand.
    X,
    /// The lookup's right operand.
    Y,
    /// The lookup output.
    Output,
    /// High byte of query chunk `i` (the left operand's byte for interleaved queries).
    ChunkHigh(usize),
    /// Low byte of query chunk `i`.
    ChunkLow(usize),
    /// `branch · output`: whether a branch is taken.
    BranchTaken,
    /// `x · y` as an integer (< 2^64), for the MUL-family arithmetic relation.
    Product,
    /// Read timestamp of register/RAM slot `j` (0 rs1, 1 rs2, 2 rd, 3 RAM).
    ReadTimestamp(usize),
    /// Read counts of the bytecode memory.
    BytecodeReadCount,
    /// The value Surge memory `m` reads ($E_m$), 0 when the row does not use it.
    SubtableValue(usize),
    /// Read counts of Surge memory `m`.
    SubtableReadCount(usize),
}

/// Number of register/RAM access slots per cycle.
pub const SLOTS: usize = 4;
/// Number of Surge memories (chunk slots: [`instruction_tables::MemoryPlan`]).
pub fn num_subtable_memories() -> usize {
    instruction_tables::MemoryPlan::new().memories.len()
}

/// The bytecode memory's value columns, in the order of its value tuple.
pub fn bytecode_value_columns() -> Vec<Column> {
    let mut out = vec![
        Column::Pc,
        Column::Rd,
        Column::Rs1,
        Column::Rs2,
        Column::Imm,
    ];
    out.extend(CircuitFlag::iter().map(Column::Flag));
    out.extend(Lookup::iter().map(Column::LookupFlag));
    out
}

/// Every committed length-$T$ column, in the fixed order indices refer to.
pub fn all_columns(num_memories: usize) -> Vec<Column> {
    let mut out = vec![Column::Row];
    out.extend(bytecode_value_columns());
    out.extend([
        Column::Rs1Value,
        Column::Rs2Value,
        Column::RdBefore,
        Column::RdAfter,
        Column::RamAddress,
        Column::RamBefore,
        Column::RamAfter,
        Column::RamReadOnly,
        Column::X,
        Column::Y,
        Column::Output,
    ]);
    out.extend((0..instruction_tables::C).map(Column::ChunkHigh));
    out.extend((0..instruction_tables::C).map(Column::ChunkLow));
    out.extend([Column::BranchTaken, Column::Product]);
    out.extend((0..SLOTS).map(Column::ReadTimestamp));
    out.push(Column::BytecodeReadCount);
    out.extend((0..num_memories).map(Column::SubtableValue));
    out.extend((0..num_memories).map(Column::SubtableReadCount));
    out
}

/// Index of every column in [`all_columns`]: a dense map built once.
#[derive(Clone, Debug)]
pub struct ColumnIndex {
    columns: Vec<Column>,
    num_memories: usize,
}

impl ColumnIndex {
    /// The registry for `num_memories` Surge memories.
    pub fn new(num_memories: usize) -> Self {
        Self {
            columns: all_columns(num_memories),
            num_memories,
        }
    }

    /// All columns in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether there are none (never: `Row` is always present).
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The position of `column` (computed arithmetically from the fixed order).
    ///
    /// # Panics
    /// If `column` names a chunk, slot or memory out of range (a structural bug).
    pub fn of(&self, column: Column) -> usize {
        let flags = CircuitFlag::COUNT;
        let lookups = Lookup::COUNT;
        let c = instruction_tables::C;
        let m = self.num_memories;
        let after_bytecode = 1 + 5 + flags + lookups;
        let index = match column {
            Column::Row => 0,
            Column::Pc => 1,
            Column::Rd => 2,
            Column::Rs1 => 3,
            Column::Rs2 => 4,
            Column::Imm => 5,
            Column::Flag(f) => 6 + f as usize,
            Column::LookupFlag(l) => 6 + flags + l as usize,
            Column::Rs1Value => after_bytecode,
            Column::Rs2Value => after_bytecode + 1,
            Column::RdBefore => after_bytecode + 2,
            Column::RdAfter => after_bytecode + 3,
            Column::RamAddress => after_bytecode + 4,
            Column::RamBefore => after_bytecode + 5,
            Column::RamAfter => after_bytecode + 6,
            Column::RamReadOnly => after_bytecode + 7,
            Column::X => after_bytecode + 8,
            Column::Y => after_bytecode + 9,
            Column::Output => after_bytecode + 10,
            Column::ChunkHigh(i) => {
                assert!(i < c, "chunk {i} out of range");
                after_bytecode + 11 + i
            }
            Column::ChunkLow(i) => {
                assert!(i < c, "chunk {i} out of range");
                after_bytecode + 11 + c + i
            }
            Column::BranchTaken => after_bytecode + 11 + 2 * c,
            Column::Product => after_bytecode + 12 + 2 * c,
            Column::ReadTimestamp(j) => {
                assert!(j < SLOTS, "slot {j} out of range");
                after_bytecode + 13 + 2 * c + j
            }
            Column::BytecodeReadCount => after_bytecode + 13 + 2 * c + SLOTS,
            Column::SubtableValue(k) => {
                assert!(k < m, "memory {k} out of range");
                after_bytecode + 14 + 2 * c + SLOTS + k
            }
            Column::SubtableReadCount(k) => {
                assert!(k < m, "memory {k} out of range");
                after_bytecode + 14 + 2 * c + SLOTS + m + k
            }
        };
        debug_assert_eq!(self.columns[index], column);
        index
    }

    /// Every column's [`name`](Self::name), as `'static` strings (built once per process per
    /// number of memories; the R1CS key's debug names).
    pub fn static_names(&self) -> Vec<&'static str> {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        static NAMES: OnceLock<Mutex<HashMap<usize, Vec<&'static str>>>> = OnceLock::new();
        let map = NAMES.get_or_init(|| Mutex::new(HashMap::new()));
        let mut map = map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(self.num_memories)
            .or_insert_with(|| {
                self.columns
                    .iter()
                    .map(|c| &*Box::leak(Self::name(*c).into_boxed_str()))
                    .collect()
            })
            .clone()
    }

    /// A short name for reports and R1CS debugging (`"rs1_value"`, `"flag.branch"`).
    pub fn name(column: Column) -> String {
        match column {
            Column::Flag(f) => format!("flag.{}", <&'static str>::from(f)),
            Column::LookupFlag(l) => format!("lookup.{}", <&'static str>::from(l)),
            Column::ChunkHigh(i) => format!("chunk_high[{i}]"),
            Column::ChunkLow(i) => format!("chunk_low[{i}]"),
            Column::ReadTimestamp(j) => format!("read_timestamp[{j}]"),
            Column::SubtableValue(k) => format!("subtable_value[{k}]"),
            Column::SubtableReadCount(k) => format!("subtable_read_count[{k}]"),
            other => {
                let debug = format!("{other:?}");
                let mut out = String::new();
                for (i, ch) in debug.chars().enumerate() {
                    if ch.is_ascii_uppercase() {
                        if i > 0 {
                            out.push('_');
                        }
                        out.push(ch.to_ascii_lowercase());
                    } else {
                        out.push(ch);
                    }
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_matches_the_order() {
        let index = ColumnIndex::new(num_subtable_memories());
        for (i, c) in index.columns().iter().enumerate() {
            assert_eq!(index.of(*c), i, "{c:?}");
        }
        assert_eq!(ColumnIndex::name(Column::Rs1Value), "rs1_value");
        assert_eq!(
            ColumnIndex::name(Column::Flag(CircuitFlag::RdPcPlus4)),
            "flag.rd_pc_plus4"
        );
    }
}
