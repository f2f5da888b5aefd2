//! The per-instruction decomposition table: for every RV32IM opcode, the rows it becomes; for
//! every lookup, its subtables per chunk, the degree of $g$ and its number of reads; and the
//! lookup memories the reads go to. The
//! reproduction report prints it; `cargo test -p instruction-tables -- --nocapture
//! print_instruction_table` shows it.

use std::fmt::Write;

use strum::IntoEnumIterator;

use crate::lookups::{C, Lookup, LookupInstruction, QueryShape};
use crate::rv32im::{RvOpcode, expand, spec};

/// The lookups an opcode's rows perform (in row order, deduplicated) and its row count;
/// `None` for opcodes that are not provable (EBREAK).
pub fn opcode_lookups(opcode: RvOpcode) -> Option<(usize, Vec<Lookup>)> {
    let rows = expand(opcode, 1, 2, 3, 4).ok()?;
    let mut lookups = Vec::new();
    for row in &rows {
        if let Some(l) = spec(row.op).and_then(|s| s.lookup)
            && !lookups.contains(&l)
        {
            lookups.push(l);
        }
    }
    Some((rows.len(), lookups))
}

/// `"AND | AND | AND | AND"`-style: the subtables reading each chunk.
pub fn subtables_per_chunk(lookup: Lookup) -> [Vec<&'static str>; C] {
    let mut chunks: [Vec<&'static str>; C] = Default::default();
    for &(table, chunk) in lookup.subtables() {
        chunks[chunk].push(table.name());
    }
    chunks
}

/// The Markdown tables: one row per lookup, one row per RV32IM opcode, and the totals.
pub fn instruction_table() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| lookup | shape | chunk 0 | chunk 1 | chunk 2 | chunk 3 | g degree | reads |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for lookup in Lookup::iter() {
        let chunks = subtables_per_chunk(lookup);
        let shape = match lookup.shape() {
            QueryShape::Interleaved => "interleaved",
            QueryShape::Shift => "shift",
            QueryShape::Arithmetic => "arithmetic",
        };
        let _ = writeln!(
            out,
            "| {} | {shape} | {} | {} | {} | {} | {} | {} |",
            lookup.name(),
            chunks[0].join(", "),
            chunks[1].join(", "),
            chunks[2].join(", "),
            chunks[3].join(", "),
            lookup.g_degree(),
            lookup.subtables().len()
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "| opcode | rows | lookups |");
    let _ = writeln!(out, "|---|---|---|");
    for opcode in RvOpcode::iter() {
        let name: &'static str = opcode.into();
        match opcode_lookups(opcode) {
            Some((rows, lookups)) => {
                let names: Vec<_> = lookups.iter().map(|l| l.name()).collect();
                let names = if names.is_empty() {
                    "—".to_owned()
                } else {
                    names.join(", ")
                };
                let _ = writeln!(out, "| {name} | {rows} | {names} |");
            }
            None => {
                let _ = writeln!(out, "| {name} | — | not provable (the VM stops on it) |");
            }
        }
    }
    let pairs = crate::memories();
    let plan = crate::MemoryPlan::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} lookups, {} subtables, {} distinct (subtable, chunk) pairs, stacked in {} lookup \
         memories ({} × 2^16 table entries in all):",
        Lookup::iter().count(),
        crate::SubtableKind::iter().count(),
        pairs.len(),
        plan.memories.len(),
        plan.table_entries() >> crate::LOG_M,
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| chunk | slot | subtables (id order) |");
    let _ = writeln!(out, "|---|---|---|");
    for m in &plan.memories {
        let names: Vec<&str> = m.subtables.iter().map(|t| t.name()).collect();
        let _ = writeln!(out, "| {} | {} | {} |", m.chunk, m.slot, names.join(", "));
    }
    out
}
