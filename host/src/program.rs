//! A loaded guest: the ELF bytes and the decoded [`Program`], run and analysed.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tracer::{MemoryConfig, Outcome, Program};

use crate::error::HostError;
use crate::{LoadError, load_elf_bytes};

/// An RV32IM program, with the ELF it was loaded from when there is one (its symbols say
/// where the heap starts, for [`GuestProgram::analyze`]).
#[derive(Clone, Debug)]
pub struct GuestProgram {
    elf: Option<Arc<[u8]>>,
    program: Program,
}

impl GuestProgram {
    /// Loads an ELF file with the memory configuration recorded in it (or `config`; a
    /// mismatch is an error).
    pub fn load(path: &Path, config: Option<MemoryConfig>) -> Result<Self, HostError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_elf(bytes, config, &path.display().to_string())
    }

    /// Loads an ELF from memory; `name` is used in error messages.
    pub fn from_elf(
        bytes: impl Into<Arc<[u8]>>,
        config: Option<MemoryConfig>,
        name: &str,
    ) -> Result<Self, HostError> {
        let elf: Arc<[u8]> = bytes.into();
        let program = load_elf_bytes(&elf, config, name)?;
        Ok(Self {
            elf: Some(elf),
            program,
        })
    }

    /// A program without its ELF (e.g. restored from saved preprocessing).
    pub fn from_program(program: Program) -> Self {
        Self { elf: None, program }
    }

    /// The ELF bytes, when the program was loaded from an ELF.
    pub fn elf(&self) -> Option<&[u8]> {
        self.elf.as_deref()
    }

    /// The decoded program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The memory configuration the program runs with.
    pub fn config(&self) -> MemoryConfig {
        self.program.layout().config
    }

    /// Runs the program on `input` (fast, no trace), stopping with an error after
    /// `max_cycles` instructions.
    pub fn run(&self, input: &[u8], max_cycles: u64) -> Result<Outcome, HostError> {
        tracer::run(&self.program, input, max_cycles)
            .map_err(|e| HostError::Prove(jolt_core::ProveError::Tracer(e)))
    }

    /// Runs the program on `input` with a trace and reports where its cycles go.
    pub fn analyze(&self, input: &[u8], max_cycles: u64) -> Result<Analysis, HostError> {
        let (outcome, rows) = tracer::trace(&self.program, input, max_cycles)
            .map_err(|e| HostError::Prove(jolt_core::ProveError::Tracer(e)))?;
        let layout = self.program.layout();
        let heap_start = self.image_end();
        let mut histogram = BTreeMap::new();
        let mut stack_low = layout.stack_top;
        let mut heap_high = heap_start;
        for row in &rows {
            *histogram
                .entry(row.instruction.opcode.mnemonic())
                .or_insert(0u64) += 1;
            if let Some(access) = &row.memory {
                let a = access.word_address();
                if (layout.stack_bottom..layout.stack_top).contains(&a) {
                    stack_low = stack_low.min(a);
                } else if (heap_start..layout.heap_end).contains(&a) {
                    heap_high = heap_high.max(a + 4);
                }
            }
        }
        let mut instructions: Vec<(String, u64)> = histogram.into_iter().collect();
        instructions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(Analysis {
            outcome,
            instructions,
            stack_used: layout.stack_top - stack_low,
            stack_size: layout.config.stack_size,
            heap_touched: heap_high - heap_start,
            heap_size: layout.heap_end.saturating_sub(heap_start),
        })
    }

    /// Where the heap starts: the runtime's `__jolt_heap_start` symbol, or for ELFs without
    /// it, the end of the highest segment below the guard page.
    fn image_end(&self) -> u32 {
        use object::{Object as _, ObjectSymbol as _};
        let layout = self.program.layout();
        let symbol = self
            .elf()
            .and_then(|elf| object::File::parse(elf).ok())
            .and_then(|file| {
                file.symbols()
                    .find(|s| s.name() == Ok("__jolt_heap_start"))
                    .and_then(|s| u32::try_from(s.address()).ok())
            });
        symbol
            .unwrap_or_else(|| {
                self.program
                    .segments()
                    .iter()
                    .filter(|s| s.address >= layout.io_end && s.address < layout.heap_end)
                    .map(|s| s.address.saturating_add(s.mem_size))
                    .max()
                    .unwrap_or(layout.io_end)
            })
            .clamp(layout.io_end, layout.heap_end)
    }
}

/// Where a run's cycles and memory go ([`GuestProgram::analyze`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// The run's outcome (cycle count, output, panic flag).
    pub outcome: Outcome,
    /// Executed instructions per mnemonic, most frequent first.
    pub instructions: Vec<(String, u64)>,
    /// Deepest stack use in bytes (lowest stack address touched, below the stack top).
    pub stack_used: u32,
    /// The configured stack size.
    pub stack_size: u32,
    /// Bytes from the end of the program image to the highest address touched below the
    /// guard page (the heap's high-water mark).
    pub heap_touched: u32,
    /// RAM between the end of the program image and the guard page.
    pub heap_size: u32,
}

impl Analysis {
    /// The padded trace length the prover will commit to ($2^{\lceil \log_2 \text{cycles}
    /// \rceil}$): what `max_log_cycles` must cover. Virtual sequences (loads, stores,
    /// division) add rows beyond the instruction count, so this is a lower bound.
    pub fn min_log_cycles(&self) -> usize {
        self.outcome
            .cycles
            .max(1)
            .next_power_of_two()
            .trailing_zeros() as usize
    }
}
