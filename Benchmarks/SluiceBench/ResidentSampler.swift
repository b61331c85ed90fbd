import Foundation
import Synchronization

/// Samples a child process's resident set size (`VmRSS` of `/proc/<pid>/status`) every 250 ms beside the outputs
/// written so far, so the memory scenario can tell memory that levels off from memory that grows with the input.
final class ResidentSampler: Sendable {
    /// One reading.
    struct Sample: Codable, Sendable {
        /// Outputs written when it was taken.
        var outputs: Int
        /// Resident set size, MiB.
        var residentMiB: Double
    }

    private let samples = Mutex<[Sample]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts sampling process `pid` until ``stop()`` or the process is gone.
    init(pid: Int32, written: @escaping @Sendable () throws -> Int) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            while !stopRequested.load(ordering: .relaxed) {
                guard let resident = Self.residentMiB(pid: pid) else { return }
                let outputs = (try? written()) ?? 0
                samples.withLock { $0.append(Sample(outputs: outputs, residentMiB: resident)) }
                usleep(250_000)
            }
        }
    }

    /// Stops sampling and returns the samples.
    func stop() -> [Sample] {
        stopRequested.store(true, ordering: .relaxed)
        done.wait()
        return samples.withLock { $0 }
    }

    /// `VmRSS` of a process in MiB, or `nil` once it has exited.
    static func residentMiB(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            return digits.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }
}
