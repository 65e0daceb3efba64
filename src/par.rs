//! One helper for the library's bits of parallel work (parsing rule files,
//! scanning the pieces of a large input): a scoped thread per item, results
//! in item order, a panic passed on to the caller's thread.

/// `f` over `items`, each on its own scoped thread; results in order.
pub(crate) fn map_scoped<T, R>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            items.iter().map(|x| scope.spawn(move || f(x))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
