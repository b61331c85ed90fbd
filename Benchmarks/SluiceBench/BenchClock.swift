import Foundation

/// Wall-clock and process-resource readings the harness compares across processes.
enum BenchClock {
    /// Milliseconds since the Unix epoch, the unit of the `sluice.loaded_at` header.
    static func epochMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Seconds since the Unix epoch, with sub-millisecond precision.
    static func epochSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// User plus system CPU seconds this process has used so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// This process's peak resident set size in MiB: `VmHWM` of `/proc/self/status`, which belongs to the
    /// address space since `exec`. (`getrusage`'s `ru_maxrss` is not used: a child spawned with `vfork` inherits
    /// the parent's high-water mark in it.)
    static func peakResidentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            return digits.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }

    /// Parses the decimal epoch milliseconds of a `sluice.loaded_at` header.
    static func parseMilliseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        return value
    }
}
