extension FlightSerde {
    /// A member of a flight's JSON object, named as the CSV column it comes from.
    enum Field: Int, CaseIterable, Sendable {
        case year, month, day
        case depTime, schedDepTime, depDelay, arrTime, schedArrTime, arrDelay
        case carrier, flight, tailnum, origin, dest
        case airTime, distance, hour, minute
        case timeHour, timeHourMilliseconds

        /// The JSON key, as `Flight.CodingKeys` spells it.
        var name: StaticString {
            switch self {
            case .year: "year"
            case .month: "month"
            case .day: "day"
            case .depTime: "dep_time"
            case .schedDepTime: "sched_dep_time"
            case .depDelay: "dep_delay"
            case .arrTime: "arr_time"
            case .schedArrTime: "sched_arr_time"
            case .arrDelay: "arr_delay"
            case .carrier: "carrier"
            case .flight: "flight"
            case .tailnum: "tailnum"
            case .origin: "origin"
            case .dest: "dest"
            case .airTime: "air_time"
            case .distance: "distance"
            case .hour: "hour"
            case .minute: "minute"
            case .timeHour: "time_hour"
            case .timeHourMilliseconds: "time_hour_ms"
            }
        }

        /// The field's bit in a set of fields already read.
        var bit: UInt32 { 1 << UInt32(rawValue) }

        /// The field whose key is exactly `key`, or nil for a key a flight does not have.
        ///
        /// The length and one or two bytes pick the only possible candidate; a full comparison with its name,
        /// written out again here so that it is a constant at each comparison, confirms it.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            guard key.count >= 3 else { return nil }
            switch (key.count, key[0]) {
            case (3, _): return key.holds("day") ? .day : nil
            case (4, UInt8(ascii: "y")): return key.holds("year") ? .year : nil
            case (4, UInt8(ascii: "h")): return key.holds("hour") ? .hour : nil
            case (4, _): return key.holds("dest") ? .dest : nil
            case (5, _): return key.holds("month") ? .month : nil
            case (6, UInt8(ascii: "o")): return key.holds("origin") ? .origin : nil
            case (6, UInt8(ascii: "m")): return key.holds("minute") ? .minute : nil
            case (6, _): return key.holds("flight") ? .flight : nil
            case (7, UInt8(ascii: "c")): return key.holds("carrier") ? .carrier : nil
            case (7, _): return key.holds("tailnum") ? .tailnum : nil
            case (8, UInt8(ascii: "d")):
                if key[1] == UInt8(ascii: "e") { return key.holds("dep_time") ? .depTime : nil }
                return key.holds("distance") ? .distance : nil
            case (8, _):
                if key[1] == UInt8(ascii: "r") { return key.holds("arr_time") ? .arrTime : nil }
                return key.holds("air_time") ? .airTime : nil
            case (9, UInt8(ascii: "d")): return key.holds("dep_delay") ? .depDelay : nil
            case (9, UInt8(ascii: "a")): return key.holds("arr_delay") ? .arrDelay : nil
            case (9, _): return key.holds("time_hour") ? .timeHour : nil
            case (12, _): return key.holds("time_hour_ms") ? .timeHourMilliseconds : nil
            case (14, _):
                if key[6] == UInt8(ascii: "d") { return key.holds("sched_dep_time") ? .schedDepTime : nil }
                return key.holds("sched_arr_time") ? .schedArrTime : nil
            default: return nil
            }
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `name`'s UTF-8.
    @inline(__always)
    fileprivate func holds(_ name: StaticString) -> Bool {
        guard count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for index in 0..<count where self[index] != expected[index] {
            return false
        }
        return true
    }
}
