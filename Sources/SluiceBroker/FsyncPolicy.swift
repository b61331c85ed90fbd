/// When the broker forces written log and journal data from the page cache to the disk.
///
/// Every append is written to its file with `write(2)` before the producer is answered, whatever the policy:
/// the data is then in the kernel's page cache and survives a kill of the broker process (SIGKILL included).
/// Only `fsync(2)` makes it survive a crash of the machine or a power loss.
public struct FsyncPolicy: Hashable, Sendable, CustomStringConvertible {
    private enum Value: Hashable, Sendable {
        case never
        case always
    }
    private let value: Value

    /// Never call `fsync` on appends; segments are synced only when they are closed (rolled, compacted or
    /// at ``Broker/stop()``). Survives a process kill, not a machine crash.
    public static let never = FsyncPolicy(value: .never)
    /// `fdatasync` the segment (and the metadata journal) before answering each write. Survives a machine
    /// crash; much slower.
    public static let always = FsyncPolicy(value: .always)

    /// Parses `never` or `always`.
    public init?(_ text: String) {
        switch text {
        case "never": value = .never
        case "always": value = .always
        default: return nil
        }
    }

    private init(value: Value) {
        self.value = value
    }

    /// Whether every write is followed by `fdatasync`.
    var syncsEveryWrite: Bool { value == .always }

    /// `never` or `always`.
    public var description: String { "\(value)" }
}
