import Sluice

/// A small flight for topology tests.
struct TestFlight: Codable, Equatable, Sendable {
    var tailnum: String?
    var origin: String
    var depTime: Int?

    var isCancelled: Bool { depTime == nil }

    static let serde = Serde<TestFlight>.json(TestFlight.self)
}
