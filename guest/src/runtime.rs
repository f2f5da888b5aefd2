//! The RISC-V runtime: entry, exit, panic handler, allocator and memory-mapped I/O.
//!
//! This is the one place in the workspace with `unsafe` on purpose: it is the boundary to raw
//! memory. Each block says what it relies on.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::fmt::{self, Write as _};
use core::ptr::{addr_of, null_mut, read_volatile, write_volatile};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::PANIC_EXIT_CODE;

// Symbols of the jolt linker script. Only their addresses are used (absolute symbols carry
// the configuration numbers as addresses).
unsafe extern "C" {
    static __jolt_input_start: u8;
    static __jolt_output_start: u8;
    static __jolt_max_input_size: u8;
    static __jolt_max_output_size: u8;
    static __jolt_heap_start: u8;
    static __jolt_heap_end: u8;
}

unsafe extern "Rust" {
    /// Defined by `guest::entry!` in the guest binary.
    fn __jolt_user_main();
}

core::arch::global_asm!(
    // Gives the output region write permission (the linker takes section flags from inputs).
    ".section .jolt.output, \"aw\", @nobits",
    ".section .text.jolt.start, \"ax\", @progbits",
    ".global _start",
    "_start:",
    "    la sp, __jolt_stack_top",
    "    la t0, __jolt_bss_start",
    "    la t1, __jolt_bss_end",
    "1:  bgeu t0, t1, 2f",
    "    sw zero, 0(t0)",
    "    addi t0, t0, 4",
    "    j 1b",
    "2:  call {main}",
    "3:  j 3b",
    main = sym runtime_main,
);

extern "C" fn runtime_main() -> ! {
    // SAFETY: `__jolt_user_main` is the `fn()` that `entry!` defines; a guest without it
    // does not link.
    unsafe { __jolt_user_main() };
    exit(0)
}

fn symbol_value(symbol: *const u8) -> usize {
    symbol as usize
}

fn output_start() -> *mut u8 {
    symbol_value(addr_of!(__jolt_output_start)) as *mut u8
}

fn word(address: *mut u8, index: usize) -> *mut u32 {
    // The I/O region is page-aligned, so its words are aligned.
    address.cast::<u32>().wrapping_add(index)
}

const PANIC_WORD: usize = 0;
const TERMINATION_WORD: usize = 1;
const OUTPUT_LEN_WORD: usize = 2;
const OUTPUT_DATA_OFFSET: usize = 12;

/// Ends the program: sets the termination flag and makes the Linux `exit` system call with
/// `code`.
pub fn exit(code: u32) -> ! {
    // SAFETY: the termination flag is a word of the writable output region.
    unsafe { write_volatile(word(output_start(), TERMINATION_WORD), 1) };
    // SAFETY: the exit ecall does not return; registers follow the Linux convention.
    unsafe {
        core::arch::asm!("ecall", in("a0") code, in("a7") 93u32, options(noreturn));
    }
}

/// The raw input bytes the host placed in the input region.
pub fn input_bytes() -> &'static [u8] {
    let start = symbol_value(addr_of!(__jolt_input_start)) as *const u8;
    let max = symbol_value(addr_of!(__jolt_max_input_size));
    // SAFETY: the input region starts with its length word followed by `max` bytes; it is
    // never written while the program runs (it is read-only to the guest).
    let len = unsafe { read_volatile(start.cast::<u32>()) } as usize;
    unsafe { core::slice::from_raw_parts(start.wrapping_add(4), len.min(max)) }
}

/// Deserialises the input (postcard). Panics, with the reason, if it does not decode as `T`.
pub fn read_input<T: DeserializeOwned>() -> T {
    match postcard::from_bytes(input_bytes()) {
        Ok(value) => value,
        Err(e) => panic!(
            "the input ({} bytes) does not decode as {}: {e}; the host must serialise the \
             inputs with postcard in the order of the guest's arguments",
            input_bytes().len(),
            core::any::type_name::<T>()
        ),
    }
}

fn output_buffer() -> &'static mut [u8] {
    let max = symbol_value(addr_of!(__jolt_max_output_size));
    // SAFETY: the output region holds `max` data bytes after its three header words; the
    // guest is single-threaded and this buffer is only used for the duration of one write.
    unsafe { core::slice::from_raw_parts_mut(output_start().wrapping_add(OUTPUT_DATA_OFFSET), max) }
}

fn set_output_len(len: usize) {
    // SAFETY: the length word is in the writable output region.
    unsafe { write_volatile(word(output_start(), OUTPUT_LEN_WORD), len as u32) };
}

/// Writes `bytes` as the program's output (replacing any earlier output). Panics if they do
/// not fit in `max_output_size`.
pub fn write_output_bytes(bytes: &[u8]) {
    let buffer = output_buffer();
    assert!(
        bytes.len() <= buffer.len(),
        "the output is {} bytes but max_output_size is {}; raise max_output_size in the \
         guest's memory configuration",
        bytes.len(),
        buffer.len()
    );
    buffer[..bytes.len()].copy_from_slice(bytes);
    set_output_len(bytes.len());
}

/// Serialises `value` (postcard) as the program's output. Panics if it does not fit.
pub fn write_output<T: Serialize + ?Sized>(value: &T) {
    let buffer = output_buffer();
    let capacity = buffer.len();
    match postcard::to_slice(value, buffer) {
        Ok(written) => {
            let len = written.len();
            set_output_len(len);
        }
        Err(e) => panic!(
            "the output does not fit in max_output_size ({capacity} bytes): {e}; raise \
             max_output_size in the guest's memory configuration"
        ),
    }
}

/// Writes formatted text into the output region, truncating at its end.
struct OutputWriter {
    len: usize,
}

impl fmt::Write for OutputWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let buffer = output_buffer();
        let room = buffer.len() - self.len;
        let n = s.len().min(room);
        buffer[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

static PANICKING: SingleThreaded<bool> = SingleThreaded(Cell::new(false));

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: the panic flag is a word of the writable output region.
    unsafe { write_volatile(word(output_start(), PANIC_WORD), 1) };
    // A panic while formatting the first one must not recurse.
    if !PANICKING.0.replace(true) {
        let mut writer = OutputWriter { len: 0 };
        // The message first: the output region may be small (max_output_size), and the
        // message is what names the fix.
        let _ = write!(writer, "{}", info.message());
        if let Some(l) = info.location() {
            let _ = write!(writer, "\n  at {}:{}:{}", l.file(), l.line(), l.column());
        }
        set_output_len(writer.len);
    }
    exit(PANIC_EXIT_CODE)
}

/// A `Sync` cell for the single hart: the guest has no threads and no interrupts.
struct SingleThreaded<T>(Cell<T>);
// SAFETY: exactly one hart runs the guest and nothing preempts it.
unsafe impl<T> Sync for SingleThreaded<T> {}

/// A bump allocator over `[__jolt_heap_start, __jolt_heap_end)`. `dealloc` frees only the
/// most recent allocation and `realloc` grows it in place, which covers the common
/// `Vec`-growth pattern; everything else is reclaimed when the program ends.
struct BumpAllocator {
    next: SingleThreaded<usize>,
}

fn heap_bounds() -> (usize, usize) {
    (
        symbol_value(addr_of!(__jolt_heap_start)),
        symbol_value(addr_of!(__jolt_heap_end)),
    )
}

// SAFETY: allocations are disjoint ranges inside the heap, aligned as requested; memory is
// handed out at most once until it is freed.
unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (start, end) = heap_bounds();
        let next = self.next.0.get().max(start);
        let Some(aligned) = next.checked_next_multiple_of(layout.align()) else {
            return null_mut();
        };
        match aligned.checked_add(layout.size()) {
            Some(top) if top <= end => {
                self.next.0.set(top);
                aligned as *mut u8
            }
            _ => panic!(
                "heap exhausted: allocating {} bytes with {} of {} heap bytes left; raise \
                 memory_size in the guest's memory configuration (the heap is what remains \
                 of it after the program and the stack)",
                layout.size(),
                end.saturating_sub(next),
                end - start
            ),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ptr as usize + layout.size() == self.next.0.get() {
            self.next.0.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (_, end) = heap_bounds();
        let is_last = ptr as usize + layout.size() == self.next.0.get();
        if is_last
            && let Some(top) = (ptr as usize).checked_add(new_size)
            && top <= end
        {
            self.next.0.set(top);
            return ptr;
        }
        // SAFETY: the caller's contract for `realloc` is forwarded unchanged.
        let new =
            unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the copied length and do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator {
    next: SingleThreaded(Cell::new(0)),
};
