//! Every committed polynomial in one order, and the translation of the components' claims
//! into claims on them (checking the claims on *virtual* polynomials on the way).
//!
//! | polynomials | length |
//! |---|---|
//! | the trace columns ([`ColumnIndex`](crate::columns::ColumnIndex) order) | $T$ |
//! | timestamp range chunks, then their read counts | $4T$ |
//! | bytecode final counts | $K_b$ |
//! | Surge memories' final counts | $2^{16}$ times the memory's padded number of subtables |
//! | range tables' final counts | $2^{16}$ |
//! | final memory values, final timestamps | $K$ |
//!
//! Virtual polynomials (never committed): the interleaved register/RAM op columns (their
//! claims recombine from the per-slot columns, which the prover sends at the cycle point),
//! the Surge memories' read addresses ($2^{16} \sum_k \sigma_k f_k + 256\,hi + lo$, with $\sigma_k$
//! the subtable id lookup $k$ reads there) and toggles (sums of lookup flags).

use math::{FieldExt, Fr, MultilinearPolynomial};
use memory_checking::{MemoryId, OpeningClaim, PolyKind};

use crate::columns::{Column, bytecode_value_columns};
use crate::error::VerifyError;
use crate::opening::EvaluationClaim as Claim;
use crate::preprocessing::ProgramPreprocessing;
use crate::witness::Witness;

/// Label of the per-slot evaluations.
pub const SLOT_LABEL: &[u8] = b"read_write_slot_evaluations";

/// The per-slot columns the prover evaluates at the cycle point, in proof order.
pub const SLOT_COLUMNS: [Column; 15] = [
    Column::Rs1,
    Column::Rs2,
    Column::Rd,
    Column::RamAddress,
    Column::Rs1Value,
    Column::Rs2Value,
    Column::RdBefore,
    Column::RamBefore,
    Column::RdAfter,
    Column::RamAfter,
    Column::ReadTimestamp(0),
    Column::ReadTimestamp(1),
    Column::ReadTimestamp(2),
    Column::ReadTimestamp(3),
    Column::RamReadOnly,
];

/// Positions in [`SLOT_COLUMNS`] of each op column's four slots.
const SLOT_ADDRESSES: [usize; 4] = [0, 1, 2, 3];
const SLOT_READS: [usize; 4] = [4, 5, 6, 7];
const SLOT_WRITES: [usize; 4] = [4, 5, 8, 9];
const SLOT_TIMESTAMPS: [usize; 4] = [10, 11, 12, 13];
/// Position of the RAM slot's tag (register slots' tags are 0).
const SLOT_RAM_TAG: usize = 14;

/// Indices of the committed polynomials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolyLayout {
    /// Trace columns.
    pub columns: usize,
    /// Range-check chunks $L$.
    pub range_chunks: usize,
    /// Surge memories.
    pub memories: usize,
}

impl PolyLayout {
    /// The layout for a statement.
    pub fn new(shared: &ProgramPreprocessing, log_cycles: usize) -> Self {
        Self {
            columns: shared.index.len(),
            range_chunks: memory_checking::read_write::num_chunks(
                crate::statement::timestamp_bits(log_cycles),
            ),
            memories: shared.surge.memories.len(),
        }
    }
    /// Trace column `i`.
    pub fn column(&self, i: usize) -> usize {
        i
    }
    /// Range chunk `j`.
    pub fn range_chunk(&self, j: usize) -> usize {
        self.columns + j
    }
    /// Range chunk `j`'s read counts.
    pub fn range_read(&self, j: usize) -> usize {
        self.columns + self.range_chunks + j
    }
    /// Bytecode final counts.
    pub fn bytecode_final(&self) -> usize {
        self.columns + 2 * self.range_chunks
    }
    /// Surge memory `m`'s final counts.
    pub fn subtable_final(&self, m: usize) -> usize {
        self.bytecode_final() + 1 + m
    }
    /// Range table `j`'s final counts.
    pub fn range_final(&self, j: usize) -> usize {
        self.bytecode_final() + 1 + self.memories + j
    }
    /// Final memory values.
    pub fn final_values(&self) -> usize {
        self.range_final(self.range_chunks)
    }
    /// Final memory timestamps.
    pub fn final_timestamps(&self) -> usize {
        self.final_values() + 1
    }
    /// Number of committed polynomials the proof carries commitments to.
    pub fn len(&self) -> usize {
        self.final_timestamps() + 1
    }
    /// A continuation shard's initial memory (after the first shard): opened after the
    /// proof's own polynomials, against the previous shard's final-values commitment.
    pub fn initial_values(&self) -> usize {
        self.len()
    }
    /// Never empty.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Every polynomial's number of variables.
    pub fn num_vars(&self, shared: &ProgramPreprocessing, log_cycles: usize) -> Vec<usize> {
        let mut out = vec![log_cycles; self.columns];
        out.extend(vec![log_cycles + 2; 2 * self.range_chunks]);
        out.push(shared.bytecode.log_size());
        out.extend(shared.surge.memories.iter().map(|m| m.log_size()));
        out.extend(vec![instruction_tables::LOG_M; self.range_chunks]);
        out.extend([shared.space.log_size, shared.space.log_size]);
        out
    }
}

/// The prover's committed polynomials, borrowed from the witness, in [`PolyLayout`] order.
pub struct Polys<'a> {
    polys: Vec<&'a MultilinearPolynomial>,
}

impl<'a> Polys<'a> {
    /// Gathers them.
    pub fn from_witness(w: &'a Witness) -> Self {
        let mut polys: Vec<&MultilinearPolynomial> = w.columns.iter().collect();
        polys.extend(&w.range.chunks);
        polys.extend(&w.range.read_counts);
        polys.push(&w.bytecode_final);
        polys.extend(&w.subtable_finals);
        polys.extend(&w.range.final_counts);
        polys.push(&w.final_values);
        polys.push(&w.final_timestamps);
        Self { polys }
    }
    /// Appends one more (a shard's committed initial memory, last: [`PolyLayout::initial_values`]).
    pub fn push(&mut self, poly: &'a MultilinearPolynomial) {
        self.polys.push(poly);
    }
    /// The references.
    pub fn refs(&self) -> Vec<&'a MultilinearPolynomial> {
        self.polys.clone()
    }
    /// How many.
    pub fn len(&self) -> usize {
        self.polys.len()
    }
    /// Never empty.
    pub fn is_empty(&self) -> bool {
        self.polys.is_empty()
    }
}

fn claim(poly: usize, c: &OpeningClaim) -> Claim {
    Claim {
        poly,
        point: c.point.clone(),
        value: c.value,
    }
}

/// Translates the read-only batch's claims; checks the virtual address and toggle claims.
///
/// The prover passes `check = false`: it hands the claims over as they are (a dishonest
/// prover's proof is then rejected by the verifier, which checks).
pub fn read_only_claims(
    shared: &ProgramPreprocessing,
    claims: &[OpeningClaim],
    log_cycles: usize,
    check: bool,
) -> Result<Vec<Claim>, VerifyError> {
    let index = &shared.index;
    let layout = PolyLayout::new(shared, log_cycles);
    let values = bytecode_value_columns();
    // The bytecode's lookup-flag claims at the read point, for the toggles.
    let flag_claim = |l: instruction_tables::Lookup| {
        let position = values.iter().position(|c| *c == Column::LookupFlag(l));
        claims.iter().find(|c| {
            c.poly.memory == MemoryId::ReadOnly(0)
                && Some(c.poly.kind) == position.map(PolyKind::Value)
        })
    };
    let mut out = Vec::with_capacity(claims.len());
    for c in claims {
        let MemoryId::ReadOnly(i) = c.poly.memory else {
            return Err(VerifyError::Internal("a read-only claim on another memory"));
        };
        if i == 0 {
            let poly = match c.poly.kind {
                PolyKind::Address => index.of(Column::Row),
                PolyKind::Value(v) => index.of(*values
                    .get(v)
                    .ok_or(VerifyError::Internal("bytecode value index"))?),
                PolyKind::ReadTimestamp => index.of(Column::BytecodeReadCount),
                PolyKind::FinalTimestamp => layout.bytecode_final(),
                _ => return Err(VerifyError::Internal("unexpected bytecode claim")),
            };
            out.push(claim(poly, c));
            continue;
        }
        let m = i - 1;
        let chunk = shared
            .surge
            .memories
            .get(m)
            .ok_or(VerifyError::Internal("memory index"))?
            .chunk;
        let find = |kind: PolyKind| {
            claims.iter().find(|d| {
                d.poly.memory == c.poly.memory && d.poly.kind == kind && d.point == c.point
            })
        };
        match c.poly.kind {
            PolyKind::Address | PolyKind::Flag if !check => {}
            PolyKind::Address => {
                let (Some(hi), Some(lo)) = (find(PolyKind::Value(0)), find(PolyKind::Value(1)))
                else {
                    return Err(VerifyError::LookupMemoryMismatch {
                        memory: m,
                        what: "address",
                    });
                };
                // The subtable id: sum of the users' flags times their ids.
                let mut sid = Fr::from_u8(0);
                for (l, id) in &shared.surge.users[m] {
                    if *id == 0 {
                        continue;
                    }
                    let f = flag_claim(*l).filter(|f| f.point == c.point).ok_or(
                        VerifyError::LookupMemoryMismatch {
                            memory: m,
                            what: "address",
                        },
                    )?;
                    sid += Fr::from_u32(*id) * f.value;
                }
                let base = Fr::from_u32(1 << instruction_tables::LOG_M);
                if c.value != base * sid + hi.value * Fr::from_u16(256) + lo.value {
                    return Err(VerifyError::LookupMemoryMismatch {
                        memory: m,
                        what: "address",
                    });
                }
            }
            PolyKind::Flag => {
                let mut sum = Fr::from_u8(0);
                for (l, _) in &shared.surge.users[m] {
                    let f = flag_claim(*l).filter(|f| f.point == c.point).ok_or(
                        VerifyError::LookupMemoryMismatch {
                            memory: m,
                            what: "toggle",
                        },
                    )?;
                    sum += f.value;
                }
                if sum != c.value {
                    return Err(VerifyError::LookupMemoryMismatch {
                        memory: m,
                        what: "toggle",
                    });
                }
            }
            PolyKind::Value(0) => out.push(claim(index.of(Column::ChunkHigh(chunk)), c)),
            PolyKind::Value(1) => out.push(claim(index.of(Column::ChunkLow(chunk)), c)),
            PolyKind::Value(2) => out.push(claim(index.of(Column::SubtableValue(m)), c)),
            PolyKind::ReadTimestamp => out.push(claim(index.of(Column::SubtableReadCount(m)), c)),
            PolyKind::FinalTimestamp => out.push(claim(layout.subtable_final(m), c)),
            _ => return Err(VerifyError::Internal("unexpected subtable claim")),
        }
    }
    Ok(out)
}

/// The cycle part $r_c$ of the read-write claims' op point $(r_c, r_j)$.
pub fn read_write_cycle_point(
    claims: &[OpeningClaim],
    log_cycles: usize,
) -> Result<Vec<Fr>, VerifyError> {
    claims
        .iter()
        .find(|c| c.poly.memory == MemoryId::ReadWrite && c.poly.kind == PolyKind::Address)
        .and_then(|c| c.point.get(..log_cycles))
        .map(<[Fr]>::to_vec)
        .ok_or(VerifyError::Internal("no read-write address claim"))
}

/// Translates the read-write claims: op-column claims recombine from the slot evaluations
/// (checked), the rest map to committed polynomials.
pub fn read_write_claims(
    shared: &ProgramPreprocessing,
    log_cycles: usize,
    claims: &[OpeningClaim],
    slots: &[Fr],
    check: bool,
) -> Result<Vec<Claim>, VerifyError> {
    if slots.len() != SLOT_COLUMNS.len() {
        return Err(VerifyError::ProofShape {
            what: "slot evaluations",
            expected: SLOT_COLUMNS.len(),
            got: slots.len(),
        });
    }
    let layout = PolyLayout::new(shared, log_cycles);
    let index = &shared.index;
    let cycle_point = read_write_cycle_point(claims, log_cycles)?;
    let mut out: Vec<Claim> = SLOT_COLUMNS
        .iter()
        .zip(slots)
        .map(|(c, v)| Claim {
            poly: index.of(*c),
            point: cycle_point.clone(),
            value: *v,
        })
        .collect();
    for c in claims {
        match (c.poly.memory, c.poly.kind) {
            (
                MemoryId::ReadWrite,
                kind @ (PolyKind::Address
                | PolyKind::ReadValue
                | PolyKind::WriteValue
                | PolyKind::ReadTimestamp),
            ) => {
                let (name, positions) = match kind {
                    PolyKind::Address => ("address", SLOT_ADDRESSES),
                    PolyKind::ReadValue => ("read value", SLOT_READS),
                    PolyKind::WriteValue => ("write value", SLOT_WRITES),
                    _ => ("read timestamp", SLOT_TIMESTAMPS),
                };
                if c.point.len() != log_cycles + 2 || c.point[..log_cycles] != cycle_point[..] {
                    return Err(VerifyError::SlotMismatch(name));
                }
                let (ra, rb) = (c.point[log_cycles], c.point[log_cycles + 1]);
                let one = Fr::from_u8(1);
                let eq = [
                    (one - ra) * (one - rb),
                    (one - ra) * rb,
                    ra * (one - rb),
                    ra * rb,
                ];
                let combined: Fr = positions.iter().zip(eq).map(|(p, e)| slots[*p] * e).sum();
                if check && combined != c.value {
                    return Err(VerifyError::SlotMismatch(name));
                }
            }
            (MemoryId::ReadWrite, PolyKind::Tag) => {
                // Register slots carry tag 0 (read-write); the RAM slot (j = 3) its bit.
                if c.point.len() != log_cycles + 2 || c.point[..log_cycles] != cycle_point[..] {
                    return Err(VerifyError::SlotMismatch("access tag"));
                }
                let (ra, rb) = (c.point[log_cycles], c.point[log_cycles + 1]);
                if check && ra * rb * slots[SLOT_RAM_TAG] != c.value {
                    return Err(VerifyError::SlotMismatch("access tag"));
                }
            }
            (MemoryId::ReadWrite, PolyKind::FinalValue) => {
                out.push(claim(layout.final_values(), c));
            }
            (MemoryId::ReadWrite, PolyKind::FinalTimestamp) => {
                out.push(claim(layout.final_timestamps(), c));
            }
            (MemoryId::ReadWrite, PolyKind::InitValue) => {
                out.push(claim(layout.initial_values(), c));
            }
            (MemoryId::RangeChunk(j), PolyKind::Address) if j < layout.range_chunks => {
                out.push(claim(layout.range_chunk(j), c));
            }
            (MemoryId::RangeChunk(j), PolyKind::ReadTimestamp) if j < layout.range_chunks => {
                out.push(claim(layout.range_read(j), c));
            }
            (MemoryId::RangeChunk(j), PolyKind::FinalTimestamp) if j < layout.range_chunks => {
                out.push(claim(layout.range_final(j), c));
            }
            _ => return Err(VerifyError::Internal("unexpected read-write claim")),
        }
    }
    Ok(out)
}
