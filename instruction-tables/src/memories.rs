//! The lookup memories: which read-only memory each subtable read of each lookup goes to.
//!
//! Lasso's direct construction gives every (subtable, chunk) pair its own memory: 57 of them
//! for RV32IM, each checked over every cycle, although a cycle reads at most 11. Here the
//! reads of one chunk share **slots** instead: a lookup that reads chunk $i$ through $n$
//! subtables uses slots $0..n$ of chunk $i$, and slot $s$ of chunk $i$ is one memory holding
//! every subtable any lookup reads through it, stacked:
//! $$ T_{i,s}[\sigma \cdot 2^{16} + j] = \text{subtable}_{i,s,\sigma}\[j\], $$
//! so the read address is $\sigma \cdot 2^{16} + \text{chunk}$, with the subtable id $\sigma$
//! a fixed function of the lookup (the verifier rebuilds the address from the chunk bytes
//! and the lookup flags: $\sum_k f_k \sigma_k$). Every cycle then pays one read per *slot*
//! (12 in all) instead of one per pair (57); the tables grow from $57 \cdot 2^{16}$ entries
//! to the sum of the slots' padded sizes (the assignment below keeps each slot's set of
//! subtables small: a lookup's subtable goes to a free slot that already holds it, else to
//! the free slot holding the fewest).
//!
//! Entries past a slot's last subtable (padding to a power of two) are 0; no lookup's
//! address reaches them, and the verifier's table MLE ([`LookupMemory::evaluate_mle`])
//! gives them 0 too.

use math::{FieldExt, Fr};
use strum::IntoEnumIterator;

use crate::lookups::{C, Lookup, LookupInstruction};
use crate::subtables::{LOG_M, M, Subtable, SubtableKind};

/// One read-only lookup memory: the subtables stacked in one slot of one chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupMemory {
    /// The query chunk its reads take their index from.
    pub chunk: usize,
    /// Its slot within the chunk.
    pub slot: usize,
    /// The subtables, in id order ($\sigma = 0, 1, \dots$).
    pub subtables: Vec<SubtableKind>,
}

impl LookupMemory {
    /// Bits of the subtable id: $\lceil \log_2 (\#subtables) \rceil$.
    pub fn log_tables(&self) -> usize {
        self.subtables.len().next_power_of_two().trailing_zeros() as usize
    }

    /// $\log_2$ of the memory's size.
    pub fn log_size(&self) -> usize {
        self.log_tables() + LOG_M
    }

    /// The read address of subtable id `sid` at chunk index `chunk`.
    pub fn address(sid: u32, chunk: u16) -> u32 {
        (sid << LOG_M) | u32::from(chunk)
    }

    /// The table's entry at `address` (0 past the last subtable).
    pub fn entry(&self, address: u32) -> u64 {
        let sid = (address >> LOG_M) as usize;
        self.subtables
            .get(sid)
            .map_or(0, |t| t.entry(address & (M as u32 - 1)))
    }

    /// The table's multilinear extension at `point` (big-endian: the id bits first, then the
    /// 16 index bits): $\sum_\sigma \widetilde{eq}(r_{id}, \sigma)\, \widetilde{T_\sigma}(r_{idx})$.
    ///
    /// # Panics
    /// If `point.len() != self.log_size()` (callers fix the length structurally).
    pub fn evaluate_mle(&self, point: &[Fr]) -> Fr {
        assert_eq!(point.len(), self.log_size(), "lookup memory point length");
        let (id, index) = point.split_at(self.log_tables());
        let one = Fr::from_u8(1);
        let mut acc = Fr::from_u8(0);
        for (sid, table) in self.subtables.iter().enumerate() {
            let mut eq = one;
            for (k, r) in id.iter().enumerate() {
                let bit = (sid >> (id.len() - 1 - k)) & 1 == 1;
                eq *= if bit { *r } else { one - r };
            }
            acc += eq * table.evaluate_mle(index);
        }
        acc
    }
}

/// Every lookup memory and, per lookup, where each of its subtable reads goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryPlan {
    /// The memories, by chunk, then slot.
    pub memories: Vec<LookupMemory>,
    /// Per lookup (`Lookup as usize`), per entry of its `subtables()` (collation order): the
    /// memory and the subtable id there (empty for a lookup outside the plan).
    pub reads: Vec<Vec<(usize, u32)>>,
}

impl MemoryPlan {
    /// The plan for every RV32IM lookup.
    pub fn new() -> Self {
        Self::for_lookups(&Lookup::iter().collect::<Vec<_>>())
    }

    /// The plan for the lookups `lookups` only (a program's: the others' flags are zero on
    /// every bytecode row, so they never read). Deterministic: a function of the set.
    pub fn for_lookups(lookups: &[Lookup]) -> Self {
        let mut lookups = lookups.to_vec();
        lookups.sort();
        lookups.dedup();
        let mut reads: Vec<Vec<(usize, u32)>> =
            vec![Vec::new(); <Lookup as strum::EnumCount>::COUNT];
        let mut memories = Vec::new();
        for chunk in 0..C {
            // (lookup, position in its subtables(), subtable) of this chunk.
            let per_lookup: Vec<Vec<(usize, SubtableKind)>> = lookups
                .iter()
                .map(|l| {
                    l.subtables()
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, c))| *c == chunk)
                        .map(|(j, (t, _))| (j, *t))
                        .collect()
                })
                .collect();
            // A few greedy variants; keep the one with the fewest table entries (then the
            // smallest largest memory).
            let mut best: Option<Assignment> = None;
            for rule in [Rule::FewestTables, Rule::LeastPadding, Rule::MostTables] {
                for reverse in [false, true] {
                    let mut order: Vec<usize> = (0..lookups.len()).collect();
                    if reverse {
                        order.reverse();
                    }
                    order.sort_by_key(|&k| core::cmp::Reverse(per_lookup[k].len()));
                    let candidate = assign(&per_lookup, &order, rule);
                    if best.as_ref().is_none_or(|b| candidate.cost() < b.cost()) {
                        best = Some(candidate);
                    }
                }
            }
            let Assignment { slots, placed } = best.unwrap_or_default();
            let base = memories.len();
            for (slot, mut subtables) in slots.into_iter().enumerate() {
                subtables.sort();
                memories.push(LookupMemory {
                    chunk,
                    slot,
                    subtables,
                });
            }
            for (k, l) in lookups.iter().enumerate() {
                let out = &mut reads[*l as usize];
                out.resize(l.subtables().len(), (0, 0));
                for &(j, slot) in &placed[k] {
                    let memory = &memories[base + slot];
                    let table = l.subtables()[j].0;
                    let sid = memory
                        .subtables
                        .iter()
                        .position(|t| *t == table)
                        .expect("the slot holds the subtable placed in it");
                    out[j] = (base + slot, sid as u32);
                }
            }
        }
        Self { memories, reads }
    }

    /// Where lookup `l`'s reads go, in its `subtables()` order: (memory, subtable id); empty
    /// for a lookup outside the plan.
    pub fn reads(&self, l: Lookup) -> &[(usize, u32)] {
        &self.reads[l as usize]
    }

    /// Total table entries over all memories (what the table side of memory checking pays).
    pub fn table_entries(&self) -> usize {
        self.memories.iter().map(|m| 1 << m.log_size()).sum()
    }
}

/// How the greedy assignment picks a slot for a subtable no free slot holds yet.
#[derive(Clone, Copy)]
enum Rule {
    /// The free slot holding the fewest subtables.
    FewestTables,
    /// The free slot whose padded size grows least (then the fewest subtables).
    LeastPadding,
    /// The free slot holding the most subtables (one large memory, small others).
    MostTables,
}

/// One chunk's slots and, per lookup, (position in its `subtables()`, slot) for its reads.
#[derive(Default)]
struct Assignment {
    slots: Vec<Vec<SubtableKind>>,
    placed: Vec<Vec<(usize, usize)>>,
}

impl Assignment {
    /// (table entries in units of $2^{16}$, largest memory).
    fn cost(&self) -> (usize, usize) {
        let sizes = self.slots.iter().map(|s| s.len().next_power_of_two());
        (sizes.clone().sum(), sizes.max().unwrap_or(0))
    }
}

/// Places every lookup's reads of one chunk (`per_lookup[k]`: (position, subtable)) in slots,
/// lookups in `order`: a subtable goes to a free slot (one this lookup does not read yet)
/// that already holds it, else to the free slot `rule` picks, else to a new slot.
fn assign(per_lookup: &[Vec<(usize, SubtableKind)>], order: &[usize], rule: Rule) -> Assignment {
    let padded = |n: usize| if n == 0 { 0 } else { n.next_power_of_two() };
    let mut slots: Vec<Vec<SubtableKind>> = Vec::new();
    let mut placed: Vec<Vec<(usize, usize)>> = vec![Vec::new(); per_lookup.len()];
    for &k in order {
        let mut used = Vec::new();
        // Subtables already in a slot first, so they keep it.
        let mut todo = per_lookup[k].clone();
        todo.sort_by_key(|(_, t)| !slots.iter().any(|s| s.contains(t)));
        for (j, table) in todo {
            let free = |s: &usize| !used.contains(s);
            let slot = (0..slots.len())
                .filter(free)
                .find(|&s| slots[s].contains(&table))
                .or_else(|| {
                    (0..slots.len()).filter(free).min_by_key(|&s| {
                        let n = slots[s].len();
                        match rule {
                            Rule::FewestTables => (0, n, s),
                            Rule::LeastPadding => (padded(n + 1) - padded(n), n, s),
                            Rule::MostTables => (0, usize::MAX - n, s),
                        }
                    })
                })
                .unwrap_or_else(|| {
                    slots.push(Vec::new());
                    slots.len() - 1
                });
            if !slots[slot].contains(&table) {
                slots[slot].push(table);
            }
            used.push(slot);
            placed[k].push((j, slot));
        }
    }
    Assignment { slots, placed }
}

impl Default for MemoryPlan {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_lands_on_its_subtable_and_no_lookup_reads_a_memory_twice() {
        check_plan(&MemoryPlan::new(), &Lookup::iter().collect::<Vec<_>>());
        // A program's subset: only its lookups read, and its memories hold only their tables.
        let some = [Lookup::Add, Lookup::Xor, Lookup::Sltu, Lookup::Srl];
        let plan = MemoryPlan::for_lookups(&some);
        check_plan(&plan, &some);
        for l in Lookup::iter().filter(|l| !some.contains(l)) {
            assert!(plan.reads(l).is_empty(), "{l:?}");
        }
        let mut needed: Vec<_> = some
            .iter()
            .flat_map(|l| l.subtables().iter().copied())
            .collect();
        needed.sort();
        needed.dedup();
        let mut held: Vec<_> = plan
            .memories
            .iter()
            .flat_map(|m| m.subtables.iter().map(|t| (*t, m.chunk)))
            .collect();
        held.sort();
        held.dedup();
        assert_eq!(held, needed);
        assert!(plan.table_entries() < MemoryPlan::new().table_entries() / 2);
    }

    fn check_plan(plan: &MemoryPlan, lookups: &[Lookup]) {
        for &l in lookups {
            let mut seen = Vec::new();
            for (&(table, chunk), &(m, sid)) in l.subtables().iter().zip(plan.reads(l)) {
                let memory = &plan.memories[m];
                assert_eq!(memory.chunk, chunk, "{l:?}");
                assert_eq!(memory.subtables[sid as usize], table, "{l:?}");
                assert!(!seen.contains(&m), "{l:?} reads memory {m} twice");
                seen.push(m);
                for j in [0u16, 1, 0x1234, 0xffff] {
                    let a = LookupMemory::address(sid, j);
                    assert_eq!(memory.entry(a), table.entry(u32::from(j)));
                }
            }
        }
    }

    #[test]
    fn memory_mle_matches_its_entries() {
        let plan = MemoryPlan::new();
        // The first memory of chunk 0 stacks the most subtables.
        let memory = &plan.memories[0];
        assert!(memory.subtables.len() > 2);
        let one = Fr::from_u8(1);
        for address in [
            0u32,
            7,
            0x1_0003,
            0x2_fffe,
            (memory.subtables.len() as u32) << 16,
        ] {
            if address >= 1 << memory.log_size() {
                continue;
            }
            let point: Vec<Fr> = (0..memory.log_size())
                .map(|k| {
                    if (address >> (memory.log_size() - 1 - k)) & 1 == 1 {
                        one
                    } else {
                        Fr::from_u8(0)
                    }
                })
                .collect();
            assert_eq!(
                memory.evaluate_mle(&point),
                Fr::from_u64(memory.entry(address)),
                "address {address:#x}"
            );
        }
    }
}
