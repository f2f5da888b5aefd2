//! `guest`: the no_std SDK linked into guest programs.
//!
//! A guest is a `#![no_std] #![no_main]` binary for `riscv32im-unknown-none-elf`, linked with
//! the script of [`tracer::Layout::linker_script`](../tracer/layout/struct.Layout.html) (the
//! host's guest builder passes it). This crate supplies everything underneath `main`:
//!
//! - `_start`: sets the stack pointer, zeroes `.bss`, calls the function named by
//!   [`entry!`], then `exit`s with code 0;
//! - a bump allocator over the heap (`extern crate alloc` works); running out of heap panics
//!   with the sizes and the fix;
//! - a panic handler that sets the panic flag, writes the panic message as the output, and
//!   exits with code [`PANIC_EXIT_CODE`];
//! - memory-mapped I/O: `input_bytes` / `read_input` (postcard) and `write_output_bytes`
//!   / `write_output`;
//! - `exit`: sets the termination flag, then the Linux `exit` ecall (`a7 = 93`), so the
//!   same binary also runs under `qemu-riscv32`.
//!
//! Every address comes from the linker script's `__jolt_*` symbols: this crate hard-codes no
//! layout. Nothing heavy is linked (no arkworks, no rayon): `serde` and `postcard` only.
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! guest::entry!(main);
//! fn main() {
//!     let n: u32 = guest::read_input();
//!     guest::write_output(&(n * 2));
//! }
//! ```
//!
//! On any other target than RISC-V the runtime is compiled out and only the shared constants
//! remain, so the workspace builds and tests on the host (and these docs, built on the host,
//! name the runtime's functions without linking them: see `src/runtime.rs`).
#![no_std]

pub use guest_macros::provable;

/// The exit code of a guest that panicked.
pub const PANIC_EXIT_CODE: u32 = 101;

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
mod runtime;

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
pub use runtime::{exit, input_bytes, read_input, write_output, write_output_bytes};

/// Names the guest's main function: `guest::entry!(main);` with `fn main()`. The runtime's
/// `_start` calls it and exits with code 0 when it returns.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        /// The guest's entry, called by the runtime's `_start`.
        #[unsafe(no_mangle)]
        pub extern "Rust" fn __jolt_user_main() {
            let main: fn() = $main;
            main()
        }
    };
}
