//! One place for the `parallel` feature switch: filling a vector chunk by chunk.
//!
//! With `parallel` the chunks run on rayon's pool; without it they run in order on the calling
//! thread. Either way every entry is written exactly once, so the result is identical.

use math::Fr;

/// Smallest chunk handed to one task: below this, scheduling costs more than the field work.
const MIN_CHUNK: usize = 1 << 12;

/// Calls `fill(start, chunk)` on disjoint chunks covering `out`, where `chunk` is
/// `out[start..start + chunk.len()]`.
pub(crate) fn fill_chunks<F>(out: &mut [Fr], fill: F)
where
    F: Fn(usize, &mut [Fr]) + Sync + Send,
{
    if out.is_empty() {
        return;
    }
    let chunk = chunk_size(out.len());
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(c, slice)| fill(c * chunk, slice));
    }
    #[cfg(not(feature = "parallel"))]
    {
        out.chunks_mut(chunk)
            .enumerate()
            .for_each(|(c, slice)| fill(c * chunk, slice));
    }
}

/// `[f(i) for i in 0..len]`, in parallel when large.
pub(crate) fn collect<F>(len: usize, f: F) -> Vec<Fr>
where
    F: Fn(usize) -> Fr + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..len)
            .into_par_iter()
            .with_min_len(MIN_CHUNK)
            .map(f)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..len).map(f).collect()
    }
}

/// Chunk length for `len` items: about eight chunks per worker, never below [`MIN_CHUNK`].
fn chunk_size(len: usize) -> usize {
    #[cfg(feature = "parallel")]
    let workers = rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    let workers = 1;
    len.div_ceil(workers * 8).max(MIN_CHUNK)
}
