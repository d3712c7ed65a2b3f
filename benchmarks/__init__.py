"""`make bench`: cold start, warm overhead, AWS calls, scaling, memory and the local runtime, each beside its floor.

Kept free of imports: benchmarks.child runs in fresh processes whose import time is what it measures."""
