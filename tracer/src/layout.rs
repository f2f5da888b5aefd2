//! The guest's memory layout: one place that decides every address.
//!
//! ```text
//!   input_start    ┌──────────────────────────┐  read-only to the guest (PROGBITS in the ELF)
//!                  │ input length (u32)       │
//!                  │ input bytes …            │  ≤ max_input_size
//!   output_start   ├──────────────────────────┤  read-write (NOBITS)
//!                  │ panic flag (u32)         │
//!                  │ termination flag (u32)   │
//!                  │ output length (u32)      │
//!                  │ output bytes …           │  ≤ max_output_size
//!   RAM_START      ├──────────────────────────┤  0x8000_0000
//!                  │ .text   (own pages, R X) │
//!                  │ .rodata (own pages, R)   │
//!                  │ .data .bss        (RW)   │
//!                  │ heap ↑            (RW)   │  grows up to heap_end
//!   heap_end       ├──────────────────────────┤
//!                  │ guard page (no access)   │  a stack overflow lands here
//!   stack_bottom   ├──────────────────────────┤
//!                  │ stack ↓           (RW)   │  stack_size bytes
//!   stack_top      └──────────────────────────┘  = RAM_START + memory_size
//! ```
//!
//! The layout is a pure function of a [`MemoryConfig`]. The guest learns it from the linker
//! script that [`Layout::linker_script`] writes (symbols `__jolt_*`), the tracer from the
//! config recorded in those same symbols (see [`crate::Program`]), and `jolt-core`'s verifier
//! recomputes it from the program — it never comes from a proof. Text, read-only data and
//! writable data sit on separate 4 KiB pages because qemu-user maps each `PT_LOAD` with its
//! own protection.

use crate::error::TracerError;

/// Where RAM (and the program image) starts: the usual bare-metal RISC-V link address.
pub const RAM_START: u32 = 0x8000_0000;
/// Page size used for alignment and permissions.
pub const PAGE_SIZE: u32 = 4096;
/// Size of the no-access guard region between the heap and the stack.
pub const GUARD_SIZE: u32 = PAGE_SIZE;
/// Largest supported `memory_size` (1 GiB): RAM must end well inside the 32-bit space.
pub const MAX_MEMORY_SIZE: u32 = 1 << 30;
/// Largest supported input or output size (16 MiB).
pub const MAX_IO_SIZE: u32 = 1 << 24;

/// The few numbers a guest's memory is derived from. All sizes are in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemoryConfig {
    /// Size of RAM: program image + heap + guard page + stack. A multiple of 4 KiB.
    pub memory_size: u32,
    /// Size of the stack at the top of RAM. A multiple of 4 KiB.
    pub stack_size: u32,
    /// Largest input, in bytes.
    pub max_input_size: u32,
    /// Largest output, in bytes.
    pub max_output_size: u32,
}

impl Default for MemoryConfig {
    /// 4 MiB of RAM with a 64 KiB stack; 4 KiB of input and of output.
    fn default() -> Self {
        Self {
            memory_size: 4 << 20,
            stack_size: 64 << 10,
            max_input_size: 4 << 10,
            max_output_size: 4 << 10,
        }
    }
}

const fn align_up(x: u32, to: u32) -> u32 {
    x.div_ceil(to) * to
}

/// Every address of a guest's memory, derived from a [`MemoryConfig`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    /// The configuration this layout was derived from.
    pub config: MemoryConfig,
    /// Start of the input region (its first word is the input length).
    pub input_start: u32,
    /// Start of the output region (panic flag, termination flag, output length, bytes).
    pub output_start: u32,
    /// End of the output region = [`RAM_START`].
    pub io_end: u32,
    /// End of the heap (exclusive); the guard page follows.
    pub heap_end: u32,
    /// Lowest stack address (inclusive).
    pub stack_bottom: u32,
    /// Initial stack pointer = end of RAM (exclusive).
    pub stack_top: u32,
}

impl Layout {
    /// Derives and validates the layout. Errors name the offending setting and its limit.
    pub fn new(config: MemoryConfig) -> Result<Self, TracerError> {
        let bad = |reason: String| Err(TracerError::InvalidConfig(reason));
        let MemoryConfig {
            memory_size,
            stack_size,
            max_input_size,
            max_output_size,
        } = config;
        if memory_size % PAGE_SIZE != 0 || stack_size % PAGE_SIZE != 0 {
            return bad(format!(
                "memory_size ({memory_size}) and stack_size ({stack_size}) must be multiples of \
                 {PAGE_SIZE} bytes"
            ));
        }
        if memory_size > MAX_MEMORY_SIZE {
            return bad(format!(
                "memory_size {memory_size} exceeds the maximum of {MAX_MEMORY_SIZE} bytes (1 GiB)"
            ));
        }
        if stack_size == 0 {
            return bad("stack_size must be at least one page (4096 bytes)".into());
        }
        // At least one page of program image besides stack and guard.
        if u64::from(stack_size) + u64::from(GUARD_SIZE) + u64::from(PAGE_SIZE)
            > u64::from(memory_size)
        {
            return bad(format!(
                "memory_size ({memory_size}) must exceed stack_size ({stack_size}) + a \
                 {GUARD_SIZE}-byte guard page + room for the program"
            ));
        }
        if max_input_size > MAX_IO_SIZE || max_output_size > MAX_IO_SIZE {
            return bad(format!(
                "max_input_size ({max_input_size}) and max_output_size ({max_output_size}) \
                 must be at most {MAX_IO_SIZE} bytes"
            ));
        }
        let output_bytes = align_up(12 + max_output_size, PAGE_SIZE);
        let input_bytes = align_up(4 + max_input_size, PAGE_SIZE);
        let output_start = RAM_START - output_bytes;
        let input_start = output_start - input_bytes;
        let stack_top = RAM_START + memory_size;
        let stack_bottom = stack_top - stack_size;
        Ok(Self {
            config,
            input_start,
            output_start,
            io_end: RAM_START,
            heap_end: stack_bottom - GUARD_SIZE,
            stack_bottom,
            stack_top,
        })
    }

    /// Address of the input-length word.
    pub fn input_len_address(&self) -> u32 {
        self.input_start
    }
    /// Address of the first input byte.
    pub fn input_data_start(&self) -> u32 {
        self.input_start + 4
    }
    /// Address of the panic flag (non-zero once the guest panicked).
    pub fn panic_address(&self) -> u32 {
        self.output_start
    }
    /// Address of the termination flag (set by the guest runtime just before it exits).
    pub fn termination_address(&self) -> u32 {
        self.output_start + 4
    }
    /// Address of the output-length word.
    pub fn output_len_address(&self) -> u32 {
        self.output_start + 8
    }
    /// Address of the first output byte.
    pub fn output_data_start(&self) -> u32 {
        self.output_start + 12
    }
    /// End of RAM (exclusive).
    pub fn ram_end(&self) -> u32 {
        self.stack_top
    }
    /// The input region's initial words `(address, value)` in address order: the input's
    /// length, then its bytes little-endian, the last word zero-padded. The emulator and
    /// `jolt-core`'s initial memory are both built from it.
    pub fn input_words(&self, input: &[u8]) -> Vec<(u32, u32)> {
        let mut words = Vec::with_capacity(1 + input.len().div_ceil(4));
        words.push((self.input_len_address(), input.len() as u32));
        for (k, chunk) in input.chunks(4).enumerate() {
            let mut bytes = [0u8; 4];
            bytes[..chunk.len()].copy_from_slice(chunk);
            words.push((
                self.input_data_start() + 4 * k as u32,
                u32::from_le_bytes(bytes),
            ));
        }
        words
    }

    /// Lowest address the guest can touch (the input region).
    pub fn lowest_address(&self) -> u32 {
        self.input_start
    }

    /// The GNU-ld/lld linker script that places a guest according to this layout. Guest
    /// builds pass it with `-C link-arg=-T<file>`; the `guest` runtime reads every address
    /// from the `__jolt_*` symbols it defines, so no address is written twice.
    pub fn linker_script(&self) -> String {
        let c = self.config;
        format!(
            r#"/* Generated by tracer::Layout::linker_script for {c:?}. Do not edit. */
OUTPUT_ARCH("riscv")
ENTRY(_start)

/* The configuration, recorded so that the tracer can rebuild this layout from the ELF. */
__jolt_memory_size = {memory_size:#x};
__jolt_stack_size = {stack_size:#x};
__jolt_max_input_size = {max_input:#x};
__jolt_max_output_size = {max_output:#x};

__jolt_input_start = {input_start:#x};
__jolt_output_start = {output_start:#x};
__jolt_heap_end = {heap_end:#x};
__jolt_stack_bottom = {stack_bottom:#x};
__jolt_stack_top = {stack_top:#x};

SECTIONS
{{
  /* Input: file-backed zeros, so a test harness can place an input in the file itself. */
  .jolt.input {input_start:#x} : {{ BYTE(0); . = {output_start:#x}; }}
  /* Outputs and flags: writable, zero-initialised. */
  .jolt.output {output_start:#x} (NOLOAD) : {{ KEEP(*(.jolt.output)) . = {ram_start:#x}; }}

  .text {ram_start:#x} : {{ KEEP(*(.text.jolt.start)) *(.text .text.*) }}
  . = ALIGN({page:#x});
  .rodata : {{ *(.rodata .rodata.*) *(.srodata .srodata.*) }}
  . = ALIGN({page:#x});
  .data : {{ *(.data .data.*) *(.sdata .sdata.*) }}
  .bss (NOLOAD) : {{
    __jolt_bss_start = .;
    *(.sbss .sbss.*) *(.bss .bss.*) *(COMMON)
    . = ALIGN(4);
    __jolt_bss_end = .;
  }}
  . = ALIGN({page:#x});
  .jolt.heap (NOLOAD) : {{ __jolt_heap_start = .; . = {heap_end:#x}; }}
  .jolt.stack {stack_bottom:#x} (NOLOAD) : {{ . = {stack_top:#x}; }}

  /DISCARD/ : {{ *(.eh_frame .eh_frame_hdr) }}
}}
ASSERT(__jolt_heap_start <= {heap_end:#x}, "jolt: the program image does not fit in memory_size; raise memory_size")
"#,
            memory_size = c.memory_size,
            stack_size = c.stack_size,
            max_input = c.max_input_size,
            max_output = c.max_output_size,
            input_start = self.input_start,
            output_start = self.output_start,
            heap_end = self.heap_end,
            stack_bottom = self.stack_bottom,
            stack_top = self.stack_top,
            ram_start = RAM_START,
            page = PAGE_SIZE,
        )
    }
}
