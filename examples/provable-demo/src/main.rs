//! The guest binary. Its entry is the `#[provable]` function the host's builder selected
//! (`host::provable`): linking the library is all it does.
#![cfg_attr(target_arch = "riscv32", no_std, no_main)]

use provable_demo as _;

#[cfg(not(target_arch = "riscv32"))]
fn main() {}
