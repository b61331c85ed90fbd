/// A type whose values can be read from command-line text.
///
/// `String`, `Int`, `Int64`, `Double` and `Duration` conform. A `String`-backed enum conforms by declaring
/// the conformance; when it is also `CaseIterable` its cases are listed in error messages.
public protocol CommandLineValue {
    /// Parses a value.
    ///
    /// - Parameter text: The text as given on the command line.
    init?(commandLineValue text: String)

    /// What a valid value looks like, for error messages: `an integer`, `one of: beginning, end`.
    static var expectedValueDescription: String { get }
}

extension CommandLineValue where Self: RawRepresentable, RawValue == String {
    /// Reads a case from its raw value.
    public init?(commandLineValue text: String) {
        self.init(rawValue: text)
    }
}

extension CommandLineValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    /// Lists the raw values of the cases.
    public static var expectedValueDescription: String {
        "one of: " + allCases.map(\.rawValue).joined(separator: ", ")
    }
}

// MARK: - String

extension String: CommandLineValue {
    /// Takes the text as it is.
    public init?(commandLineValue text: String) {
        self = text
    }

    /// Any text.
    public static var expectedValueDescription: String { "text" }
}

// MARK: - Int

extension Int: CommandLineValue {
    /// Reads a decimal integer, optionally signed.
    public init?(commandLineValue text: String) {
        self.init(text)
    }

    /// An integer.
    public static var expectedValueDescription: String { "an integer" }
}

// MARK: - Int64

extension Int64: CommandLineValue {
    /// Reads a decimal integer, optionally signed.
    public init?(commandLineValue text: String) {
        self.init(text)
    }

    /// An integer.
    public static var expectedValueDescription: String { "an integer" }
}

// MARK: - Double

extension Double: CommandLineValue {
    /// Reads a finite decimal number.
    public init?(commandLineValue text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self = value
    }

    /// A number.
    public static var expectedValueDescription: String { "a number" }
}

// MARK: - Duration

extension Duration: CommandLineValue {
    /// Reads a non-negative number with a unit: `ns`, `us`, `ms`, `s`, `m` or `h` (`500ms`, `1.5s`, `2m`).
    public init?(commandLineValue text: String) {
        let units: [(suffix: String, nanoseconds: Int64)] = [
            ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
            ("m", 60_000_000_000), ("h", 3_600_000_000_000),
        ]
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = text.dropLast(unit.suffix.count)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        if let whole = Int64(number) {
            let (product, overflow) = whole.multipliedReportingOverflow(by: unit.nanoseconds)
            guard !overflow else { return nil }
            self = .nanoseconds(product)
        } else if let fraction = Double(number), fraction.isFinite {
            let nanoseconds = fraction * Double(unit.nanoseconds)
            guard nanoseconds < Double(Int64.max) else { return nil }
            self = .nanoseconds(Int64(nanoseconds.rounded()))
        } else {
            return nil
        }
    }

    /// A duration with a unit.
    public static var expectedValueDescription: String { "a duration with a unit, such as 500ms, 5s or 2m" }
}
