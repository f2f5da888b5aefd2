//! `guest-macros`: the `#[provable]` attribute.
//!
//! To be filled by the developer-surface issue: on `fn name(args) -> R` (serde types) it will
//! generate the guest entry point and the host-side build / prove / verify / analyze functions.
