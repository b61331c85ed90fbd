"""Helpers shared by the benchmark's Python peers (each runs in its own virtual environment)."""


def arguments(argv):
    """Reads `--name value` pairs into a dictionary."""
    values = {}
    for index in range(0, len(argv) - 1, 2):
        values[argv[index]] = argv[index + 1]
    return values


def peak_rss_mib():
    """The process's peak resident set (VmHWM) in MiB, or None where /proc is missing."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None
