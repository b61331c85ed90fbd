import Sluice

extension Serde where Value == HourlyDelays {
    /// Hourly totals as four big-endian 8-byte fields (flights, cancelled, delay sum as IEEE 754 bits, delay
    /// count): the window store reads and writes one per flight, where JSON would cost more than the rest of the
    /// work.
    public static var hourlyDelays: Serde<HourlyDelays> {
        Serde(
            serialize: { totals in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(32)
                for field in [
                    UInt64(bitPattern: Int64(totals.flights)), UInt64(bitPattern: Int64(totals.cancelled)),
                    totals.delaySum.bitPattern, UInt64(bitPattern: Int64(totals.delayCount)),
                ] {
                    for shift in stride(from: 56, through: 0, by: -8) {
                        bytes.append(UInt8(truncatingIfNeeded: field >> UInt64(shift)))
                    }
                }
                return bytes
            },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError(.nullValue, "null value where hourly totals were expected") }
                guard bytes.count == 32 else {
                    throw SerdeError(.wrongLength, "expected 32 bytes of hourly totals, got \(bytes.count)")
                }
                func field(_ index: Int) -> UInt64 {
                    var value: UInt64 = 0
                    for byte in bytes[(index * 8)..<(index * 8 + 8)] { value = value << 8 | UInt64(byte) }
                    return value
                }
                var totals = HourlyDelays()
                totals.flights = Int(Int64(bitPattern: field(0)))
                totals.cancelled = Int(Int64(bitPattern: field(1)))
                totals.delaySum = Double(bitPattern: field(2))
                totals.delayCount = Int(Int64(bitPattern: field(3)))
                return totals
            }
        )
    }
}

extension Serde where Value == CarrierCounts {
    /// Carrier counts in the store: flights and cancelled as big-endian 8-byte fields, then the carrier's UTF-8
    /// bytes; the output topic gets JSON.
    public static var carrierCounts: Serde<CarrierCounts> {
        Serde(
            serialize: { counts in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(16 + counts.carrier.utf8.count)
                for field in [UInt64(bitPattern: Int64(counts.flights)), UInt64(bitPattern: Int64(counts.cancelled))] {
                    for shift in stride(from: 56, through: 0, by: -8) {
                        bytes.append(UInt8(truncatingIfNeeded: field >> UInt64(shift)))
                    }
                }
                bytes.append(contentsOf: counts.carrier.utf8)
                return bytes
            },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError(.nullValue, "null value where carrier counts were expected") }
                guard bytes.count >= 16 else {
                    throw SerdeError(.wrongLength, "expected at least 16 bytes of carrier counts, got \(bytes.count)")
                }
                func field(_ index: Int) -> Int {
                    var value: UInt64 = 0
                    for byte in bytes[(index * 8)..<(index * 8 + 8)] { value = value << 8 | UInt64(byte) }
                    return Int(Int64(bitPattern: value))
                }
                var counts = CarrierCounts(carrier: String(decoding: bytes[16...], as: UTF8.self))
                counts.flights = field(0)
                counts.cancelled = field(1)
                return counts
            }
        )
    }
}
