"""`make bench`: run every benchmark and write results as JSON under bench/results/."""

import sys


def main() -> int:
    print("No benchmarks registered yet.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
