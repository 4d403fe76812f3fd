/* Binary search in a sorted array a of n elements: the index of key, or -1.
   The midpoint (lo + hi) / 2 overflows when n is above 2^30: the bug that sat
   in java.util.Arrays.binarySearch for nine years. */
int binsearch(int *a, int n, int key) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else if (a[mid] > key)
            hi = mid - 1;
        else
            return mid;
    }
    return -1;
}

/* The fix: lo + (hi - lo) / 2 stays between lo and hi. */
int binsearch_fixed(int *a, int n, int key) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else if (a[mid] > key)
            hi = mid - 1;
        else
            return mid;
    }
    return -1;
}
