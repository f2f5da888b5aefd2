//! Witness generation: from the tracer's trace to every committed column.
//!
//! Each traced RV32IM instruction is re-executed row by row through its bytecode rows with
//! the reference semantics [`instruction_tables::rv32im::execute`] (an implementation
//! independent of the tracer's), and the result is checked against the tracer's row: the
//! same rd value and the same next pc. Memory consistency (read values, timestamps, final
//! memory) is computed by [`memory_checking::read_write::Replay`] over the four accesses of
//! every cycle: rs1 read, rs2 read, rd write, one RAM word.
//!
//! The trace is padded to $T = 2^{\log T}$ cycles by repeating the halting row (the exit
//! ECALL): it reads a0 and a7, writes nothing and touches no RAM, so padding is inert, and
//! R1CS forces every cycle after a halt to repeat it. A continuation shard that is not the
//! run's last is padded with the pause row instead ([`pad_with_pause`]).

use instruction_tables::rv32im::{self, WordMemory};
use instruction_tables::{Lookup, LookupInstruction};
use math::{CompactPolynomial, MultilinearPolynomial};
use memory_checking::read_only::access_counts;
use memory_checking::read_write::{RangeCheckColumns, Replay};
use tracer::TraceRow;

use crate::bytecode::{Bytecode, BytecodeRow};
use crate::columns::{CircuitFlag, Column, ColumnIndex, SLOTS};
use crate::error::ProveError;
use crate::memory::{AccessClass, AddressSpace};
use crate::preprocessing::SurgeLayout;
use math::parallel::par_map;

pub use crate::statement::{MIN_LOG_CYCLES, timestamp_bits};

/// One cycle (one bytecode row executed), in integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cycle {
    /// The bytecode row index.
    pub row: u32,
    /// rs1's value.
    pub rs1_value: u32,
    /// rs2's value.
    pub rs2_value: u32,
    /// rd before.
    pub rd_before: u32,
    /// rd after.
    pub rd_after: u32,
    /// The RAM word index (0 when none).
    pub ram_address: u32,
    /// The RAM word before.
    pub ram_before: u32,
    /// The RAM word after.
    pub ram_after: u32,
    /// Lookup operands and output.
    pub x: u32,
    /// Right operand.
    pub y: u32,
    /// Output.
    pub output: u32,
    /// The lookup performed.
    pub lookup: Option<Lookup>,
    /// The four 16-bit query chunks (0 without a lookup).
    pub chunks: [u16; instruction_tables::C],
}

struct Ram<'a> {
    space: &'a AddressSpace,
    words: &'a mut [u32],
    fault: Option<u32>,
}

/// Addresses reach `Ram` as RAM rows' lookup outputs, relative to `input_start` (see
/// [`crate::memory`]).
impl WordMemory for Ram<'_> {
    fn load(&mut self, output: u32) -> u32 {
        let address = self.space.unbiased_address(output);
        match self.space.word_index(address) {
            Some(i) => self.words[i as usize],
            None => {
                self.fault = Some(address);
                0
            }
        }
    }

    fn store(&mut self, output: u32, value: u32) {
        let address = self.space.unbiased_address(output);
        match self.space.word_index(address) {
            Some(i) => self.words[i as usize] = value,
            None => self.fault = Some(address),
        }
    }
}

/// Executes the trace through the bytecode from memory state `init` (registers included),
/// returning one [`Cycle`] per row (unpadded). `next_pc` is the pc after the trace's last
/// instruction: `None` when it is the exit, a continuation shard's end pc otherwise.
pub fn execute_trace(
    bytecode: &Bytecode,
    space: &AddressSpace,
    init: &[u32],
    trace: &[TraceRow],
    next_pc: Option<u32>,
) -> Result<Vec<Cycle>, ProveError> {
    let rows = bytecode.rows();
    let mut regs = [0u32; rv32im::REGISTER_COUNT];
    regs.copy_from_slice(
        init.get(..rv32im::REGISTER_COUNT)
            .ok_or(ProveError::Internal("the initial memory has no registers"))?,
    );
    let mut memory = init.to_vec();
    let mut cycles = Vec::with_capacity(trace.len() * 5 / 4 + 16);
    for (step, traced) in trace.iter().enumerate() {
        let pc = traced.pc;
        let first = bytecode.first_row(pc).ok_or(ProveError::Unprovable {
            pc,
            reason: "the instruction has no bytecode rows",
        })?;
        let opcode = crate::bytecode::rv_opcode(traced.instruction.opcode);
        let advice = rv32im::advice(opcode, traced.rs1_value, traced.rs2_value);
        let mut advice = advice.into_iter();
        let mut index = first as usize;
        loop {
            let row: &BytecodeRow = rows
                .get(index)
                .ok_or(ProveError::Internal("a sequence ran past the bytecode"))?;
            let rd_before = regs[usize::from(row.rd)];
            let rs1_value = regs[usize::from(row.rs1)];
            let rs2_value = regs[usize::from(row.rs2)];
            let mut ram = Ram {
                space,
                words: &mut memory,
                fault: None,
            };
            let micro = rv32im::execute(&row.micro, pc, row.last, &mut regs, &mut ram, &mut advice)
                .map_err(|e| ProveError::Unprovable {
                    pc,
                    reason: micro_reason(e),
                })?;
            if let Some(address) = ram.fault {
                return Err(ProveError::BadAccess { pc, address });
            }
            let (lookup, x, y, output) = match micro.lookup {
                Some((l, x, y, out)) => (Some(l), x, y, out),
                None => (None, 0, 0, 0),
            };
            let (ram_address, ram_before, ram_after) = match micro.ram {
                Some(a) => (
                    space.word_index(space.unbiased_address(a.address)).ok_or(
                        ProveError::BadAccess {
                            pc,
                            address: space.unbiased_address(a.address),
                        },
                    )?,
                    a.before,
                    a.after,
                ),
                None => (0, 0, 0),
            };
            cycles.push(Cycle {
                row: index as u32,
                rs1_value,
                rs2_value,
                rd_before,
                rd_after: regs[usize::from(row.rd)],
                ram_address,
                ram_before,
                ram_after,
                x,
                y,
                output,
                lookup,
                chunks: lookup.map_or([0; instruction_tables::C], |l| l.to_indices(x, y)),
            });
            if row.last {
                let expected_next = trace.get(step + 1).map(|t| t.pc).or(next_pc);
                let rd = usize::from(traced.instruction.rd);
                let diverged = (rd != 0 && regs[rd] != traced.rd_after)
                    || (micro.next_pc.is_some() && micro.next_pc != expected_next);
                if diverged {
                    return Err(ProveError::Divergence {
                        pc,
                        cycle: step as u64,
                    });
                }
                break;
            }
            index += 1;
        }
    }
    Ok(cycles)
}

fn micro_reason(e: rv32im::MicroError) -> &'static str {
    match e {
        rv32im::MicroError::AssertionFailed(_) => "a virtual-sequence assertion failed",
        rv32im::MicroError::Misaligned(_) => "misaligned word access",
        rv32im::MicroError::MissingAdvice => "missing advice",
        rv32im::MicroError::NotARow(_) => "not a bytecode row",
    }
}

/// Every polynomial the prover commits to or feeds to memory checking.
#[derive(Debug)]
pub struct Witness {
    /// $\log T$.
    pub log_cycles: usize,
    /// The length-$T$ columns in [`ColumnIndex`] order.
    pub columns: Vec<MultilinearPolynomial>,
    /// Bytecode final counts ($2^{\log K_b}$).
    pub bytecode_final: MultilinearPolynomial,
    /// Final counts of every Surge memory (its size each).
    pub subtable_finals: Vec<MultilinearPolynomial>,
    /// The read-write memory's per-op columns, op $4c + j$ (prover-side; the committed
    /// per-slot columns are in `columns`).
    pub ops: OpColumns,
    /// Final values of the address space.
    pub final_values: MultilinearPolynomial,
    /// Final timestamps of the address space.
    pub final_timestamps: MultilinearPolynomial,
    /// Timestamp range-check columns (length $4T$, finals $2^{16}$).
    pub range: RangeCheckColumns,
    /// Every Surge memory's read addresses (prover-side: virtual for the verifier).
    pub lookup_addresses: Vec<MultilinearPolynomial>,
    /// Toggle flags of every Surge memory (prover-side).
    pub memory_flags: Vec<CompactPolynomial<bool>>,
    /// Final memory (for the I/O check and the caller: the next shard's initial memory).
    pub final_memory: Vec<u32>,
    /// The initial memory the witness starts from (address-space indexed).
    pub initial_memory: Vec<u32>,
}

/// The read-write memory's interleaved op columns.
#[derive(Debug)]
pub struct OpColumns {
    /// Addresses.
    pub addresses: MultilinearPolynomial,
    /// Read values.
    pub read_values: MultilinearPolynomial,
    /// Read timestamps.
    pub read_timestamps: MultilinearPolynomial,
    /// Write values.
    pub write_values: MultilinearPolynomial,
    /// Write timestamps $s + 1$ (virtual).
    pub write_timestamps: MultilinearPolynomial,
    /// Access tags: 0 for register slots, `RamReadOnly` for the RAM slot.
    pub tags: MultilinearPolynomial,
}

/// Pads `cycles` to a power of two (at least $2^{\text{MIN\_LOG\_CYCLES}}$) by repeating the
/// last (halting) cycle.
pub fn pad(cycles: &mut Vec<Cycle>) -> Result<usize, ProveError> {
    let last = *cycles.last().ok_or(ProveError::Internal("empty trace"))?;
    let t = cycles.len().next_power_of_two().max(1 << MIN_LOG_CYCLES);
    cycles.resize(t, last);
    Ok(t.trailing_zeros() as usize)
}

/// Pads a continuation shard that is not the run's last: at least one cycle of the pause row
/// ([`Bytecode::pause_row`]), up to a power of two. The pause row reads x0 twice and writes x0
/// its own value, so every pause cycle is inert.
pub fn pad_with_pause(cycles: &mut Vec<Cycle>, pause_row: u32) -> usize {
    let t = (cycles.len() + 1)
        .next_power_of_two()
        .max(1 << MIN_LOG_CYCLES);
    cycles.resize(
        t,
        Cycle {
            row: pause_row,
            ..Cycle::default()
        },
    );
    t.trailing_zeros() as usize
}

/// Builds every column from padded cycles. `pause_pc` is the pause row's pc in this shard's
/// bytecode table (a continuation shard's end pc; 0 otherwise).
pub fn build(
    bytecode: &Bytecode,
    surge: &SurgeLayout,
    init: &[u32],
    tags: &[u8],
    pause_pc: u32,
    cycles: &[Cycle],
) -> Result<Witness, ProveError> {
    let _span = tracing::info_span!("witness", cycles = cycles.len()).entered();
    let log_cycles = cycles.len().trailing_zeros() as usize;
    let rows = bytecode.rows();
    let row_of = |c: &Cycle| &rows[c.row as usize];
    let pause_row = bytecode.pause_row();
    let index = ColumnIndex::new(surge.memories.len());

    // Memory consistency over the 4T ops.
    let n_ops = SLOTS * cycles.len();
    let mut addresses = Vec::with_capacity(n_ops);
    let mut writes = Vec::with_capacity(n_ops);
    for c in cycles {
        let r = row_of(c);
        addresses.extend([
            u32::from(r.rs1),
            u32::from(r.rs2),
            u32::from(r.rd),
            c.ram_address,
        ]);
        writes.extend([None, None, Some(c.rd_after), Some(c.ram_after)]);
    }
    let replay = Replay::run(init, &addresses, &writes)
        .map_err(|_| ProveError::Internal("a memory access left the address space"))?;
    // The values read are memory's. An honest execution read the same (execute_trace checked
    // it against the tracer); a tampered one, as in the malicious-prover tests, stays
    // memory-consistent and must be caught by the other components.
    let cycles: Vec<Cycle> = cycles
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let read = &replay.read_values[SLOTS * k..SLOTS * k + SLOTS];
            Cycle {
                rs1_value: read[0],
                rs2_value: read[1],
                rd_before: read[2],
                ram_before: read[3],
                ..*c
            }
        })
        .collect();
    let cycles = &cycles[..];
    // The RAM word's access class, as memory holds it (an index outside the address space,
    // which only a tampered execution has, is claimed read-write: memory checking rejects it
    // anyway). A no-access word is claimed read-only here, which memory checking rejects too.
    let ram_read_only = |c: &Cycle| {
        tags.get(c.ram_address as usize)
            .is_some_and(|t| *t != AccessClass::ReadWrite.tag())
    };
    let write_ts = memory_checking::read_write::write_timestamps(n_ops);
    let timestamp_bits = timestamp_bits(log_cycles);
    let range = RangeCheckColumns::compute(&replay.read_timestamps, &write_ts, timestamp_bits)
        .map_err(|_| ProveError::Internal("timestamp range check"))?;

    // Surge: per memory, the read address (subtable id and chunk), toggle, value and counts.
    let m = surge.memories.len();
    // The address memory `k` is read at in cycle `c`, if the cycle's lookup reads it.
    let read_address = |c: &Cycle, k: usize| -> Option<u32> {
        let l = c.lookup?;
        let j = surge.uses[l as usize].iter().position(|u| *u == k)?;
        Some(surge.address(l, j, c.chunks[surge.memories[k].chunk]))
    };
    // An unread memory's address is the bare chunk (subtable id 0), what the verifier's
    // address formula gives with every user's flag 0.
    let lookup_addresses: Vec<Vec<u32>> = par_map(0..m, |k| {
        let chunk = surge.memories[k].chunk;
        cycles
            .iter()
            .map(|c| read_address(c, k).unwrap_or(u32::from(c.chunks[chunk])))
            .collect()
    });
    let flags: Vec<Vec<bool>> = par_map(0..m, |k| {
        cycles
            .iter()
            .map(|c| read_address(c, k).is_some())
            .collect()
    });
    let counts = par_map(0..m, |k| {
        access_counts(
            &lookup_addresses[k],
            Some(&flags[k]),
            surge.memories[k].log_size(),
        )
    });
    let mut subtable_reads = Vec::with_capacity(m);
    let mut subtable_finals = Vec::with_capacity(m);
    for c in counts {
        let c = c.map_err(|_| ProveError::Internal("subtable access counts"))?;
        subtable_reads.push(c.read_timestamps);
        subtable_finals.push(MultilinearPolynomial::from(CompactPolynomial::new(
            c.final_timestamps,
        )));
    }
    let row_indices: Vec<u32> = cycles.iter().map(|c| c.row).collect();
    let bytecode_counts = access_counts(&row_indices, None, bytecode.log_size())
        .map_err(|_| ProveError::Internal("bytecode access counts"))?;

    let columns: Vec<MultilinearPolynomial> = par_map(0..index.len(), |i| {
        let column = index.columns()[i];
        let u32s = |f: &dyn Fn(&Cycle) -> u32| -> MultilinearPolynomial {
            CompactPolynomial::new(cycles.iter().map(f).collect::<Vec<u32>>()).into()
        };
        let u8s = |f: &dyn Fn(&Cycle) -> u8| -> MultilinearPolynomial {
            CompactPolynomial::new(cycles.iter().map(f).collect::<Vec<u8>>()).into()
        };
        let bools = |f: &dyn Fn(&Cycle) -> bool| -> MultilinearPolynomial {
            CompactPolynomial::new(cycles.iter().map(f).collect::<Vec<bool>>()).into()
        };
        let u64s = |v: Vec<u64>| -> MultilinearPolynomial { CompactPolynomial::new(v).into() };
        match column {
            Column::Row => u32s(&|c| c.row),
            Column::Pc => u32s(&|c| {
                if c.row == pause_row {
                    pause_pc
                } else {
                    row_of(c).pc
                }
            }),
            Column::Imm => u32s(&|c| row_of(c).value(column)),
            Column::Rd | Column::Rs1 | Column::Rs2 => u8s(&|c| row_of(c).value(column) as u8),
            Column::Flag(f) => bools(&|c| row_of(c).flag(f)),
            Column::LookupFlag(l) => bools(&|c| row_of(c).lookup == Some(l)),
            Column::Rs1Value => u32s(&|c| c.rs1_value),
            Column::Rs2Value => u32s(&|c| c.rs2_value),
            Column::RdBefore => u32s(&|c| c.rd_before),
            Column::RdAfter => u32s(&|c| c.rd_after),
            Column::RamAddress => u32s(&|c| c.ram_address),
            Column::RamBefore => u32s(&|c| c.ram_before),
            Column::RamAfter => u32s(&|c| c.ram_after),
            Column::RamReadOnly => bools(&|c| ram_read_only(c)),
            Column::X => u32s(&|c| c.x),
            Column::Y => u32s(&|c| c.y),
            Column::Output => u32s(&|c| c.output),
            Column::ChunkHigh(i) => u8s(&|c| (c.chunks[i] >> 8) as u8),
            Column::ChunkLow(i) => u8s(&|c| c.chunks[i] as u8),
            Column::BranchTaken => bools(&|c| row_of(c).flag(CircuitFlag::Branch) && c.output == 1),
            Column::Product => u64s(
                cycles
                    .iter()
                    .map(|c| u64::from(c.x) * u64::from(c.y))
                    .collect(),
            ),
            Column::ReadTimestamp(j) => u64s(
                (0..cycles.len())
                    .map(|k| replay.read_timestamps[SLOTS * k + j])
                    .collect(),
            ),
            Column::BytecodeReadCount => u64s(bytecode_counts.read_timestamps.clone()),
            Column::SubtableValue(k) => {
                let memory = &surge.memories[k];
                u32s(&|c| read_address(c, k).map_or(0, |a| memory.entry(a) as u32))
            }
            Column::SubtableReadCount(k) => u64s(subtable_reads[k].clone()),
        }
    });

    let ops = OpColumns {
        addresses: CompactPolynomial::new(addresses).into(),
        read_values: CompactPolynomial::new(replay.read_values.clone()).into(),
        read_timestamps: CompactPolynomial::new(replay.read_timestamps.clone()).into(),
        write_values: CompactPolynomial::new(replay.write_values.clone()).into(),
        write_timestamps: CompactPolynomial::new(write_ts).into(),
        tags: CompactPolynomial::new(
            cycles
                .iter()
                .flat_map(|c| [0, 0, 0, u8::from(ram_read_only(c))])
                .collect::<Vec<u8>>(),
        )
        .into(),
    };
    Ok(Witness {
        log_cycles,
        columns,
        bytecode_final: CompactPolynomial::new(bytecode_counts.final_timestamps).into(),
        subtable_finals,
        ops,
        final_values: CompactPolynomial::new(replay.final_values.clone()).into(),
        final_timestamps: CompactPolynomial::new(replay.final_timestamps.clone()).into(),
        range,
        lookup_addresses: lookup_addresses
            .into_iter()
            .map(|d| CompactPolynomial::new(d).into())
            .collect(),
        memory_flags: flags.into_iter().map(CompactPolynomial::new).collect(),
        final_memory: replay.final_values,
        initial_memory: init.to_vec(),
    })
}
