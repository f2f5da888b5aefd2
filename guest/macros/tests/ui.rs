//! Compile errors of `#[provable]`: each unsupported signature is rejected at its own span
//! with a message that says what to write instead. (Only failing expansions are compiled
//! here: they need no host crate, so the check takes seconds.)

#[test]
fn unsupported_signatures_are_errors_at_their_span() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
