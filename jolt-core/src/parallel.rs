//! The `parallel` feature switch in one place: maps over index ranges on rayon's pool, or in
//! order on the calling thread without it (the verifier path builds without rayon).

/// `(range).map(f).collect()`, in parallel with the `parallel` feature.
pub(crate) fn par_map<T, F>(range: core::ops::Range<usize>, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        range.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        range.map(f).collect()
    }
}
