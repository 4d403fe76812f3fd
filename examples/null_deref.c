/* A null dereference behind a condition: `best` is only set when
   `use_cache` is on, but written whenever v > 100. */
int track(int v, int use_cache) {
    int cache = 0;
    int *best = 0;
    if (use_cache)
        best = &cache;
    if (v > 100)
        *best = v;
    return cache;
}

/* The fix tests the pointer first. */
int track_fixed(int v, int use_cache) {
    int cache = 0;
    int *best = 0;
    if (use_cache)
        best = &cache;
    if (v > 100 && best != 0)
        *best = v;
    return cache;
}
