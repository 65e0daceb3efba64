//! One helper for the library's bits of parallel work (parsing rule files,
//! scanning the pieces of a large input): scoped worker threads that take
//! the next item as they finish one, results in item order, a panic passed
//! on to the caller's thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` over `items` on up to `threads` scoped threads; results in order.
pub(crate) fn map_pool<T, R>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let (f, next) = (&f, &AtomicUsize::new(0));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(x) = items.get(i) else { break };
                        out.push((i, f(x)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_order_whatever_the_thread_count() {
        let items: Vec<u32> = (0..100).collect();
        for threads in [0, 1, 2, 7, 500] {
            let got = super::map_pool(&items, threads, |x| x * 2);
            let want: Vec<u32> = items.iter().map(|x| x * 2).collect();
            assert_eq!(got, want, "{threads} threads");
        }
    }
}
