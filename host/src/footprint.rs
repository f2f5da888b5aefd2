//! The prover's memory footprint, estimated before proving, so that a run too large for the
//! machine fails at once with the fix instead of being killed by the kernel hours later.
//!
//! The prover holds one shard at a time (DESIGN.md §11): its trace, its witness columns and
//! their commitments, plus the memory state between shards (the whole address space). So the
//! peak is about
//!
//! $$ \text{peak} \approx \max(B_{fixed},\ B_{row} \cdot 2^{k}) + B_{addr} \cdot |space| $$
//!
//! where $2^k$ is the largest shard's padded row count and $|space|$ the number of words of
//! the address space (registers, I/O and RAM). $B_{row}$ = [`BYTES_PER_ROW`] was measured
//! (peak RSS of whole-run proofs of sha2-chain with Hyrax, everything included: 3,661 bytes
//! per row at $2^{18}$ rows and 2,507 at $2^{20}$, so large shards are overestimated by up to
//! 50%; before the lookup memories were stacked in chunk slots it was 10.8 KB). Small shards
//! do not go below $B_{fixed}$ = [`FIXED_BYTES`]: the instruction-lookup memories are as
//! large as their tables whatever the shard (measured before that change: 516 MiB peak for
//! $2^8$-row shards of a 64 KiB guest; the tables have not grown since, 60 against 57 times
//! $2^{16}$ entries for the full set of lookups). $B_{addr}$ = [`BYTES_PER_ADDRESS`] counts the
//! per-address columns (initial and final values, final timestamps, as field elements, and
//! the `u32` memory states). It is an estimate: the check refuses only what would clearly
//! not fit.
//!
//! The available memory is the kernel's own estimate, `MemAvailable` in `/proc/meminfo`; on
//! other systems it is unknown and the check is skipped.

use jolt_core::ProverPreprocessing;
use jolt_core::pcs::CommitmentScheme;
use jolt_core::shard::ShardPlan;
use jolt_core::witness::MIN_LOG_CYCLES;

use crate::error::HostError;

/// Peak prover memory per padded trace row of one shard (measured with Hyrax at $2^{18}$ rows,
/// rounded up).
pub const BYTES_PER_ROW: u64 = 3_700;

/// The prover's peak for the smallest shards (the subtable-sized lookup memories), measured
/// at $2^8$ rows and rounded down: it is part of [`BYTES_PER_ROW`] for large shards.
pub const FIXED_BYTES: u64 = 512 << 20;

/// Prover memory per address-space word: a few field elements (32 bytes each) and words.
pub const BYTES_PER_ADDRESS: u64 = 160;

/// The estimated peak memory of proving one shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Footprint {
    /// $\log_2$ of the shard's padded rows.
    pub log_rows: usize,
    /// Words of the address space.
    pub address_words: u64,
}

impl Footprint {
    /// The footprint of a shard of `2^log_rows` padded rows of `preprocessing`'s program.
    pub fn of_shard<C: CommitmentScheme>(
        preprocessing: &ProverPreprocessing<C>,
        log_rows: usize,
    ) -> Self {
        Self {
            log_rows,
            address_words: preprocessing.shared.space.size() as u64,
        }
    }

    /// The footprint of the largest shard of `plan` (as padded by the prover).
    pub fn of_plan<C: CommitmentScheme>(
        preprocessing: &ProverPreprocessing<C>,
        plan: &ShardPlan,
    ) -> Self {
        Self::of_shard(preprocessing, largest_padded_log_rows(plan))
    }

    /// The trace and witness part, in bytes (at least [`FIXED_BYTES`]).
    pub fn rows_bytes(&self) -> u64 {
        BYTES_PER_ROW
            .saturating_mul(1u64 << self.log_rows.min(63))
            .max(FIXED_BYTES)
    }

    /// The address-space part, in bytes.
    pub fn space_bytes(&self) -> u64 {
        BYTES_PER_ADDRESS.saturating_mul(self.address_words)
    }

    /// The estimated peak, in bytes.
    pub fn bytes(&self) -> u64 {
        self.rows_bytes().saturating_add(self.space_bytes())
    }

    /// Checks the estimate against `available` bytes (`None`: unknown, nothing to check). Too
    /// large is an error naming both numbers and the largest shard size that fits.
    pub fn check(&self, available: Option<u64>) -> Result<(), HostError> {
        let Some(available) = available else {
            return Ok(());
        };
        if self.bytes() <= available {
            return Ok(());
        }
        let fits = (MIN_LOG_CYCLES..self.log_rows)
            .rev()
            .find(|&log_rows| Self { log_rows, ..*self }.bytes() <= available);
        Err(HostError::OutOfMemory {
            log_rows: self.log_rows,
            needed: self.bytes(),
            space: self.space_bytes(),
            available,
            fits,
        })
    }
}

/// $\log_2$ of the padded rows of `plan`'s largest shard: the prover pads the last shard to a
/// power of two and every other one to a power of two above its rows (room for the pause
/// row), at least $2^{\text{MIN\_LOG\_CYCLES}}$.
pub fn largest_padded_log_rows(plan: &ShardPlan) -> usize {
    let count = plan.shards.len();
    plan.shards
        .iter()
        .enumerate()
        .map(|(index, span)| {
            let rows = if index + 1 == count {
                span.rows
            } else {
                span.rows + 1
            };
            rows.next_power_of_two()
                .max(1 << MIN_LOG_CYCLES)
                .trailing_zeros() as usize
        })
        .max()
        .unwrap_or(MIN_LOG_CYCLES)
}

/// The memory available to a new process, in bytes: `MemAvailable` of `/proc/meminfo`
/// (`None` where there is no such file, e.g. off Linux).
pub fn available_memory() -> Option<u64> {
    parse_meminfo(&std::fs::read_to_string("/proc/meminfo").ok()?)
}

/// `MemAvailable` (in kB) of a `/proc/meminfo` text, in bytes.
fn parse_meminfo(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let mut fields = line["MemAvailable:".len()..].split_whitespace();
    let kib: u64 = fields.next()?.parse().ok()?;
    (fields.next() == Some("kB")).then_some(kib.saturating_mul(1024))
}

/// A byte count for people: `512 B`, `3.4 MiB`, `11.2 GiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use jolt_core::PublicIo;
    use jolt_core::shard::ShardSpan;

    fn footprint(log_rows: usize) -> Footprint {
        Footprint {
            log_rows,
            address_words: 1 << 16,
        }
    }

    #[test]
    fn meminfo_is_parsed_in_bytes_and_anything_else_is_unknown() {
        let text = "MemTotal:       24683664 kB\nMemFree:  1 kB\nMemAvailable:   23599876 kB\n";
        assert_eq!(parse_meminfo(text), Some(23_599_876 * 1024));
        assert_eq!(parse_meminfo("MemTotal: 5 kB\n"), None);
        assert_eq!(parse_meminfo("MemAvailable: lots\n"), None);
        assert_eq!(parse_meminfo("MemAvailable: 5 MB\n"), None);
    }

    #[test]
    fn the_estimate_is_rows_plus_address_space() {
        let f = footprint(18);
        assert_eq!(f.rows_bytes(), BYTES_PER_ROW << 18);
        assert_eq!(f.space_bytes(), 160 << 16);
        assert_eq!(f.bytes(), (BYTES_PER_ROW << 18) + (160 << 16));
        // Small shards cost the lookup memories' fixed size.
        assert_eq!(footprint(8).rows_bytes(), FIXED_BYTES);
        assert_eq!(footprint(8).bytes(), FIXED_BYTES + (160 << 16));
    }

    #[test]
    fn a_shard_too_large_names_a_size_that_fits() {
        let f = footprint(20);
        assert!(f.check(None).is_ok(), "unknown memory: no check");
        assert!(f.check(Some(f.bytes())).is_ok());
        // Room for 2^18 rows but not 2^19 (smaller shards cost the fixed floor).
        let available = footprint(18).bytes() + 1;
        let err = f.check(Some(available)).expect_err("2^20 rows do not fit");
        assert!(
            matches!(err, HostError::OutOfMemory { fits: Some(18), .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("--shard-log-rows 18"), "{message}");
        assert!(message.contains(&human_bytes(f.bytes())), "{message}");
        assert!(message.contains(&human_bytes(available)), "{message}");
        // Not even the smallest shard: the address space is named instead.
        let err = f.check(Some(1000)).expect_err("nothing fits");
        let message = err.to_string();
        assert!(matches!(err, HostError::OutOfMemory { fits: None, .. }));
        assert!(
            message.contains("memory_size") && message.contains("--shard-log-rows 4"),
            "{message}"
        );
    }

    #[test]
    fn padding_follows_the_prover() {
        let span = |rows| ShardSpan {
            start_pc: 0,
            end_pc: None,
            instructions: rows as u64,
            rows,
        };
        let plan = |shards| ShardPlan {
            shard_log_rows: 8,
            shards,
            io: PublicIo::default(),
        };
        // A lone last shard of 256 rows pads to 2^8; followed by another, it needs a pause row.
        assert_eq!(largest_padded_log_rows(&plan(vec![span(256)])), 8);
        assert_eq!(largest_padded_log_rows(&plan(vec![span(255), span(3)])), 8);
        assert_eq!(largest_padded_log_rows(&plan(vec![span(256), span(3)])), 9);
        assert_eq!(
            largest_padded_log_rows(&plan(vec![span(3)])),
            MIN_LOG_CYCLES
        );
    }

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
        assert_eq!(human_bytes(11 << 30), "11.0 GiB");
    }
}
