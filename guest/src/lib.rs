//! `guest`: the no_std SDK linked into guest programs.
//!
//! To be filled by the developer-surface issue. This crate will own (DESIGN.md §10): the entry
//! point, memory-mapped input/output, the allocator, the panic handler, the Linux-`exit` halt,
//! and re-export `#[provable]` from `guest-macros`. Nothing heavy (no arkworks, no rayon) may
//! be linked into a guest.
#![no_std]
