from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark, seed and load tooling for `make bench` and `make loadtest`; not in production."""

    name = "bench"
    verbose_name = "Benchmarks"
